/**
 * Control flow on GitHub Actions (issue #16), from test/fixtures/control/flow.ir.json: a gate that
 * does not hold ends the run green and `gated` (its job succeeds with `passed=false`, a notice and
 * a summary table of the conditions and their values), an assert that does not hold fails its
 * job, `after not` runs over the gate's output, `finally` is an `always()` job that needs every
 * other job and works out `${status}`, strings are built with `+` and `${…}`, the deploy command's
 * interpolated values are shell words, deploys never run on a pull request (which writes the
 * model-CI summary), and a second pipeline downloads the model the first one deployed. Every
 * workflow passes actionlint and the SchemaStore schema; the generated scripts are run for real,
 * as `actions/github-script` and the runner's bash run them.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { IrDocument } from "../../../src/ir/ir.js";
import type { EmitResult } from "../../../src/target/target.js";
import { evaluateNeutralised } from "../../../targets/github-actions/gh-expr.js";
import { IR_STEP_DEFAULTS } from "../../helpers/valid-ir.js";
import { compileToIr } from "../../../src/compile.js";
import { nodeHost } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import { target } from "../../../targets/github-actions/index.js";
import { emitIr, golden, snapshotText } from "./helpers.js";
import { actionlint, REPO_ROOT, schemaErrors } from "./validate.js";

type Obj = Record<string, any>;

const FIXTURE_DIR = resolve(REPO_ROOT, "test/fixtures/control");

/** A fresh, mutable copy of the fixture. */
function flow(): Obj {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, "flow.ir.json"), "utf8")) as Obj;
}

function emit(doc: Obj, options?: Record<string, unknown>): EmitResult {
  return emitIr(doc as IrDocument, options);
}

function workflowOf(r: EmitResult, file: string): Obj {
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const f = r.files.find((x) => x.path === file);
  expect(f, file).toBeDefined();
  return parse(f!.contents) as Obj;
}

function stepNamed(job: Obj, prefix: string): Obj {
  const s = (job["steps"] as Obj[]).find((x) => String(x["name"]).startsWith(prefix));
  expect(s, prefix).toBeDefined();
  return s!;
}

