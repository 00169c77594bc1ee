/**
 * Sweeps under Airflow: each member step is a mapped task (`.partial(...).expand(...)`) with one
 * instance per point, results travel as files in the points layout of `src/ir/fan-in-spec.ts`,
 * a member gate stops only its own point, the fan-in task runs `mlp fan-in` and publishes the
 * best point; grids over `max_map_length` and object-store artifact roots are refused.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrDocument } from "../../../src/ir/ir.js";
import { HOSTILE_PIECES } from "../hostile-text.js";
import { checkFiles, emitWith, golden, REPO, runDag, type RunResult, type RunTask } from "./helpers.js";
import { stringSweepIr, tuneIr, tunePipeline, tuneWithMemberGate } from "./sweep-fixtures.js";

const VARIANTS: readonly { name: string; options: { operator?: string; airflow_version?: string }; version: "2" | "3" }[] = [
  { name: "v3-kubernetes", options: {}, version: "3" },
  { name: "v3-bash", options: { operator: "bash" }, version: "3" },
  { name: "v2-kubernetes", options: { airflow_version: "2" }, version: "2" },
  { name: "v2-bash", options: { airflow_version: "2", operator: "bash" }, version: "2" },
];

const RUN_ID = "manual__2026-03-04T05:06:07+00:00";
const SAFE_RUN = "manual__2026-03-04T05_06_07_00_00";

/** What the fan-in task would push: best.json of a finished sweep. */
const BEST = { index: 3, entry: "3", values: { lr: 0.1, depth: 4 }, metrics: { train: { loss: 0.25 }, evaluate: { f1: 0.8 } } };

function instance(run: RunResult, id: string, mapIndex: number): RunTask & { map_index: number } {
  const t = run.tasks.find((x) => x.task_id === id && (x as { map_index?: number }).map_index === mapIndex);
  if (t === undefined) throw new Error(`no task ${id}[${mapIndex}]`);
  return t as RunTask & { map_index: number };
}

function errorOf(t: RunTask): string {
  const r = t.result as { error?: string } | null;
  return r?.error ?? "";
}

describe("airflow target: sweeps compile to mapped tasks", () => {
  for (const v of VARIANTS) {
    it(`the tune fixture passes the api.json checker (${v.name})`, () => {
      const result = emitWith(tuneIr(), v.options);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(checkFiles(result.files, v.version)).toEqual([]);
    });

    it(`matches the golden file (${v.name})`, () => {
      const { expected, actual } = golden(`tune-${v.name}`, emitWith(tuneIr(), v.options).files);
      expect(actual).toBe(expected);
    });
  }

  it("maps each member over the points in grid order, and wires the fan-in after every member", () => {
    for (const v of VARIANTS) {
      const run = runDag(emitWith(tuneIr(), v.options).files[0]!.contents, v.version, { run_id: RUN_ID, call: false, xcom: { tune: BEST } });
      const ids = run.tasks.map((t) => `${t.task_id}[${(t as { map_index?: number }).map_index}]`);
      expect(ids).toEqual([
        "check-params[-1]",
        "prepare[-1]",
        ...[0, 1, 2, 3, 4, 5].map((i) => `train[${i}]`),
        ...[0, 1, 2, 3, 4, 5].map((i) => `evaluate[${i}]`),
        "tune[-1]",
        "quality[-1]",
        "record-production[-1]",
        "report[-1]",
      ]);
      expect(instance(run, "evaluate", 0).upstream).toEqual(["train"]);
      expect([...run.tasks.find((t) => t.task_id === "tune")!.upstream].sort()).toEqual(["evaluate", "train"]);
      const envKey = v.options.operator === "bash" ? "env" : "env_vars";
      // Point 3 is lr 0.1, depth 4 (the first dimension varies slowest).
      const env = instance(run, "train", 3).rendered[envKey] as Record<string, string>;
      expect(env["_MLP_IN_lr"]).toBe("0.1");
      expect(env["_MLP_IN_depth"]).toBe("4");
      expect(env["_MLP_OUT_model"]).toBe(`/tmp/mlp-artifacts/tune_demo/${SAFE_RUN}/tune/points/3/train/model`);
      expect(env["_MLP_POINT_METRICS"]).toBe(`/tmp/mlp-artifacts/tune_demo/${SAFE_RUN}/tune/points/3/train.metrics.json`);
      // The fan-in: trigger rule all_done, the spec in MLP_FAN_IN_SPEC, mlp's own image on Kubernetes.
      const fanIn = run.tasks.find((t) => t.task_id === "tune")!;
      expect(fanIn.kwargs["trigger_rule"]).toBe("all_done");
      const fanEnv = fanIn.rendered[envKey] as Record<string, string>;
      const spec = JSON.parse(fanEnv["MLP_FAN_IN_SPEC"]!) as { points: unknown[]; bestOutputs: unknown[]; collect: unknown[] };
      expect(spec.points).toHaveLength(6);
      expect(spec.bestOutputs).toEqual([{ step: "train", output: "model" }]);
      expect(spec.collect).toEqual([{ step: "evaluate", output: "report" }]);
      expect(fanEnv["_MLP_POINTS"]).toBe(`/tmp/mlp-artifacts/tune_demo/${SAFE_RUN}/tune/points`);
      expect(fanEnv["_MLP_FAN_IN_OUT"]).toBe(`/tmp/mlp-artifacts/tune_demo/${SAFE_RUN}/tune/fan-in`);
      if (v.options.operator !== "bash") expect(fanIn.rendered["image"]).toBe("ghcr.io/mlp-lang/mlp:0.1.0");
    }
  });

  it("is byte-identical across runs", () => {
    expect(emitWith(tuneIr()).files).toEqual(emitWith(tuneIr()).files);
  });
});

