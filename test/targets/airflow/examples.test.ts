/**
 * Every example and fixture `.mlp` file compiles through the Airflow target (both Airflow
 * versions, both operators) to DAGs that pass the api.json checker and import cleanly against
 * the stand-in Airflow modules.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import { nodeHost } from "../../../src/source/host.js";
import { optionsValidator, validatePipelineOptions } from "../../../src/target/validate-options.js";
import { emit, target } from "../../../targets/airflow/index.js";
import { REPO, checkFiles, emitWith, runDag } from "./helpers.js";

function mlpFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...mlpFiles(p));
    else if (name.endsWith(".mlp")) out.push(p);
  }
  return out;
}

const SOURCES = [...mlpFiles(join(REPO, "examples")), ...readdirSync(join(REPO, "test/fixtures")).filter((n) => n.endsWith(".mlp")).map((n) => join(REPO, "test/fixtures", n))];

describe("airflow target: examples and fixtures", () => {
  it("finds sources to compile", () => {
    expect(SOURCES.length).toBeGreaterThan(0);
  });

  // Emit everything first, then run python once per Airflow version (python starts slowly).
  const emitted: Record<"3" | "2", { path: string; contents: string }[]> = { "3": [], "2": [] };
  const toImport: { rel: string; version: "3" | "2"; contents: string }[] = [];
  for (const file of SOURCES) {
    const rel = relative(REPO, file);
    it(`compiles ${rel} without errors on every variant`, () => {
      const compiled = compileToIr(relative(process.cwd(), file), nodeHost);
      const ir = compiled.ir;
      if (ir === undefined) {
        // Front-end errors are the front end's to report (its own tests cover them).
        expect(compiled.diagnostics.some((d) => d.severity === "error")).toBe(true);
        return;
      }
      const validate = optionsValidator(target);
      if (typeof validate === "function") {
        for (const p of ir.pipelines) expect(validatePipelineOptions(p, target, validate)).toEqual([]);
      }
      for (const [version, operator] of [["3", "kubernetes"], ["3", "bash"], ["2", "kubernetes"], ["2", "bash"]] as const) {
        const result = emitWith(ir, { airflow_version: version, operator });
        expect(result.diagnostics.filter((d) => d.severity === "error"), `${rel} ${version} ${operator}`).toEqual([]);
        expect(result.files.length).toBe(ir.pipelines.length);
        for (const f of result.files) {
          emitted[version].push({ path: `${rel.replace(/[^A-Za-z0-9]+/g, "_")}-${operator}-${f.path}`, contents: f.contents });
          if (operator === "kubernetes") toImport.push({ rel, version, contents: f.contents });
        }
      }
    });
  }

  it("every emitted DAG passes the api.json checker", () => {
    expect(emitted["3"].length + emitted["2"].length).toBeGreaterThan(0);
    for (const version of ["3", "2"] as const) expect(checkFiles(emitted[version], version)).toEqual([]);
  });

  it("every emitted DAG imports against the stand-in Airflow modules and renders", () => {
    // penguins predict.mlp reads the model penguins_train deployed: its DAG's record of production
    const production = { env: "production", model: "/mnt/mlp-artifacts/penguins_train/r/train/model", run_id: "r", metrics: {}, recorded_at: "2025-12-31T00:00:00.000000+00:00" };
    const other_dags = { penguins_train: [{ run_id: "r", logical_date: "2025-12-31T00:00:00+00:00", xcom: { "record-production": production } }] };
    // and its quarantine step interpolates two metrics into its `reason`
    const xcom = { batch_drift: { max_psi: 0.05 }, score: { mean_probability: 0.93 } };
    for (const { rel, version, contents } of toImport) {
      const run = runDag(contents, version, { run_id: "scheduled__2026-01-01T00:00:00+00:00", call: false, other_dags, xcom });
      expect(run.tasks.length, rel).toBeGreaterThan(0);
      for (const t of run.tasks) expect(t.problems, `${rel} ${t.task_id}`).toEqual([]);
    }
  });
});

describe("airflow target: the penguins example on a cluster", () => {
  const compiled = compileToIr(relative(process.cwd(), join(REPO, "examples/penguins/train.mlp")), nodeHost);
  const ir = compiled.ir!;
  /** The example's own `target airflow` block, as `mlp compile --target airflow` reads it. */
  const own = (extra: Record<string, unknown> = {}) =>
    emit(ir, { mlpVersion: "0.1.0", optionsFor: (p) => ({ ...(p.targets["airflow"]?.options ?? {}), ...extra }) });

  it("mounts the artifact claim and the repository checkout in every step pod", () => {
    const result = own();
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const run = runDag(result.files[0]!.contents, "3", { run_id: "manual__1", call: false });
    const stepIds = new Set(ir.pipelines[0]!.steps.map((s) => s.name));
    const pods = run.tasks.filter((t) => stepIds.has(t.task_id));
    expect(pods.length).toBe(stepIds.size);
    for (const t of pods) {
      expect(t.operator, t.task_id).toBe("KubernetesPodOperator");
      const pod = t.rendered["pod_template_dict"] as { spec: { containers: { volumeMounts: unknown[] }[]; volumes: unknown[] } };
      expect(pod.spec.volumes, t.task_id).toEqual([
        { name: "mlp-artifacts", persistentVolumeClaim: { claimName: "mlp-artifacts" } },
        { name: "mlp-project", persistentVolumeClaim: { claimName: "mlp-project", readOnly: true } },
      ]);
      expect(pod.spec.containers[0]!.volumeMounts, t.task_id).toEqual([
        { name: "mlp-artifacts", mountPath: "/mnt/mlp-artifacts" },
        { name: "mlp-project", mountPath: "/opt/mlp/project", readOnly: true },
      ]);
    }
  });

  it("refuses a /tmp artifact root without a volume at compile time (MLP5320)", () => {
    const result = own({ artifact_root: "/tmp/mlp-artifacts", artifact_volume: undefined });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["MLP5320"]);
  });
});