const workspace = mkdtempSync(join(tmpdir(), "mlp-gh-control-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

interface ScriptOutcome {
  readonly outputs: Record<string, string>;
  readonly failed?: string;
  readonly notices: string[];
  readonly summary: string;
  readonly logs: string[];
}

/**
 * Runs a github-script step's script as the action does: the body of an async function given
 * `require`, `core`, `github` and `context`, with the workflow's, job's and step's `env:` merged
 * into `process.env` (expressions replaced by the values in `values`).
 */
async function runScript(step: Obj, values: Record<string, string>, extra: { github?: unknown; env?: Record<string, string> } = {}): Promise<ScriptOutcome> {
  const outputs: Record<string, string> = {};
  const notices: string[] = [];
  const logs: string[] = [];
  let failed: string | undefined;
  let summary = "";
  const summaryApi = {
    addRaw(s: string) {
      summary += s;
      return summaryApi;
    },
    async write() {
      return summaryApi;
    },
  };
  const core = {
    setOutput: (name: string, value: unknown) => {
      outputs[name] = String(value);
    },
    setFailed: (message: string) => {
      failed ??= message;
    },
    notice: (m: string) => notices.push(m),
    info: (m: string) => logs.push(m),
    summary: summaryApi,
  };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries((step["env"] ?? {}) as Record<string, string>)) {
    const m = /^\$\{\{ (.*) \}\}$/.exec(v);
    env[k] = m ? (values[m[1]!] ?? "") : evaluateNeutralised(v);
  }
  const saved = { ...process.env };
  Object.assign(process.env, { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: "pull_request" }, env, extra.env ?? {});
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
    const context = { repo: { owner: "o", repo: "r" }, runId: 77, sha: "abc", serverUrl: "https://github.com" };
    await new AsyncFunction("require", "core", "github", "context", evaluateNeutralised(String(step["with"]["script"])))(createRequire(import.meta.url), core, extra.github, context);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return { outputs, notices, summary, logs, ...(failed !== undefined ? { failed } : {}) };
}

/** `toJSON(needs)` of jobs with these results and outputs. */
function needsJson(jobs: Record<string, { result?: string; outputs?: Record<string, string> }>): string {
  const out: Obj = {};
  for (const [k, v] of Object.entries(jobs)) out[k] = { result: v.result ?? "success", outputs: v.outputs ?? {} };
  return JSON.stringify(out);
}

const result = emit(flow());
const wf = workflowOf(result, "flow.yml");
const jobs = wf["jobs"] as Record<string, Obj>;
const predictWf = workflowOf(result, "flow_predict.yml");

describe("the control-flow fixture on GitHub", () => {
  it("passes actionlint and the SchemaStore schema, matches its golden file and is deterministic", async () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(["flow.yml", "flow_predict.yml"]);
    for (const f of result.files) {
      expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
      expect(schemaErrors(f.contents), f.path).toEqual([]);
    }
    const text = snapshotText(result);
    expect(snapshotText(emit(flow()))).toBe(text);
    const g = golden("control-flow", text);
    expect(g.actual).toBe(g.expected);
  });

  it("test/fixtures/control/flow.mlp compiles, through the front end, to the workflows of its IR fixture", async () => {
    const compiled = compileToIr("test/fixtures/control/flow.mlp", nodeHost);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = emitWithTarget(compiled.ir!, target, { knownTargets: ["github"], mlpVersion: "0.1.0" });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const f of out.files) expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
    // The fixture sits at the repository root; the compiled file is in test/fixtures/control.
    const doc = flow();
    doc["root"] = compiled.ir!.root;
    expect(compiled.ir!.root).toBe("test/fixtures/control");
    expect(snapshotText(out)).toBe(snapshotText(emit(doc)));
    // Acceptance: `finally` is an always() job on GitHub.
    expect((parse(out.files[0]!.contents) as Obj)["jobs"]["notify"]["if"]).toBe("${{ always() }}");
  });

  it("runs on pull requests touching its paths, joined to the repository root like push paths", () => {
    expect(wf["on"]["pull_request"]).toEqual({ paths: ["control/**"] });
    const doc = flow();
    doc["root"] = "ml";
    const r = emit(doc, { branches: ["main"] });
    expect(workflowOf(r, "flow.yml")["on"]["pull_request"]).toEqual({ branches: ["main"], paths: ["ml/control/**"] });
  });

  it("makes `finally` an always() job that needs every other node and lookup job", () => {
    const notify = jobs["notify"]!;
    expect(notify["if"]).toBe("${{ always() }}");
    const others = Object.keys(jobs).filter((id) => id !== "notify" && id !== "mlp-report");
    expect([...notify["needs"]].sort()).toEqual(others.sort());
    expect(notify["needs"]).toContain("production");
    expect(notify["needs"]).toContain("rejected");
    // `${status}` reaches the command through env, computed by the job's first script.
    const run = stepNamed(notify, "run notify");
    expect(run["env"]["MLP_STATUS"]).toBe("${{ steps.status.outputs.status }}");
    expect(run["run"]).toContain(`node notify.mjs "\${MLP_STATUS}" "\${MLP_IN_tag}"`);
    expect(stepNamed(notify, "work out the run's status")["env"]["MLP_GATES"]).toBe('["good"]');
  });

  it("runs the else branch only when the gate did not hold, and never deploys on a pull request", () => {
    expect(jobs["rejected"]!["if"]).toBe("${{ needs.good.outputs.passed == 'false' }}");
    expect(jobs["production"]!["if"]).toBe("${{ (needs.enough_rows.outputs.passed == 'true' && needs.good.outputs.passed == 'true') && github.event_name != 'pull_request' }}");
    expect(jobs["enough_rows"]!["name"]).toBe("assert enough_rows");
    expect(jobs["good"]!["name"]).toBe("gate good");
    // Without a pull-request trigger, the deploy's condition is the gates' alone.
    const doc = flow();
    doc["pipelines"][0]["triggers"] = [];
    const plain = workflowOf(emit(doc), "flow.yml");
    expect(plain["jobs"]["production"]["if"]).toBe("${{ needs.enough_rows.outputs.passed == 'true' && needs.good.outputs.passed == 'true' }}");
    expect(plain["jobs"]["mlp-report"]).toBeUndefined();
  });

  it("gives a pull request's runs a concurrency group of their own, so they never replace a pending deploying run", () => {
    expect(wf["concurrency"]).toEqual({ group: "${{ format('mlp-{0}{1}', 'flow', github.event_name == 'pull_request' && format('-{0}', github.ref) || '') }}", "cancel-in-progress": false });
    const doc = flow();
    doc["pipelines"][0]["triggers"] = [];
    expect(workflowOf(emit(doc), "flow.yml")["concurrency"]).toEqual({ group: "mlp-flow", "cancel-in-progress": false });
  });

  it("approval-gated deploys are skipped on pull requests too", () => {
    const doc = flow();
    doc["pipelines"][0]["deploys"][0]["approval"] = true;
    const w = workflowOf(emit(doc), "flow.yml");
    expect(w["jobs"]["production"]["environment"]).toBe("production");
    expect(w["jobs"]["production"]["if"]).toContain("github.event_name != 'pull_request'");
  });
});