describe("airflow target: a sweep at run time (bash, executed)", () => {
  for (const version of ["3", "2"] as const) {
    describe(`Airflow ${version === "3" ? "3.x" : "2.10"}`, () => {
      const artifacts = mkdtempSync(join(tmpdir(), "mlp-airflow-sweep-"));
      const options = { operator: "bash", artifact_root: artifacts, project_dir: REPO, ...(version === "2" ? { airflow_version: "2" } : {}) };
      const contents = emitWith(tuneIr(), options).files[0]!.contents;
      // `mlp fan-in` is the runtime's; here the fan-in's XCom (best.json) is given.
      const run = runDag(contents, version, { run_id: RUN_ID, execute: true, xcom: { tune: BEST } });
      const points = join(artifacts, "tune_demo", SAFE_RUN, "tune", "points");

      it("runs every point, leaving its outputs and metrics in the points layout", () => {
        for (let i = 0; i < 6; i++) {
          expect(errorOf(instance(run, "train", i))).toBe("");
          expect(errorOf(instance(run, "evaluate", i))).toBe("");
          const model = JSON.parse(readFileSync(join(points, String(i), "train", "model"), "utf8")) as { lr: number; depth: number };
          expect([model.lr, model.depth]).toEqual([[0.01, 0.1, 0.3][Math.floor(i / 2)], [2, 4][i % 2]]);
          expect(Object.keys(JSON.parse(readFileSync(join(points, String(i), "train.metrics.json"), "utf8")) as object)).toEqual(["loss"]);
          expect(existsSync(join(points, String(i), "evaluate", "report"))).toBe(true);
          expect(existsSync(join(points, String(i), "evaluate.metrics.json"))).toBe(true);
          // Each instance's metrics are its own XCom (map index i), checked as mlp run checks them.
          expect(Object.keys(instance(run, "evaluate", i).result as object)).toEqual(["f1"]);
        }
      });

      it("reads the best point outside: the gate, a computed input, collect and the deployed model", () => {
        expect(run.tasks.find((t) => t.task_id === "quality")!.result).toBe(true);
        const report = run.tasks.find((t) => t.task_id === "report")!;
        const env = report.rendered["env"] as Record<string, string>;
        expect(env["_MLP_IN_best_f1"]).toBe("0.8");
        expect(env["_MLP_IN_reports"]).toBe(join(artifacts, "tune_demo", SAFE_RUN, "tune", "fan-in", "collect", "evaluate", "report"));
        const record = run.tasks.find((t) => t.task_id === "record-production")!.result as { model: string; metrics: Record<string, number> };
        expect(record.model).toBe(join(artifacts, "tune_demo", SAFE_RUN, "tune", "fan-in", "best", "train", "model"));
        expect(record.metrics).toEqual({ loss: 0.25, f1: 0.8 });
        const strict = runDag(contents, version, { run_id: RUN_ID, params: { min_f1: 0.9 }, xcom: { tune: BEST } });
        expect(strict.tasks.find((t) => t.task_id === "quality")!.result).toBe(false);
      });

      it("the fan-in runs `mlp fan-in` over the points directory", () => {
        const fanIn = run.tasks.find((t) => t.task_id === "tune")!;
        expect(fanIn.rendered["bash_command"]).toContain('mlp fan-in --points "$_MLP_POINTS" --out "$_MLP_FAN_IN_OUT"');
      });
    });
  }

  it("a point whose member fails stops alone: its later members skip, the others run", () => {
    const artifacts = mkdtempSync(join(tmpdir(), "mlp-airflow-sweep-"));
    const doc = tuneIr();
    const train = tunePipeline(doc).steps.find((s) => s.name === "train")!;
    // Fails at lr 0.1 (points 2 and 3).
    (train.run!.parts as { kind: string; text?: string; name?: string }[]).unshift({ kind: "text", text: "[ " }, { kind: "input", name: "lr" }, { kind: "text", text: " != 0.1 ] && " });
    const contents = emitWith(doc, { operator: "bash", artifact_root: artifacts, project_dir: REPO }).files[0]!.contents;
    const run = runDag(contents, "3", { run_id: RUN_ID, execute: true, xcom: { tune: BEST } });
    for (const i of [2, 3]) {
      expect(errorOf(instance(run, "train", i))).toContain("non-zero exit code 1");
      expect(errorOf(instance(run, "evaluate", i))).toContain("AirflowSkipException");
      expect(instance(run, "evaluate", i).log).toContain("an earlier member of this point did not finish");
    }
    for (const i of [0, 1, 4, 5]) expect(errorOf(instance(run, "evaluate", i))).toBe("");
    expect(instance(run, "evaluate", 0).kwargs["trigger_rule"]).toBe("all_done");
  });

  it("a gate inside the sweep decides per point, from that point's metrics and values", () => {
    const artifacts = mkdtempSync(join(tmpdir(), "mlp-airflow-sweep-"));
    // loss = |lr - 0.1| + 1/depth: below 0.55 at depth 4 and at (0.1, 2); lr 0.3 is refused too.
    for (const v of VARIANTS) {
      const options = { ...v.options, ...(v.options.operator === "bash" ? { artifact_root: artifacts } : {}), project_dir: REPO };
      const files = emitWith(tuneWithMemberGate(0.55), options).files;
      expect(checkFiles(files, v.version)).toEqual([]);
      if (v.options.operator !== "bash") continue;
      const run = runDag(files[0]!.contents, v.version, { run_id: RUN_ID, execute: true, xcom: { tune: BEST } });
      const decisions = [0, 1, 2, 3, 4, 5].map((i) => instance(run, "fits", i).result);
      expect(decisions).toEqual([false, true, true, true, false, false]);
      expect(instance(run, "fits", 0).kwargs["trigger_rule"]).toBe("all_done");
      for (const i of [0, 4, 5]) expect(errorOf(instance(run, "evaluate", i))).toContain("AirflowSkipException");
      for (const i of [1, 2, 3]) expect(errorOf(instance(run, "evaluate", i))).toBe("");
    }
  });
});

