/**
 * What a DAG needs on a real cluster: a shared place for artifacts (a PersistentVolumeClaim
 * mounted in every pod, or an object store; MLP5320 otherwise), approvals that hold no worker
 * slot, and images pinned by digest. Each case is rendered by run_dag.py against the stand-in
 * Airflow modules and checked by the api.json checker, for both Airflow versions.
 */
import { describe, expect, it } from "vitest";
import type { IrDocument, IrPipeline } from "../../../src/ir/ir.js";
import { optionsValidator } from "../../../src/target/validate-options.js";
import { target } from "../../../targets/airflow/index.js";
import { checkFiles, emitWith, loadIr, runDag, taskById } from "./helpers.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function churn(change: (p: Mutable<IrPipeline>) => void = () => {}): IrDocument {
  const ir = JSON.parse(JSON.stringify(loadIr("churn.ir.json"))) as Mutable<IrDocument>;
  change(ir.pipelines[0] as Mutable<IrPipeline>);
  return ir as IrDocument;
}

const RUN_ID = "manual__2026-01-02T03:00:00+00:00";
const SAFE_RUN = "manual__2026-01-02T03_00_00_00_00";
const METRICS = { profile: { max_psi: 0.05 }, evaluate: { accuracy: 0.9, auc: 0.8 }, train: { train_loss: 0.3 } };
const DIGEST = `sha256:${"ab".repeat(32)}`;

interface PodDict {
  spec: {
    containers: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
    initContainers?: { image: string; env: { name: string; value: string }[] }[];
  };
}