describe("gate and assert jobs, run as github-script runs them", () => {
  const gate = stepNamed(jobs["good"]!, "check good");
  const assert = stepNamed(jobs["enough_rows"]!, "check enough_rows");
  const needsOf = (score: number, rows: number): string => needsJson({ train: { outputs: { score: JSON.stringify(score), rows: JSON.stringify(rows) } } });

  it("a gate that does not hold succeeds with passed=false, a notice naming the condition and its values, and a summary table", async () => {
    const r = await runScript(gate, { "toJSON(needs)": needsOf(0.42, 3), "toJSON(inputs)": "{}" });
    expect(r.failed).toBeUndefined();
    expect(r.outputs["passed"]).toBe("false");
    expect(r.notices).toEqual(["gate good does not hold: train.score >= min_score (train.score = 0.42, min_score = 0.5); the jobs after it are skipped and the run is gated"]);
    expect(r.summary).toContain("| <code>train.score &#62;= min&#95;score</code> | **no** | train.score = 0.42, min&#95;score = 0.5 |");
    expect(JSON.parse(r.outputs["report"]!)).toEqual({
      gate: "good",
      assert: false,
      passed: false,
      conditions: [{ text: "train.score >= min_score", holds: false, values: [["train.score", "0.42"], ["min_score", "0.5"]] }],
    });
  });

  it("a gate that holds says so and sets passed=true", async () => {
    const r = await runScript(gate, { "toJSON(needs)": needsOf(0.9, 3), "toJSON(inputs)": "{}" });
    expect(r.outputs["passed"]).toBe("true");
    expect(r.notices).toEqual([]);
    expect(r.failed).toBeUndefined();
  });

  it("an assert that does not hold fails its job with the same message", async () => {
    const r = await runScript(assert, { "toJSON(needs)": needsOf(0.9, 0), "toJSON(inputs)": "{}" });
    expect(r.outputs["passed"]).toBe("false");
    expect(r.failed).toBe("assert enough_rows does not hold: train.rows >= min_rows (train.rows = 0, min_rows = 1)");
    expect(r.notices).toEqual([]);
    const ok = await runScript(assert, { "toJSON(needs)": needsOf(0.9, 5), "toJSON(inputs)": "{}" });
    expect(ok.failed).toBeUndefined();
    expect(ok.outputs["passed"]).toBe("true");
  });
});