describe("airflow target: sweep refusals", () => {
  function gridIr(n: number, m: number): IrDocument {
    const doc = tuneIr();
    const sweep = tunePipeline(doc).sweeps![0]! as unknown as { over: { values: { kind: string; values?: number[]; param?: string } }[] };
    sweep.over[0]!.values = { kind: "literal", values: Array.from({ length: n }, (_, i) => i / 100) };
    const depths = tunePipeline(doc).params.find((p) => p.name === "depths")! as { default?: unknown };
    depths.default = Array.from({ length: m }, (_, i) => i + 1);
    return doc;
  }

  it("refuses a grid over max_map_length (1024 by default) with MLP5321, before writing a file", () => {
    const ok = emitWith(gridIr(32, 32), { operator: "bash" });
    expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const big = emitWith(gridIr(33, 32), { operator: "bash" });
    expect(big.files).toEqual([]);
    const err = big.diagnostics.find((d) => d.code === "MLP5321")!;
    expect(err.message).toBe("sweep `tune` has 1056 points, more than Airflow maps (max_map_length 1024)");
    expect(err.span.start.line).toBe(15);
    expect(emitWith(gridIr(33, 32), { operator: "bash", max_map_length: 2048 }).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(emitWith(gridIr(3, 2), { operator: "bash", max_map_length: 5 }).diagnostics.map((d) => d.code)).toContain("MLP5321");
  });

  it("refuses a list param without a default (the grid is fixed at compile time)", () => {
    const doc = tuneIr();
    delete (tunePipeline(doc).params.find((p) => p.name === "depths")! as { default?: unknown }).default;
    const result = emitWith(doc, { operator: "bash" });
    const err = result.diagnostics.find((d) => d.code === "MLP5321")!;
    expect(err.message).toBe("sweep `tune` iterates over list param `depths`, which has no default");
    expect(err.span.start.line).toBe(17);
  });

  it("refuses an object-store artifact_root (MLP5322), and a pod-local one without a volume (MLP5320)", () => {
    const s3 = emitWith(tuneIr(), { operator: "bash", artifact_root: "s3://bucket/p" });
    expect(s3.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["MLP5322"]);
    const pod = emitWith(stringSweepIr(["a", "b"]), { artifact_volume: undefined });
    expect(pod.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["MLP5320"]);
  });

  it("the params check refuses a list param other than the compiled grid", () => {
    const contents = emitWith(tuneIr(), { operator: "bash" }).files[0]!.contents;
    const same = runDag(contents, "3", { run_id: RUN_ID, params: { depths: [2, 4] }, call: true, xcom: { tune: BEST } });
    expect(same.tasks.find((t) => t.task_id === "check-params")!.result).toBeNull();
    const other = runDag(contents, "3", { run_id: RUN_ID, params: { depths: [2, 4, 8] }, xcom: { tune: BEST } });
    expect(errorOf(other.tasks.find((t) => t.task_id === "check-params")!)).toContain("param 'depths' is a sweep's grid, compiled into this DAG as [2, 4]");
    const wrong = runDag(contents, "3", { run_id: RUN_ID, params: { depths: ["2"] }, xcom: { tune: BEST } });
    expect(errorOf(wrong.tasks.find((t) => t.task_id === "check-params")!)).toContain("param 'depths' must be a list of int");
  });
});

describe("airflow target: hostile `over` values reach the command verbatim", () => {
  const HOSTILE = HOSTILE_PIECES.join("");
  for (const v of VARIANTS) {
    it(v.name, () => {
      const artifacts = mkdtempSync(join(tmpdir(), "mlp-airflow-sweep-inj-"));
      const options = { ...v.options, project_dir: "/", artifact_root: artifacts };
      const result = emitWith(stringSweepIr([HOSTILE, "plain"]), options);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const contents = result.files[0]!.contents;
      expect(checkFiles(result.files, v.version)).toEqual([]);
      const run = runDag(contents, v.version, { run_id: RUN_ID, execute: true });
      for (const [i, text] of [HOSTILE, "plain"].entries()) {
        const t = instance(run, "echo", i);
        expect(t.problems).toEqual([]);
        expect(errorOf(t)).toBe("");
        const env = t.rendered[v.options.operator === "bash" ? "env" : "env_vars"] as Record<string, string>;
        expect(env["_MLP_IN_note"]).toBe(text);
        expect(readFileSync(join(artifacts, "notes", SAFE_RUN, "s", "points", String(i), "echo", "out"), "utf8")).toBe(`[${text}]`);
      }
    });
  }
});

describe("airflow target: the api.json checker knows partial/expand", () => {
  const contents = emitWith(tuneIr(), { operator: "bash" }).files[0]!.contents;
  const problems = (text: string): string[] => checkFiles([{ path: "dag.py", contents: text }], "3").map((f) => f.problem);

  it("accepts the emitted mapped tasks and refuses wrong ones", () => {
    expect(problems(contents)).toEqual([]);
    expect(problems(contents.replace('BashOperator.partial(\n        task_id="train",', 'BashOperator.partial(\n        task_id="train",\n        bogus=1,'))).toContain(
      "`BashOperator.partial` does not accept keyword `bogus`",
    );
    expect(problems(contents.replace('BashOperator.partial(\n        task_id="train",', 'BashOperator.partial(\n        task_id="train",\n        env={},'))).toContain(
      "`env` is given to both partial and expand",
    );
    expect(problems(contents.replace('BashOperator.partial(\n        task_id="train",', "BashOperator.partial("))).toContain("`BashOperator.partial` needs task_id");
    expect(problems(contents.replace(").expand(\n        env=[", ").expand(\n        envs=["))).toContain("`BashOperator.expand` does not accept keyword `envs`");
  });

  it("the stand-ins refuse what Airflow refuses at parse time", () => {
    const bad = contents.replace('BashOperator.partial(\n        task_id="train",', 'BashOperator.partial(\n        task_id="train",\n        env={},');
    expect(() => runDag(bad, "3", { run_id: RUN_ID, call: false, xcom: { tune: BEST } })).toThrow(/got multiple values for argument 'env'/);
  });
});
