/**
 * Control flow on Airflow (#16), from test/fixtures/control/flow.ir.json: the DAGs pass the
 * api.json checker, and run under run_dag.py's stand-ins with task states (trigger rules,
 * branches): a gate that does not hold runs the else branch and the run succeeds `gated`; an
 * assert that does not hold fails the run; the finally step always runs with the right
 * `${status}`; the deploy's interpolated command gets its values as single words; the second
 * DAG takes the model the first one deployed, read from the first DAG's record.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import type { IrDocument } from "../../../src/ir/ir.js";
import { memoryHost } from "../../../src/source/host.js";
import { IR_STEP_DEFAULTS } from "../../helpers/valid-ir.js";
import type { IrStep } from "../../../src/ir/ir.js";
import { checkFiles, emitWith, golden, REPO, runDag, taskById, type RunResult } from "./helpers.js";
import { tunePipeline, tuneWithMemberGate } from "./sweep-fixtures.js";

const FIXTURE_DIR = join(REPO, "test/fixtures/control");
const RUN_ID = "manual__2026-02-01T10:00:00+00:00";
const SAFE_RUN = "manual__2026-02-01T10_00_00_00_00";
/** Text that would be code to the shell, Jinja, Python or the kubelet if a layer let it through. */
const HOSTILE = `x'"; $(touch /tmp/mlp-pwned) \`id\` {{ 7*7 }} {% if 1 %}y{% endif %} $(HOME) $$ \${HOME}`;

function flowIr(): IrDocument {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, "flow.ir.json"), "utf8")) as IrDocument;
}

/** flow.mlp through the real front end. */
function flowMlpIr(): IrDocument {
  const compiled = compileToIr("flow.mlp", memoryHost({ "flow.mlp": readFileSync(join(FIXTURE_DIR, "flow.mlp"), "utf8") }));
  if (compiled.ir === undefined) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return compiled.ir;
}