const errors = (ir: IrDocument, options: Record<string, unknown>): string[] =>
  emitWith(ir, options)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.message}`);

describe("airflow target: artifacts between pods", () => {
  it("refuses a path artifact_root without a volume under operator kubernetes (MLP5320)", () => {
    const found = emitWith(churn(), { artifact_volume: undefined, artifact_root: "/tmp/mlp-artifacts" }).diagnostics.filter((d) => d.code === "MLP5320");
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe("error");
    expect(found[0]!.message).toContain("`/tmp/mlp-artifacts`");
    expect(found[0]!.help.join("\n")).toMatch(/artifact_volume[\s\S]*s3:\/\//);
    expect(emitWith(churn(), { artifact_volume: undefined, artifact_root: "/tmp/mlp-artifacts" }).files).toEqual([]);
  });

  it("accepts an object store, the bash operator, or a pipeline without outputs", () => {
    expect(errors(churn(), { artifact_volume: undefined, artifact_root: "s3://bucket/mlp" })).toEqual([]);
    // Under bash a worker path is fine for artifacts (kserve deploys still want an object store: MLP5006).
    expect(errors(churn(), { artifact_volume: undefined, artifact_root: "/tmp/mlp-artifacts", operator: "bash" }).filter((e) => !e.startsWith("MLP5006"))).toEqual([]);
    const noOutputs = churn((p) => {
      p.deploys = [];
      p.gates = [];
      p.order = p.order.filter((r) => r.kind === "step");
      for (const s of p.steps) {
        s.needs = s.needs.filter((n) => p.order.some((r) => r.name === n));
        s.after = s.after.filter((n) => s.needs.includes(n));
        s.outputs = [];
        s.inputs = s.inputs.filter((i) => i.binding.kind !== "output");
        s.run = { template: "true", parts: [{ kind: "text", text: "true" }] };
        s.metrics = [];
      }
    });
    expect(errors(noOutputs, { artifact_volume: undefined, artifact_root: "/tmp/mlp-artifacts" })).toEqual([]);
  });

  it("refuses a volume that cannot be mounted at artifact_root", () => {
    expect(errors(churn(), { artifact_volume: "shared", artifact_root: "s3://bucket/mlp" })).toEqual([
      expect.stringMatching(/^MLP5311 artifact_volume is mounted at artifact_root, which must then be an absolute path/),
    ]);
    expect(errors(churn(), { artifact_volume: "shared", artifact_root: "artifacts" })[0]).toMatch(/^MLP5311 /);
    expect(errors(churn(), { artifact_volume: "Shared_Claim" })[0]).toMatch(/^MLP5311 artifact_volume `Shared_Claim` is not a valid PersistentVolumeClaim name/);
  });

  for (const version of ["3", "2"] as const) {
    describe(`with artifact_volume (Airflow ${version === "3" ? "3.x" : "2.10"})`, () => {
      const ir = churn((p) => {
        // A command deploy reads the model from the claim too.
        p.deploys[0]!.to = { kind: "command", options: { command: "./deploy.sh" } };
      });
      const result = emitWith(ir, { airflow_version: version, artifact_root: "/mnt/mlp", artifact_volume: "ml-artifacts" });
      const file = result.files[0]!;
      const run = runDag(file.contents, version, { run_id: RUN_ID, xcom: METRICS });

      it("passes the api.json checker", () => {
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(checkFiles(result.files, version)).toEqual([]);
      });

      it("mounts the claim at artifact_root in every step pod and the command deploy pod", () => {
        for (const id of ["profile", "prepare", "train", "evaluate", "staging"]) {
          const pod = taskById(run, id).rendered["pod_template_dict"] as PodDict;
          expect(pod.spec.volumes, id).toContainEqual({ name: "mlp-artifacts", persistentVolumeClaim: { claimName: "ml-artifacts" } });
          expect(pod.spec.containers[0]!.name).toBe("base");
          expect(pod.spec.containers[0]!.volumeMounts, id).toContainEqual({ name: "mlp-artifacts", mountPath: "/mnt/mlp" });
        }
        const train = taskById(run, "train").rendered["env_vars"] as Record<string, string>;
        expect(train["_MLP_OUT_model"]).toBe(`/mnt/mlp/churn/${SAFE_RUN}/train/model`);
        expect((taskById(run, "staging").rendered["env_vars"] as Record<string, string>)["MLP_MODEL"]).toBe(`/mnt/mlp/churn/${SAFE_RUN}/train/model`);
      });

      it("points KServe at the model on the claim (pvc://CLAIM/path)", () => {
        const pod = taskById(run, "production").rendered["pod_template_dict"] as PodDict;
        // The kubectl pod itself reads no artifact: only the manifest's emptyDir.
        expect(pod.spec.volumes).toEqual([{ name: "mlp-manifest", emptyDir: {} }]);
        const manifest = JSON.parse(pod.spec.initContainers![0]!.env[0]!.value) as { spec: { predictor: { model: { storageUri: string } } } };
        expect(manifest.spec.predictor.model.storageUri).toBe(`pvc://ml-artifacts/churn/${SAFE_RUN}/train/model`);
      });
    });
  }
});