describe("the finally job's status", () => {
  const step = stepNamed(jobs["notify"]!, "work out the run's status");
  const base = {
    "deployed-production": {},
    train: { outputs: { score: "0.9", rows: "3" } },
    enough_rows: { outputs: { passed: "true" } },
    good: { outputs: { passed: "true" } },
    production: {},
    rejected: { result: "skipped" },
  };
  const statusOf = async (jobsState: Record<string, { result?: string; outputs?: Record<string, string> }>): Promise<string> =>
    (await runScript(step, { "toJSON(needs)": needsJson(jobsState) })).outputs["status"]!;

  it("is succeeded when every job succeeded or was skipped by a branch not taken", async () => {
    expect(await statusOf(base)).toBe("succeeded");
  });

  it("is gated when a gate did not hold, even though its else branch ran", async () => {
    expect(await statusOf({ ...base, good: { outputs: { passed: "false" } }, production: { result: "skipped" }, rejected: {} })).toBe("gated");
  });

  it("is failed when any job failed (an assert included), before cancelled and gated", async () => {
    expect(await statusOf({ ...base, enough_rows: { result: "failure", outputs: { passed: "false" } }, production: { result: "skipped" } })).toBe("failed");
    expect(await statusOf({ ...base, train: { result: "failure" }, good: { result: "cancelled" } })).toBe("failed");
  });

  it("is cancelled when a job was cancelled and none failed", async () => {
    expect(await statusOf({ ...base, good: { result: "cancelled", outputs: { passed: "false" } } })).toBe("cancelled");
  });
});

describe("strings", () => {
  const train = stepNamed(jobs["train"]!, "compute inputs");
  const rejected = stepNamed(jobs["rejected"]!, "compute inputs");

  it('gives "model-" + tag and "v-${tag}" as model-blue and v-blue', async () => {
    const r = await runScript(train, { "toJSON(needs)": "{}", "toJSON(inputs)": "{}" });
    expect(r.outputs).toEqual({ name: "model-blue", label: "v-blue" });
  });

  it("interpolates metrics and params in their text form (floats as JavaScript prints them)", async () => {
    const r = await runScript(rejected, { "toJSON(needs)": needsJson({ train: { outputs: { score: "1e-7" } } }), "toJSON(inputs)": "{}" });
    expect(r.outputs).toEqual({ message: "score 1e-7 is below 0.5" });
  });

  it("keeps a hostile value inert: a dispatched tag arrives verbatim", async () => {
    const hostile = "${{ github.token }} $(touch pwned) `id` 'q' \"d\"\n|x|";
    const r = await runScript(train, { "toJSON(needs)": "{}", "toJSON(inputs)": JSON.stringify({ tag: hostile }) }, { env: { GITHUB_EVENT_NAME: "workflow_dispatch" } });
    expect(r.outputs).toEqual({ name: `model-${hostile}`, label: `v-${hostile}` });
  });
});

/** Runs a `run:` script with bash in `cwd`, with `env` (as the runner does: `bash -e`). */
function bash(script: string, cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env: { PATH: process.env["PATH"] ?? "", ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hostile text in an interpolated string", () => {
  const hostile = "${{ github.token }} $(touch pwned) `id` 'q' \"d\" \u2028\n</script>";

  it("stays data: the workflow passes actionlint, and the step receives the text verbatim", async () => {
    const doc = flow();
    const label = doc["pipelines"][0]["steps"][0]["inputs"][3];
    expect(label["name"]).toBe("label");
    label["binding"]["expr"]["parts"][0]["text"] = hostile;
    const r = emit(doc);
    const f = r.files.find((x) => x.path === "flow.yml")!;
    expect(await actionlint(f.contents, f.path)).toEqual([]);
    expect(schemaErrors(f.contents)).toEqual([]);
    const w = workflowOf(r, "flow.yml");
    const step = stepNamed(w["jobs"]["train"], "compute inputs");
    expect(String(step["with"]["script"])).not.toContain("${{ github.token }}");
    const out = await runScript(step, { "toJSON(needs)": "{}", "toJSON(inputs)": "{}" });
    expect(out.outputs["label"]).toBe(`${hostile}blue`);
    const run = stepNamed(w["jobs"]["train"], "run train");
    expect(String(run["run"])).not.toContain("touch pwned");
  });
});