function fileOf(files: readonly { path: string; contents: string }[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path}`);
  return f.contents;
}

function states(run: RunResult): Record<string, string | undefined> {
  return Object.fromEntries(run.tasks.map((t) => [t.task_id, t.state]));
}

function env(run: RunResult, task: string): Record<string, string> {
  const r = taskById(run, task).rendered;
  return (r["env"] ?? r["env_vars"]) as Record<string, string>;
}

describe("airflow control flow: the DAGs", () => {
  for (const operator of ["bash", "kubernetes"] as const) {
    it(`are the same from flow.mlp as from flow.ir.json (${operator})`, () => {
      const fromMlp = emitWith(flowMlpIr(), { operator, artifact_root: "/srv/mlp" });
      expect(fromMlp.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(fromMlp.files).toEqual(emitWith(flowIr(), { operator, artifact_root: "/srv/mlp" }).files);
    });
  }

  for (const version of ["3", "2"] as const) {
    for (const operator of ["bash", "kubernetes"] as const) {
      it(`pass the api.json checker (${version}, ${operator})`, () => {
        const result = emitWith(flowIr(), { airflow_version: version, operator, artifact_root: "/srv/mlp" });
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(result.files.map((f) => f.path)).toEqual(["flow.py", "flow_predict.py"]);
        expect(checkFiles(result.files, version)).toEqual([]);
      });
    }
  }

  for (const operator of ["bash", "kubernetes"] as const) {
    it(`match the golden files (${operator})`, () => {
      const { expected, actual } = golden(`control-flow-v3-${operator}`, emitWith(flowIr(), { operator, artifact_root: "/srv/mlp" }).files);
      expect(actual).toBe(expected);
    });
  }

  it("warns that a pull_request trigger is not generated (MLP5315)", () => {
    const warnings = emitWith(flowIr(), { operator: "bash" }).diagnostics.filter((d) => d.code === "MLP5315");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.severity).toBe("warning");
    expect(warnings[0]!.span.start.line).toBe(15);
  });

  it("refuses an option computed at run time other than a command's (MLP5316)", () => {
    const ir = flowIr();
    const deploy = ir.pipelines[0]!.deploys[0]!;
    const interpolate = deploy.optionExprs!["command"]!;
    const bad = { ...deploy, to: { kind: "command" as const, options: { command: "node ship.mjs", image: "node:${version}" } }, optionExprs: { image: interpolate } };
    const result = emitWith({ ...ir, pipelines: [{ ...ir.pipelines[0]!, deploys: [bad] }, ir.pipelines[1]!] }, { operator: "bash" });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["MLP5316"]);
    expect(errors[0]!.message).toContain("option `image` of deploy `production`");
  });

  it("wires the else branch and the finally step", () => {
    const contents = fileOf(emitWith(flowIr(), { operator: "bash" }).files, "flow.py");
    const run = runDag(contents, "3", { run_id: RUN_ID, call: false, xcom: { train: { score: 0.9, rows: 3 } } });
    const upstream = Object.fromEntries(run.tasks.map((t) => [t.task_id, [...t.upstream].sort()]));
    const all = ["check-params", "enough_rows", "good", "production", "record-production", "rejected", "train"];
    expect(upstream).toEqual({
      "check-params": [],
      train: ["check-params"],
      enough_rows: ["train"],
      good: ["train"],
      production: ["enough_rows", "good", "train"],
      "record-production": ["production"],
      rejected: ["good", "train"],
      "mlp-failed": all,
      notify: [...all, "mlp-failed"].sort(),
      "mlp-fail-run": ["mlp-failed", "notify"],
    });
    expect(taskById(run, "good").operator).toBe("BranchPythonOperator");
    expect(taskById(run, "enough_rows").operator).toBe("PythonOperator");
    expect(taskById(run, "notify").kwargs["trigger_rule"]).toBe("all_done");
    expect(taskById(run, "mlp-failed").kwargs["trigger_rule"]).toBe("one_failed");
    // The finally step's status is a macro's value in the environment, not Jinja in the command.
    expect(taskById(run, "notify").rendered["bash_command"]).toContain('node notify.mjs "$_MLP_STATUS" "$_MLP_IN_tag"');
  });
});

describe("airflow control flow: runs (bash, executed)", () => {
  const artifacts = mkdtempSync(join(tmpdir(), "mlp-airflow-flow-art-"));
  const contents = fileOf(emitWith(flowIr(), { operator: "bash", artifact_root: artifacts, project_dir: FIXTURE_DIR }).files, "flow.py");
  let logs: string;
  let saved: string | undefined;
  beforeAll(() => {
    logs = mkdtempSync(join(tmpdir(), "mlp-airflow-flow-logs-"));
    saved = process.env["FLOW_LOG_DIR"];
    process.env["FLOW_LOG_DIR"] = logs;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env["FLOW_LOG_DIR"];
    else process.env["FLOW_LOG_DIR"] = saved;
  });
  const run = (params: Record<string, unknown>): RunResult =>
    runDag(contents, "3", { run_id: RUN_ID, states: true, execute: true, params }, FIXTURE_DIR);
  const logLines = (name: string): string[] => readFileSync(join(logs, name), "utf8").trim().split("\n");

  it("deploys when the gate holds; the else branch skips; finally sees succeeded", () => {
    const r = run({ tag: "t1" });
    expect(r.state).toBe("success");
    expect(states(r)).toMatchObject({ train: "success", enough_rows: "success", good: "success", production: "success", "record-production": "success", rejected: "skipped", "mlp-failed": "skipped", notify: "success", "mlp-fail-run": "skipped" });
    expect(env(r, "notify")["_MLP_STATUS"]).toBe("succeeded");
    expect(logLines("notify.log").at(-1)).toBe("succeeded t1");
    const shipped = JSON.parse(logLines("shipped.log").at(-1)!) as Record<string, unknown>;
    // The deploy's secret reached its command (an Airflow Variable here).
    expect(shipped).toEqual({ env: "production", version: "1", score: "0.9", model: "model-t1", token: true });
    expect(env(r, "production")["DEPLOY_TOKEN"]).toBe("<variable mlp_secret_DEPLOY_TOKEN>");
    // `"model-" + tag` and `"v-${tag}"` reached the step as text.
    const model = JSON.parse(readFileSync(join(artifacts, "flow", SAFE_RUN, "train", "model"), "utf8")) as Record<string, unknown>;
    expect(model).toEqual({ name: "model-t1", label: "v-t1", rows: 3 });
  });

  it("runs the else branch when the gate does not hold: the run succeeds, gated", () => {
    const r = run({ tag: "t2", min_score: 0.95 });
    expect(r.state).toBe("success");
    expect(states(r)).toMatchObject({ good: "success", production: "skipped", "record-production": "skipped", rejected: "success", "mlp-failed": "skipped", notify: "success", "mlp-fail-run": "skipped" });
    expect(taskById(r, "good").result).toEqual(["rejected", "mlp-failed", "notify"]);
    // The log names the condition and the values it read.
    expect(taskById(r, "good").log).toContain("mlp gate: condition does not hold: train.score >= min_score (train.score = 0.9, min_score = 0.95)");
    expect(env(r, "rejected")["_MLP_IN_message"]).toBe("score 0.9 is below 0.95");
    expect(readFileSync(join(artifacts, "flow", SAFE_RUN, "rejected", "note"), "utf8")).toBe("score 0.9 is below 0.95\n");
    expect(env(r, "notify")["_MLP_STATUS"]).toBe("gated");
    expect(logLines("notify.log").at(-1)).toBe("gated t2");
  });

  it("fails the run when the assert does not hold; finally still runs and sees failed", () => {
    const r = run({ tag: "t3", min_rows: 10 });
    expect(r.state).toBe("failed");
    expect(states(r)).toMatchObject({ enough_rows: "failed", good: "success", production: "upstream_failed", "record-production": "upstream_failed", rejected: "skipped", "mlp-failed": "success", notify: "success", "mlp-fail-run": "failed" });
    expect(taskById(r, "enough_rows").result).toEqual({ error: "ValueError: mlp: assert failed: train.rows >= min_rows (train.rows = 3, min_rows = 10)" });
    expect(env(r, "notify")["_MLP_STATUS"]).toBe("failed");
    expect(logLines("notify.log").at(-1)).toBe("failed t3");
  });

  it("fails the run when a finally step fails", () => {
    const saved = process.env["FLOW_LOG_DIR"];
    process.env["FLOW_LOG_DIR"] = join(logs, "missing", "dir");
    try {
      // The gate does not hold, so nothing but the finally step writes to FLOW_LOG_DIR.
      const r = run({ tag: "t4", min_score: 0.95 });
      expect(states(r)).toMatchObject({ production: "skipped", rejected: "success", "mlp-failed": "skipped", notify: "failed", "mlp-fail-run": "upstream_failed" });
      expect(r.state).toBe("failed");
    } finally {
      process.env["FLOW_LOG_DIR"] = saved;
    }
  });

  it("passes hostile values through interpolation, `+` and the deploy's command as inert single words", () => {
    const r = run({ tag: HOSTILE, version: HOSTILE });
    expect(r.state).toBe("success");
    expect(env(r, "train")["_MLP_IN_label"]).toBe(`v-${HOSTILE}`);
    expect(env(r, "train")["_MLP_IN_name"]).toBe(`model-${HOSTILE}`);
    const model = JSON.parse(readFileSync(join(artifacts, "flow", SAFE_RUN, "train", "model"), "utf8")) as Record<string, unknown>;
    expect(model).toEqual({ name: `model-${HOSTILE}`, label: `v-${HOSTILE}`, rows: 3 });
    const shipped = JSON.parse(logLines("shipped.log").at(-1)!) as Record<string, unknown>;
    expect(shipped["version"]).toBe(HOSTILE);
    expect(logLines("notify.log").at(-1)).toBe(`succeeded ${HOSTILE}`);
  });
});

describe("airflow control flow: pods", () => {
  const contents = fileOf(emitWith(flowIr(), { artifact_root: "/mnt/mlp" }).files, "flow.py");

  it("gives the deploy pod its interpolated values literally, and its secret from the Kubernetes Secret", () => {
    const r = runDag(contents, "3", { run_id: RUN_ID, states: true, params: { version: HOSTILE }, xcom: { train: { score: 0.75, rows: 3 } } });
    const deploy = taskById(r, "production");
    expect(deploy.state).toBe("success");
    const envVars = deploy.rendered["env_vars"] as Record<string, string>;
    expect(envVars["_MLP_OPT_0"]).toBe(HOSTILE);
    expect(envVars["_MLP_OPT_1"]).toBe("0.75");
    expect(deploy.rendered["cmds"]).toEqual(["/bin/sh", "-c", 'node ship.mjs "$_MLP_OPT_0" "$_MLP_OPT_1"']);
    const pod = deploy.rendered["pod_template_dict"] as { spec: { containers: { env: unknown[] }[] } };
    expect(pod.spec.containers[0]!.env).toEqual([{ name: "DEPLOY_TOKEN", valueFrom: { secretKeyRef: { name: "mlp-secrets", key: "DEPLOY_TOKEN" } } }]);
    expect(env(r, "notify")["_MLP_STATUS"]).toBe("succeeded");
  });
});

describe("airflow control flow: deployed(production, from: flow).model", () => {
  const contents = fileOf(emitWith(flowIr(), { operator: "bash", artifact_root: "/srv/mlp" }).files, "flow_predict.py");
  const record = (model: string, at: string): Record<string, unknown> => ({ env: "production", model, run_id: "r", metrics: {}, recorded_at: at });

  it("reads the latest record of DAG flow's record-production task", () => {
    const r = runDag(contents, "3", {
      run_id: RUN_ID,
      states: true,
      other_dags: {
        flow: [
          { run_id: "a", logical_date: "2026-01-01T00:00:00+00:00", xcom: { "record-production": record("/srv/mlp/flow/a/train/model", "2026-01-01T00:10:00.000000+00:00") } },
          { run_id: "b", logical_date: null, xcom: { "record-production": record("/srv/mlp/flow/b/train/model", "2026-01-02T00:10:00.000000+00:00") } },
        ],
      },
    });
    expect(taskById(r, "predict").state).toBe("success");
    expect(env(r, "predict")["_MLP_IN_model"]).toBe("/srv/mlp/flow/b/train/model");
  });

  it("fails the step, naming the environment and the pipeline, when nothing is deployed", () => {
    const r = runDag(contents, "3", { run_id: RUN_ID, states: true, other_dags: { flow_predict: [{ run_id: "x", logical_date: null, xcom: { "record-production": record("/nope", "2026-01-01T00:00:00+00:00") } }] } });
    expect(taskById(r, "predict").state).toBe("failed");
    expect(taskById(r, "predict").result).toEqual({
      error: "ValueError: mlp: nothing is deployed to 'production' by pipeline 'flow' (DAG 'flow'): input 'model' of step 'predict' needs a deployed model",
    });
    expect(r.state).toBe("failed");
  });

  it("takes the fallback when nothing is deployed, and reads the DAG id the other pipeline compiles to", () => {
    const ir = flowIr();
    const predict = ir.pipelines[1]!;
    const step = predict.steps[0]!;
    const inputs = step.inputs.map((i) => (i.name === "model" ? { ...i, binding: { kind: "deployed" as const, env: "production", pipeline: "flow", fallback: { kind: "dataset" as const, dataset: "rows" } } } : i));
    const flow = { ...ir.pipelines[0]!, targets: { airflow: { options: { dag_id: "flow_v2" }, origin: ir.pipelines[0]!.origin } } };
    const files = emitWith({ ...ir, pipelines: [flow, { ...predict, steps: [{ ...step, inputs }] }] }, { operator: "bash", artifact_root: "/srv/mlp", project_dir: "/repo" }).files;
    expect(files.map((f) => f.path)).toEqual(["flow_predict.py", "flow_v2.py"]);
    const text = fileOf(files, "flow_predict.py");
    const none = runDag(text, "3", { run_id: RUN_ID, states: true });
    expect(env(none, "predict")["_MLP_IN_model"]).toBe("/repo/data/rows.csv");
    const some = runDag(text, "3", { run_id: RUN_ID, states: true, other_dags: { flow_v2: [{ run_id: "a", logical_date: null, xcom: { "record-production": record("/m", "2026-01-01T00:00:00+00:00") } }] } });
    expect(env(some, "predict")["_MLP_IN_model"]).toBe("/m");
  });
});

describe("airflow control flow: finally after a sweep", () => {
  /** tune.ir.json with the member gate `fits` and a finally step `done` that reports `${status}`. */
  function tuneWithFinally(): IrDocument {
    const doc = tuneWithMemberGate(0.5);
    const p = tunePipeline(doc);
    const done: IrStep = {
      ...IR_STEP_DEFAULTS,
      name: "done",
      origin: p.origin,
      finally: true,
      run: { template: "echo ${status}", parts: [{ kind: "text", text: "echo " }, { kind: "builtin", name: "status" }] },
    };
    p.steps.push(done);
    p.order.push({ kind: "step", name: "done" });
    return doc;
  }

  it("passes the api.json checker, branches the gate outside the sweep, and reports a point's gate as gated", () => {
    const files = emitWith(tuneWithFinally(), { operator: "bash", artifact_root: "/srv/mlp" }).files;
    expect(checkFiles(files, "3")).toEqual([]);
    const best = { index: 0, entry: "0", values: { lr: 0.01, depth: 2 }, metrics: { evaluate: { f1: 0.9 } } };
    const run = runDag(files[0]!.contents, "3", { run_id: RUN_ID, call: false, xcom: { tune: best } });
    expect(taskById(run, "quality").operator).toBe("BranchPythonOperator");
    expect(taskById(run, "done").upstream).toEqual(expect.arrayContaining(["tune", "fits", "train", "quality", "report", "mlp-failed"]));
    expect(taskById(run, "done").rendered["env"]).toMatchObject({ _MLP_STATUS: "succeeded" });
    // `fits` is mapped: Airflow gives every point's mlp_held; False at one point makes the run gated.
    const status = (xcoms: Record<string, unknown>): string => statusOf(files[0]!.contents, xcoms);
    expect(status({ "fits/mlp_held": [true, false, true], "quality/mlp_held": true })).toBe("gated");
    expect(status({ "fits/mlp_held": [true, true], "quality/mlp_held": true })).toBe("succeeded");
    expect(status({ "fits/mlp_held": [true, true], "quality/mlp_held": false })).toBe("gated");
    expect(status({ "fits/mlp_held": [true, false], "mlp-failed/return_value": "failed" })).toBe("failed");
  });
});

/**
 * `${status}` as the finally task's macro computes it: the DAG module's own helpers (its Airflow
 * imports and tasks left out), over a task instance whose XComs are `"TASK/KEY": value`.
 */
function statusOf(contents: string, xcoms: Record<string, unknown>): string {
  const script = [
    "import ast, json, sys",
    "source, xcoms = sys.stdin.read().split('\\n#XCOMS#\\n')",
    "tree = ast.parse(source)",
    "tree.body = [n for n in tree.body if not isinstance(n, ast.With) and not (isinstance(n, ast.ImportFrom) and (n.module or '').startswith('airflow'))]",
    "ns = {}",
    "exec(compile(tree, 'dag', 'exec'), ns)",
    "xcoms = json.loads(xcoms)",
    "class TI:",
    "    def xcom_pull(self, task_ids=None, key='return_value', **_):",
    "        return xcoms.get(task_ids + '/' + key)",
    "print(ns['_mlp_status'](TI(), 'mlp-failed', ['quality', 'fits']))",
  ].join("\n");
  return execFileSync("python3", ["-c", script], { input: `${contents}\n#XCOMS#\n${JSON.stringify(xcoms)}`, encoding: "utf8" }).trim();
}