describe("airflow target: the repository in step pods", () => {
  it("mounts project_volume read-only at project_dir in step and command deploy pods", () => {
    const ir = churn((p) => void (p.deploys[0]!.to = { kind: "command", options: { command: "./deploy.sh" } }));
    const result = emitWith(ir, { project_volume: "repo-checkout", project_dir: "/src/repo" });
    expect(checkFiles(result.files, "3")).toEqual([]);
    const run = runDag(result.files[0]!.contents, "3", { run_id: RUN_ID, xcom: METRICS });
    for (const id of ["profile", "train", "staging"]) {
      const pod = taskById(run, id).rendered["pod_template_dict"] as PodDict;
      expect(pod.spec.volumes, id).toContainEqual({ name: "mlp-project", persistentVolumeClaim: { claimName: "repo-checkout", readOnly: true } });
      expect(pod.spec.containers[0]!.volumeMounts, id).toContainEqual({ name: "mlp-project", mountPath: "/src/repo", readOnly: true });
    }
    expect((taskById(run, "train").rendered["env_vars"] as Record<string, string>)["_MLP_CWD"]).toMatch(/^\/src\/repo\//);
  });

  it("refuses a claim name Kubernetes would reject, or a relative project_dir", () => {
    expect(errors(churn(), { project_volume: "Repo" })[0]).toMatch(/^MLP5311 project_volume `Repo` is not a valid PersistentVolumeClaim name/);
    expect(errors(churn(), { project_volume: "repo", project_dir: "repo" })[0]).toMatch(/^MLP5311 project_volume is mounted at project_dir/);
  });
});

describe("airflow target: approvals hold no worker slot", () => {
  for (const version of ["3", "2"] as const) {
    it(`the sensor reschedules, with approval_poke_interval and approval_timeout (Airflow ${version})`, () => {
      const result = emitWith(churn(), { airflow_version: version, approval_poke_interval: 300, approval_timeout: 86400 });
      expect(checkFiles(result.files, version)).toEqual([]);
      const approve = taskById(runDag(result.files[0]!.contents, version, { run_id: RUN_ID, call: false }), "approve-production");
      expect(approve.operator).toBe("sensor");
      expect(approve.kwargs).toMatchObject({ mode: "reschedule", poke_interval: 300, timeout: 86400, retries: 0 });
    });
  }

  it("the checker knows the sensor's keywords from api.json, and still rejects others", () => {
    const file = emitWith(churn()).files[0]!;
    const bad = { path: "bad.py", contents: file.contents.replace('mode="reschedule"', 'mode="reschedule", reschedule_every=5') };
    expect(bad.contents).not.toBe(file.contents);
    expect(checkFiles([bad], "3").map((f) => f.problem)).toEqual(["`task.sensor` does not accept keyword `reschedule_every`"]);
  });
});

describe("airflow target: images pinned by digest", () => {
  it("appends mlp_image_digest and kubectl_image_digest to every pod that runs them", () => {
    const result = emitWith(churn(), { artifact_root: "s3://bucket/mlp", mlp_image_digest: DIGEST, kubectl_image_digest: DIGEST });
    expect(checkFiles(result.files, "3")).toEqual([]);
    const run = runDag(result.files[0]!.contents, "3", { run_id: RUN_ID, xcom: METRICS });
    expect(taskById(run, "profile").rendered["image"]).toBe(`ghcr.io/mlp-lang/mlp:0.1.0@${DIGEST}`);
    const staging = taskById(run, "staging");
    expect(staging.rendered["image"]).toBe(`registry.k8s.io/kubectl:v1.34.2@${DIGEST}`);
    expect((staging.rendered["pod_template_dict"] as PodDict).spec.initContainers![0]!.image).toBe(`ghcr.io/mlp-lang/mlp:0.1.0@${DIGEST}`);
  });

  it("accepts a digest in the image itself, for options and step images", () => {
    const pinned = `python:3.12-slim@${DIGEST}`;
    const ir = churn((p) => void (p.steps[1]!.image = pinned));
    const run = runDag(emitWith(ir, { mlp_image: `example.com/mlp@${DIGEST}` }).files[0]!.contents, "3", { run_id: RUN_ID, xcom: METRICS });
    expect(taskById(run, "prepare").rendered["image"]).toBe(pinned);
    expect(taskById(run, "profile").rendered["image"]).toBe(`example.com/mlp@${DIGEST}`);
  });

  it("refuses a malformed digest or two digests", () => {
    expect(errors(churn(), { mlp_image: "ghcr.io/mlp-lang/mlp@sha256:abc" })[0]).toMatch(/^MLP5311 mlp_image .* its digest is not `sha256:` followed by 64/);
    expect(errors(churn(), { kubectl_image: `k@${DIGEST}`, kubectl_image_digest: DIGEST })[0]).toMatch(/^MLP5311 kubectl_image .* more than one digest/);
    expect(errors(churn((p) => void (p.steps[0]!.image = "python@latest")), {})[0]).toMatch(/^MLP5311 image `python@latest` of step `profile`/);
  });

  it("the options schema accepts only sha256 digests", () => {
    const validate = optionsValidator(target);
    if (typeof validate !== "function") throw new Error("no validator");
    expect(validate({ mlp_image_digest: DIGEST, kubectl_image_digest: DIGEST, approval_poke_interval: 30, artifact_volume: "x" })).toBe(true);
    expect(validate({ mlp_image_digest: "sha256:XYZ" })).toBe(false);
    expect(validate({ approval_poke_interval: 0 })).toBe(false);
  });
});