describe("the computed deploy command", () => {
  const job = jobs["production"]!;
  const options = stepNamed(job, "compute the deploy options");
  const command = stepNamed(job, "run the deploy command");

  it("keeps the command's text and passes each interpolated value as one shell word through env", () => {
    expect(command["run"]).toContain(`node ship.mjs "\${MLP_OPT_0}" "\${MLP_OPT_1}"`);
    expect(command["env"]["MLP_OPT_0"]).toBe("${{ steps.options.outputs.value0 }}");
    expect(command["env"]["DEPLOY_TOKEN"]).toBe("${{ secrets.DEPLOY_TOKEN }}");
    expect(String(command["run"])).not.toContain("${{");
  });

  it("ships with the values computed at run time, a hostile version staying one inert word, and the secret", async () => {
    const hostile = "1; touch pwned $(touch pwned2) `touch pwned3` '\"";
    const r = await runScript(options, { "toJSON(needs)": needsJson({ train: { outputs: { score: "0.9" } } }), "toJSON(inputs)": JSON.stringify({ version: hostile }) }, { env: { GITHUB_EVENT_NAME: "workflow_dispatch" } });
    expect(r.outputs).toEqual({ value0: hostile, value1: "0.9" });
    const dir = mkdtempSync(join(workspace, "deploy-"));
    copyFileSync(join(FIXTURE_DIR, "ship.mjs"), join(dir, "ship.mjs"));
    mkdirSync(join(dir, "_mlp/artifacts/train/model"), { recursive: true });
    writeFileSync(join(dir, "_mlp/artifacts/train/model/model"), JSON.stringify({ name: "model-blue" }));
    const env: Record<string, string> = { GITHUB_WORKSPACE: dir, FLOW_LOG_DIR: dir, DEPLOY_TOKEN: "t0ken", MLP_OPT_0: r.outputs["value0"]!, MLP_OPT_1: r.outputs["value1"]! };
    for (const [k, v] of Object.entries(command["env"] as Record<string, string>)) if (!v.startsWith("${{")) env[k] = v;
    const run = bash(String(command["run"]), dir, env);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const shipped = JSON.parse(readFileSync(join(dir, "shipped.log"), "utf8").trim()) as Obj;
    expect(shipped).toEqual({ env: "production", version: hostile, score: "0.9", model: "model-blue", token: true });
    for (const f of ["pwned", "pwned2", "pwned3"]) expect(existsSync(join(dir, f))).toBe(false);
  });

  it("records where the model is, for a later run's deployed(…).model", () => {
    const record = stepNamed(job, "record the deployment");
    expect(record["env"]["MLP_MODEL_ARTIFACT"]).toBe("train.model");
    expect(record["env"]["MLP_MODEL_PATH"]).toBe("model");
    const stored = workflowOf(emit(flow(), { artifact_store: "s3://bucket/mlp" }), "flow.yml");
    const env = stepNamed(stored["jobs"]["production"], "record the deployment")["env"];
    expect(env["MLP_MODEL_STORE_AT"]).toBe("train/model");
    expect(env["MLP_STORE"]).toBe("s3://bucket/mlp");
    expect(env["MLP_MODEL_ARTIFACT"]).toBeUndefined();
  });

  it("the record step puts the model's location in the deployment payload", async () => {
    const record = stepNamed(job, "record the deployment");
    let payload: Obj | undefined;
    const github = {
      rest: {
        repos: {
          createDeployment: async (args: Obj) => {
            payload = args["payload"] as Obj;
            return { data: { id: 5 } };
          },
          createDeploymentStatus: async () => ({ data: {} }),
        },
      },
    };
    const r = await runScript(record, { "toJSON(needs)": needsJson({ train: { outputs: { score: "0.9", rows: "3" } } }) }, { github });
    expect(r.failed).toBeUndefined();
    expect(payload).toEqual({ pipeline: "flow", run_id: 77, model: "train.model", metrics: { score: 0.9, rows: 3 }, step_metrics: { "train.score": 0.9, "train.rows": 3 }, model_path: "model", model_artifact: "train.model" });
  });
});

