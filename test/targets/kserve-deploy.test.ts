/**
 * `to kserve` on every target: a model address KServe cannot fetch (MLP5006) or a model format
 * no KServe runtime serves (MLP5007) is a compile error on GitHub, Argo and Airflow alike, and
 * what KServe accepts reaches the InferenceService unchanged. `model_format` is read everywhere;
 * its older spelling `format` is lowered to it.
 */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { compileToIr } from "../../src/compile.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { memoryHost } from "../../src/source/host.js";
import { actionlint } from "./github-actions/validate.js";
import { emitIr as emitGithub } from "./github-actions/helpers.js";
import { checkFile, resourceManifests, runArgo } from "./argo/helpers.js";
import { emitWith as emitAirflow } from "./airflow/helpers.js";

function ir(kserve: string): IrDocument {
  const source = `pipeline churn {
  step train {
    image "python:3.12-slim"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml", name: "churn"${kserve} }
  }
}
`;
  const r = compileToIr("churn.mlp", memoryHost({ "churn.mlp": source }));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

const errors = (r: { diagnostics: readonly { code: string; severity: string }[] }): string[] => r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);

/** The InferenceService an Argo workflow applies. */
function argoInferenceService(out: ReturnType<typeof runArgo>): { spec: { predictor: { model: { modelFormat: { name: string }; storageUri: string } } } } {
  const docs = out.files.flatMap((f) => checkFile(f));
  const manifest = docs.flatMap((d) => resourceManifests(d)).find((m) => m.includes("kind: InferenceService"))!;
  return parseYaml(manifest);
}

describe("MLP5007: a model format KServe does not serve", () => {
  const bad = ir(`, model_format: "javascript"`);

  it("is an error on GitHub, Argo and Airflow", () => {
    const gh = emitGithub(bad, { artifact_store: "s3://ml-artifacts/churn" });
    expect(errors(gh)).toEqual(["MLP5007"]);
    expect(gh.files).toEqual([]);
    // Argo reports and leaves the writing to the caller, which writes nothing after an error.
    expect(errors(runArgo(bad))).toEqual(["MLP5007"]);
    const airflow = emitAirflow(bad, { artifact_root: "s3://ml-artifacts/churn" });
    expect(errors(airflow)).toEqual(["MLP5007"]);
    expect(airflow.files).toEqual([]);
  });

  it("is accepted with a runtime that names the user's own ServingRuntime", () => {
    const custom = ir(`, model_format: "javascript", runtime: "node-forest"`);
    expect(errors(emitGithub(custom, { artifact_store: "s3://ml-artifacts/churn" }))).toEqual([]);
    expect(errors(runArgo(custom))).toEqual([]);
    expect(errors(emitAirflow(custom, { artifact_root: "s3://ml-artifacts/churn" }))).toEqual([]);
  });

  it("every target reads `model_format`; `format`, its older spelling, is lowered to it", () => {
    expect(argoInferenceService(runArgo(ir(`, model_format: "onnx"`))).spec.predictor.model.modelFormat.name).toBe("onnx");
    const old = ir(`, format: "xgboost"`);
    expect(old.pipelines[0]!.deploys[0]!.to.options).toEqual({ namespace: "ml", name: "churn", model_format: "xgboost" });
    expect(argoInferenceService(runArgo(old)).spec.predictor.model.modelFormat.name).toBe("xgboost");
    expect(errors(runArgo(ir(`, format: "javascript"`)))).toEqual(["MLP5007"]);
    expect(errors(emitAirflow(ir(`, format: "javascript"`), { artifact_root: "s3://ml-artifacts/churn" }))).toEqual(["MLP5007"]);
  });
});

describe("MLP5006: a model address KServe cannot fetch", () => {
  it("Airflow: a path `artifact_root` (the default) is refused; an object store is the storageUri prefix", () => {
    const plain = ir("");
    // `artifact_volume: undefined`: no claim, so the default path root is all KServe could be given.
    for (const operator of ["kubernetes", "bash"]) {
      const r = emitAirflow(plain, { operator, artifact_volume: undefined });
      expect(errors(r).filter((c) => c !== "MLP5320"), operator).toEqual(["MLP5006"]);
      expect(r.diagnostics.find((d) => d.code === "MLP5006")!.message).toBe(
        "KServe cannot fetch the model of deploy `prod` from `artifact_root` `/tmp/mlp-artifacts`: it is a local path, which the predictor pod cannot read",
      );
      expect(r.files).toEqual([]);
    }
    // On a claim (operator kubernetes) KServe reads pvc://CLAIM/…, which it can fetch.
    const onClaim = emitAirflow(plain, { artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" });
    expect(errors(onClaim)).toEqual([]);
    expect(onClaim.files[0]!.contents).toContain('"pvc://mlp-artifacts"');
    const ok = emitAirflow(plain, { artifact_root: "gs://ml-artifacts/churn" });
    expect(errors(ok)).toEqual([]);
    expect(ok.files[0]!.contents).toContain('ARTIFACT_ROOT = "gs://ml-artifacts/churn"');
  });

  it("Argo: `storage_uri` must be one KServe fetches; pvc:// reaches the InferenceService as written", () => {
    for (const uri of ["/models/churn", "file:///models/churn", "ftp://host/churn"]) {
      expect(errors(runArgo(ir(`, storage_uri: "${uri}"`))), uri).toEqual(["MLP5006"]);
    }
    const pvc = runArgo(ir(`, storage_uri: "pvc://models/churn"`));
    expect(errors(pvc)).toEqual([]);
    expect(argoInferenceService(pvc).spec.predictor.model.storageUri).toBe("pvc://models/churn");
    // Without storage_uri, KServe reads the model where the workflow stored it.
    expect(argoInferenceService(runArgo(ir(""))).spec.predictor.model.storageUri).toMatch(/^s3:\/\/mlp-artifacts\//);
  });

  it("GitHub: an `artifact_store` bucket KServe cannot name is refused; a valid one passes actionlint", async () => {
    const bad = emitGithub(ir(""), { artifact_store: "s3://b/churn" });
    expect(errors(bad)).toEqual(["MLP5006"]);
    expect(bad.files).toEqual([]);
    const ok = emitGithub(ir(""), { artifact_store: "s3://ml-artifacts/churn" });
    expect(errors(ok)).toEqual([]);
    const wf = ok.files.find((f) => f.path.endsWith(".yml"))!;
    expect(await actionlint(wf.contents, wf.path)).toEqual([]);
  });
});