describe("a kserve deploy whose name interpolates a param", () => {
  const doc = flow();
  const deploy = doc["pipelines"][0]["deploys"][0];
  deploy["to"] = { kind: "kserve", options: { name: "model-${version}", namespace: "ml" } };
  deploy["optionExprs"] = {
    name: { kind: "interpolate", type: { kind: "string" }, parts: [{ kind: "text", text: "model-" }, { kind: "expr", expr: { kind: "param", type: { kind: "string" }, name: "version" } }] },
  };
  const r = emit(doc, { artifact_store: "s3://bucket/mlp" });

  it("compiles (the name is checked when the deploy runs) and passes actionlint", async () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const f = r.files.find((x) => x.path === "flow.yml")!;
    expect(await actionlint(f.contents, f.path)).toEqual([]);
  });

  /** Runs the apply step with a stand-in kubectl that keeps the manifest it was given. */
  function apply(name: string): { status: number | null; stdout: string; manifest?: Obj } {
    const job = workflowOf(r, "flow.yml")["jobs"]["production"];
    const step = stepNamed(job, "apply InferenceService");
    const dir = mkdtempSync(join(workspace, "kserve-"));
    mkdirSync(join(dir, "bin"));
    writeFileSync(join(dir, "bin/kubectl"), `#!/bin/sh\nif [ "$1" = apply ]; then cp "$3" "${dir}/applied.json"; fi\n`, { mode: 0o755 });
    const env: Record<string, string> = { GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "77", MLP_KUBECONFIG: "k", MLP_OPTION_name: name };
    for (const [k, v] of Object.entries(step["env"] as Record<string, string>)) if (!v.startsWith("${{")) env[k] = evaluateNeutralised(v);
    const res = bash(String(step["run"]), dir, { ...env, PATH: `${dir}/bin:${process.env["PATH"] ?? ""}` });
    const applied = join(dir, "applied.json");
    return { status: res.status, stdout: res.stdout, ...(existsSync(applied) ? { manifest: JSON.parse(readFileSync(applied, "utf8")) as Obj } : {}) };
  }

  it("applies the InferenceService under the name computed at run time", () => {
    const out = apply("model-7");
    expect(out.status).toBe(0);
    expect(out.manifest!["metadata"]["name"]).toBe("model-7");
    expect(out.manifest!["metadata"]["namespace"]).toBe("ml");
    expect(out.manifest!["spec"]["predictor"]["model"]["storageUri"]).toBe("s3://bucket/mlp/flow/77/train/model/model");
  });

  it("refuses a computed name that is not a DNS label, before anything is applied", () => {
    const out = apply("Model_7; touch pwned");
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("::error::the computed name of deploy production is not a DNS label: Model_7; touch pwned");
    expect(out.manifest).toBeUndefined();
  });
});

describe("the model-CI summary of a pull request", () => {
  const report = jobs["mlp-report"]!;

  it("runs after the gates, the metrics and the production lookup, whatever happened", () => {
    expect(report["if"]).toBe("${{ always() }}");
    expect(report["needs"]).toEqual(["deployed-production", "enough_rows", "good", "train"]);
    expect(jobs["deployed-production"]!["outputs"]).toHaveProperty("score");
  });

  it("tabulates every gate condition with its values and every metric beside production's, with the difference, escaping Markdown", async () => {
    const hostileText = "a | b\nc <b>x</b> `y` *z*";
    const gateReport = JSON.stringify({ gate: "good", assert: false, passed: false, conditions: [{ text: "train.score >= min_score", holds: false, values: [["train.score", "0.42"], ["min_score", hostileText]] }] });
    const needs = needsJson({
      train: { outputs: { score: "0.42", rows: "3" } },
      good: { outputs: { passed: "false", report: gateReport } },
      enough_rows: { result: "skipped" },
      "deployed-production": { outputs: { score: "0.4" } },
    });
    const r = await runScript(stepNamed(report, "write the summary"), { "toJSON(needs)": needs });
    const lines = r.summary.split("\n");
    const rows = lines.filter((l) => l.startsWith("|"));
    // Every row of a table has as many cells as its header: no value adds or removes a `|`.
    const cells = (l: string): number => l.split("|").length - 2;
    expect(rows.map(cells)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect(r.summary).toContain("| good | <code>train.score &#62;= min&#95;score</code> | **no** | train.score = 0.42, min&#95;score = a &#124; b<br>c &#60;b&#62;x&#60;/b&#62; &#96;y&#96; &#42;z&#42; |");
    expect(r.summary).toContain("| enough&#95;rows | | not checked (skipped) | |");
    expect(r.summary).toContain("| train.score | 0.42 | 0.4 | +0.02 |");
    expect(r.summary).toContain("| train.rows | 3 | nothing recorded |  |");
  });
});

describe("a deployed model as an input (flow_predict)", () => {
  const predictJobs = predictWf["jobs"] as Record<string, Obj>;
  const predict = predictJobs["predict"]!;
  const lookup = predictJobs["deployed-production-flow"]!;

  it("looks up the other pipeline's record and downloads the model from the deploying run", () => {
    expect(lookup["steps"][0]["env"]).toMatchObject({ MLP_ENVIRONMENT: "production", MLP_FROM: "flow", MLP_MODEL: "true" });
    expect(predict["needs"]).toEqual(["deployed-production-flow"]);
    expect(predict["permissions"]).toEqual({ contents: "read", actions: "read" });
    const download = stepNamed(predict, "download the model deployed to production");
    expect(download["uses"]).toMatch(/^actions\/download-artifact@[0-9a-f]{40}$/);
    expect(download["with"]).toEqual({
      name: "${{ needs.deployed-production-flow.outputs.model-artifact }}",
      path: "_mlp/deployed/model",
      "run-id": "${{ needs.deployed-production-flow.outputs.model-run }}",
      "github-token": "${{ github.token }}",
    });
    expect(download["if"]).toBe("${{ needs.deployed-production-flow.outputs.found == 'true' && needs.deployed-production-flow.outputs.model-artifact != '' }}");
  });

  const lookupWith = async (deployments: Obj[][]): Promise<ScriptOutcome> => {
    const github = {
      rest: { repos: { listDeployments: () => undefined } },
      paginate: {
        iterator: async function* (_f: unknown, args: Obj) {
          expect(args).toMatchObject({ environment: "production", task: "mlp" });
          for (const page of deployments) yield { data: page };
        },
      },
    };
    return runScript(lookup["steps"][0], {}, { github });
  };

  it("takes the newest deployment of its pipeline, skipping other pipelines' records", async () => {
    const r = await lookupWith([
      [{ id: 3, payload: { pipeline: "other", run_id: 1, model_artifact: "x.y", model_path: "y" } }],
      [{ id: 2, payload: JSON.stringify({ pipeline: "flow", run_id: 41, model_artifact: "train.model", model_path: "model", metrics: {} }) }, { id: 1, payload: { pipeline: "flow", run_id: 40 } }],
    ]);
    expect(r.failed).toBeUndefined();
    expect(r.outputs).toEqual({ found: "true", "model-run": "41", "model-artifact": "train.model", "model-store": "", "model-path": "model" });
  });

  it("says found=false when the pipeline never deployed there, and refuses a record whose path is not a name", async () => {
    expect((await lookupWith([[{ id: 3, payload: { pipeline: "other" } }]])).outputs).toEqual({ found: "false" });
    const bad = await lookupWith([[{ id: 9, payload: { pipeline: "flow", run_id: 41, model_artifact: "train.model", model_path: "../../etc" } }]]);
    expect(bad.failed).toContain("does not say where its model is");
    expect(bad.outputs["found"]).toBeUndefined();
  });

  it("fails naming the environment and pipeline when nothing is deployed and there is no fallback", () => {
    const run = stepNamed(predict, "run predict");
    const r = bash(String(run["run"]), workspace, { GITHUB_WORKSPACE: workspace, MLP_FOUND_model: "false", MLP_IN_model: "_mlp/deployed/model", MLP_IN_rows: "data/rows.csv" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::error::nothing is deployed to production by pipeline flow, and input model has no fallback");
  });

  it("falls back to a dataset, whose path replaces the model's when nothing is deployed", () => {
    const doc = flow();
    const input = doc["pipelines"][1]["steps"][0]["inputs"][0];
    input["binding"]["fallback"] = { kind: "dataset", dataset: "rows" };
    const w = workflowOf(emit(doc), "flow_predict.yml");
    const run = stepNamed(w["jobs"]["predict"], "run predict");
    const script = String(run["run"]).replace(/node predict\.mjs/, "printf '%s\\n'");
    const dir = mkdtempSync(join(workspace, "fallback-"));
    mkdirSync(join(dir, "_mlp/deployed/model"), { recursive: true });
    const env = { GITHUB_WORKSPACE: dir, MLP_IN_model: "_mlp/deployed/model", MLP_FALLBACK_model: run["env"]["MLP_FALLBACK_model"], MLP_IN_rows: "data/rows.csv", MLP_OUT_predictions: "_mlp/out/p", MLP_METRICS: "_mlp/m.json" };
    const none = bash(script, dir, { ...env, MLP_FOUND_model: "false" });
    expect(none.status).toBe(0);
    expect(none.stdout.split("\n")[0]).toBe(`${dir}/data/rows.csv`);
    const some = bash(script, dir, { ...env, MLP_FOUND_model: "true", MLP_MODEL_PATH_model: "model" });
    expect(some.stdout.split("\n")[0]).toBe(`${dir}/_mlp/deployed/model/model`);
    expect(dirname(some.stdout.split("\n")[0]!)).toBe(`${dir}/_mlp/deployed/model`);
  });
});

describe("control flow beside a sweep (test/fixtures/sweep/tune.ir.json)", () => {
  const doc = JSON.parse(readFileSync(resolve(REPO_ROOT, "test/fixtures/sweep/tune.ir.json"), "utf8")) as Obj;
  const p = doc["pipelines"][0];
  const origin = p["origin"];
  // An else branch of the gate after the sweep, and a finally step.
  p["steps"].push(
    { ...IR_STEP_DEFAULTS, name: "retune", origin, run: { template: "echo retune", parts: [{ kind: "text", text: "echo retune" }] }, needs: ["quality"], afterNot: ["quality"] },
    { ...IR_STEP_DEFAULTS, name: "notify", origin, run: { template: "echo ${status}", parts: [{ kind: "text", text: "echo " }, { kind: "builtin", name: "status" }] }, finally: true },
  );
  p["order"].push({ kind: "step", name: "retune" }, { kind: "step", name: "notify" });
  const r = emit(doc);
  const w = workflowOf(r, "tune_demo.yml");
  const j = w["jobs"] as Record<string, Obj>;

  it("passes actionlint and the schema", async () => {
    for (const f of r.files) {
      expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
      expect(schemaErrors(f.contents), f.path).toEqual([]);
    }
  });

  it("the else branch after the members' fan-in states its own condition, over the gate's output", () => {
    expect(j["retune"]!["if"]).toBe("${{ !cancelled() && needs.quality.result == 'success' && needs.quality.outputs.passed == 'false' }}");
  });

  it("finally needs the matrix jobs and the fan-in too, and counts only the gate outside the sweep", () => {
    const needs = [...(j["notify"]!["needs"] as string[])].sort();
    expect(needs).toEqual(Object.keys(j).filter((id) => id !== "notify").sort());
    expect(needs).toEqual(expect.arrayContaining(["train", "evaluate", "tune", "quality", "production", "retune"]));
    expect(stepNamed(j["notify"]!, "work out the run's status")["env"]["MLP_GATES"]).toBe('["quality"]');
  });
});
