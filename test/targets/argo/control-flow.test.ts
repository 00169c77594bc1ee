/**
 * Control flow on Argo (targets/argo/control-flow.ts, deploy-options.ts, deployed-model.ts), on
 * test/fixtures/control/flow.ir.json: schema-valid output and its golden; gates, asserts and
 * `after not` evaluated with the expr-lang evaluator the expression tests use; the exit handler's
 * status expression over every workflow outcome; the assert, command-deploy and model-lookup
 * scripts run in a real `sh` with hostile values.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellQuote } from "../../../targets/argo/safe-text.js";
import type { IrDocument, IrPipeline } from "../../../src/ir/ir.js";
import { compileToIr } from "../../../src/compile.js";
import { nodeHost } from "../../../src/source/host.js";
import { expectGolden } from "../../helpers/golden.js";
import { evalExprLang, ExprError, goText, type GoValue } from "../../expr/expr-lang.js";
import { documentTagProblems } from "./argo-tags.js";
import { checkFile, kubeletView, readIr, runArgo, snapshotText } from "./helpers.js";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/control/flow.ir.json");
const GOLDEN = resolve(import.meta.dirname, "../../golden/argo/control-flow.snap");

type Doc = Record<string, any>;

function emitted(ir: IrDocument, override?: Record<string, unknown>) {
  const out = runArgo(ir, override);
  const docs = new Map(out.files.map((f) => [f.path, checkFile(f)[0]! as Doc]));
  return { out, docs };
}

function mainTasks(wf: Doc): Doc[] {
  return wf.spec.templates.find((t: Doc) => t.name === wf.spec.entrypoint).dag.tasks;
}
const task = (wf: Doc, name: string): Doc => mainTasks(wf).find((t) => t.name === name)!;
const template = (wf: Doc, name: string): Doc => wf.spec.templates.find((t: Doc) => t.name === name);

/** The body of the one expression tag that makes up `text`. */
function tagBody(text: string): string {
  const m = /^\{\{=(.*)\}\}$/s.exec(text);
  if (m === null) throw new Error(`not one expression tag: ${text}`);
  return m[1]!;
}

/** A tag's value as Argo writes it (`%v`), or the evaluation error. */
function evalTag(text: string, env: Record<string, GoValue>): string {
  const v = evalExprLang(tagBody(text), env);
  if (v === null) throw new ExprError("nil");
  return goText(v);
}

/** The variables of the main DAG: the workflow's arguments (overridden) and `train`'s metrics. */
function dagEnv(wf: Doc, params: Record<string, string>, metrics: Record<string, number>): Record<string, GoValue> {
  const parameters: Record<string, GoValue> = {};
  for (const p of wf.spec.arguments?.parameters ?? []) parameters[p.name] = p.value;
  Object.assign(parameters, params);
  return { workflow: { parameters }, tasks: { train: { outputs: { parameters: { metrics: JSON.stringify(metrics) } } } }, sprig: {} };
}

function arg(t: Doc, name: string): string {
  return t.arguments.parameters.find((p: Doc) => p.name === name).value;
}
const b64 = (s: string): string => Buffer.from(s, "base64").toString("utf8");

/** A container's script and env after the kubelet's `$$` expansion. */
function containerOf(t: Doc): { script: string; env: Map<string, Doc> } {
  const c = kubeletView(t.container);
  return { script: c.args[0], env: new Map((c.env ?? []).map((e: Doc) => [e.name, e])) };
}

/** A folder of stand-in commands (`node`, `kubectl`) that print their argv, one per line. */
function fakeBin(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlp-argo-bin-"));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

function run(script: string, env: Record<string, string>, cwd?: string) {
  return spawnSync("sh", ["-c", script], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, encoding: "utf8", ...(cwd !== undefined ? { cwd } : {}) });
}

const ir = readIr(FIXTURE);
const { out, docs } = emitted(ir);
const wf = docs.get("flow.workflow.yaml")!;
const predict = docs.get("flow-predict.workflow.yaml")!;

describe("flow.ir.json on Argo", () => {
  it("emits valid Workflows, with only the pull-request note, deterministically, matching the golden file", () => {
    expect(out.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([["MLP5205", "info", "`trigger on pull_request(…)` is not part of the emitted Argo documents"]]);
    expect([...docs.keys()]).toEqual(["flow.workflow.yaml", "flow-predict.workflow.yaml"]);
    expect(snapshotText(runArgo(readIr(FIXTURE)).files)).toBe(snapshotText(out.files));
    expectGolden(GOLDEN, snapshotText(out.files));
  });

  it("writes no template tag but its own", () => {
    expect(documentTagProblems(wf)).toEqual([]);
    expect(documentTagProblems(predict)).toEqual([]);
  });
});

describe("gates, asserts and `after not`", () => {
  const cases = [
    { score: 0.7, rows: 3, gate: true },
    { score: 0.2, rows: 3, gate: false },
    { score: 0.5, rows: 1, gate: true },
  ];
  it.each(cases)("score $score: the gate or its not-held task runs, never both", ({ score, rows, gate }) => {
    const env = dagEnv(wf, {}, { score, rows });
    expect(evalTag(task(wf, "good").when, env)).toBe(String(gate));
    expect(evalTag(task(wf, "good-not-held").when, env)).toBe(String(!gate));
    expect(task(wf, "good-not-held").depends).toBe(task(wf, "good").depends);
  });

  it("logs the condition and its values when the gate does not hold, and marks the run gated", () => {
    const report = b64(evalTag(arg(task(wf, "good-not-held"), "report"), dagEnv(wf, {}, { score: 0.25, rows: 3 })));
    expect(report).toBe("gate `good` did not hold; what depends on it is skipped\n  `train.score >= min_score`: does not hold with train.score = 0.25, min_score = 0.5");
    const t = template(wf, "mlp-gate-not-held");
    expect(t.outputs.parameters).toEqual([{ name: "gated", globalName: "mlp-gated", valueFrom: { path: "/tmp/mlp-gated" } }]);
    const { script } = containerOf(t);
    const dir = mkdtempSync(join(tmpdir(), "mlp-gated-"));
    const r = run(script.replaceAll("/tmp/mlp-gated", join(dir, "gated")), { MLP_REPORT_B64: Buffer.from(report).toString("base64") });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${report}\n`);
    expect(readFileSync(join(dir, "gated"), "utf8")).toBe("true");
  });

  it("fails the assert's task with its report when the assert does not hold", () => {
    const t = task(wf, "enough-rows");
    expect(t.template).toBe("mlp-assert");
    expect(t.when).toBeUndefined();
    const { script } = containerOf(template(wf, "mlp-assert"));
    for (const rows of [0, 1, 5]) {
      const env = dagEnv(wf, {}, { score: 0.9, rows });
      const held = evalTag(arg(t, "held"), env);
      expect(held).toBe(String(rows >= 1));
      const r = run(script, { MLP_HELD: held, MLP_REPORT_B64: evalTag(arg(t, "report"), env) });
      const verdict = rows >= 1 ? "holds" : "does not hold; the run fails";
      const report = `assert \`enough_rows\` ${verdict}\n  \`train.rows >= min_rows\`: ${rows >= 1 ? "holds" : "does not hold"} with train.rows = ${rows}, min_rows = 1\n`;
      expect([r.status, rows >= 1 ? r.stdout : r.stderr]).toEqual([rows >= 1 ? 0 : 1, report]);
    }
    // what depends on the assert waits for it to succeed
    expect(task(wf, "deploy-production").depends).toBe("enough-rows.Succeeded && good.Succeeded && train.Succeeded");
  });

  it("runs the else branch only when the gate was checked and skipped", () => {
    expect(task(wf, "rejected").depends).toBe("good.Skipped && train.Succeeded");
    expect(task(wf, "rejected").when).toBeUndefined();
  });

  it("computes interpolated inputs as the runtime's text (floats as JavaScript prints them)", () => {
    const env = dagEnv(wf, { min_score: "0.5" }, { score: 1e-7, rows: 3 });
    expect(b64(evalTag(arg(task(wf, "rejected"), "message"), env))).toBe("score 1e-7 is below 0.5");
    const hostile = "x'\"; $(touch pwned) {{workflow.name}} `id`";
    const env2 = dagEnv(wf, { tag: hostile }, { score: 1, rows: 1 });
    expect(b64(evalTag(arg(task(wf, "train"), "name"), env2))).toBe(`model-${hostile}`);
    expect(b64(evalTag(arg(task(wf, "train"), "label"), env2))).toBe(`v-${hostile}`);
  });
});

describe("finally and ${status}", () => {
  it("runs the finally steps in the exit handler, not in the main DAG", () => {
    expect(wf.spec.onExit).toBe("mlp-finally");
    expect(mainTasks(wf).map((t) => t.name)).not.toContain("notify");
    expect(template(wf, "mlp-finally").dag.tasks.map((t: Doc) => t.name)).toEqual(["notify"]);
  });

  const status = arg(template(wf, "mlp-finally").dag.tasks[0], "mlp-status");
  const stopped = JSON.stringify(JSON.stringify([{ displayName: "train", message: "Stopped with strategy 'Stop'", phase: "Failed" }]));
  const failed = JSON.stringify(JSON.stringify([{ displayName: "enough-rows", message: "Error (exit code 1)", phase: "Failed" }]));
  const outcomes: [string, string, boolean, string][] = [
    ["Succeeded", JSON.stringify("null"), false, "succeeded"],
    ["Succeeded", JSON.stringify("null"), true, "gated"],
    ["Failed", failed, false, "failed"],
    ["Failed", failed, true, "failed"],
    ["Error", failed, false, "failed"],
    ["Failed", stopped, false, "cancelled"],
    ["Failed", stopped, true, "cancelled"],
  ];
  it.each(outcomes)("workflow %s, failures %s, gated %s: %s", (phase, failures, gated, expected) => {
    const workflow: Record<string, GoValue> = { name: "flow-abc12", status: phase, failures, parameters: { tag: "blue" } };
    if (gated) workflow.outputs = { parameters: { "mlp-gated": "true" } };
    expect(evalTag(status, { workflow, sprig: {} })).toBe(expected);
  });

  it("hands the status to the command as data", () => {
    const { script, env } = containerOf(template(wf, "notify"));
    expect(env.get("MLP_STATUS")!.value).toBe("{{inputs.parameters.mlp-status}}");
    const bin = fakeBin({ node: `for a in "$@"; do printf '%s\\n' "$a"; done` });
    const r = run(script.replaceAll("/workspace", tmpdir()).replace("mkdir -p /tmp/mlp-out /tmp/mlp-work", ":"), {
      PATH: `${bin}:${process.env.PATH}`,
      MLP_STATUS: "gated",
      MLP_IN_B64_tag: Buffer.from("a b").toString("base64"),
    });
    expect([r.status, r.stdout]).toEqual([0, "notify.mjs\ngated\na b\n"]);
  });
});

describe("computed deploy options", () => {
  it("evaluates the command's values at run time and hands them to the command as single words", () => {
    const t = task(wf, "deploy-production");
    const env = dagEnv(wf, { version: "1; rm -rf / $(id) '\"{{x}}" }, { score: 0.75, rows: 3 });
    const values = ["mlp-opt-0", "mlp-opt-1"].map((p) => evalTag(arg(t, p), env));
    expect(values.map(b64)).toEqual(["1; rm -rf / $(id) '\"{{x}}", "0.75"]);
    const { script, env: cenv } = containerOf(template(wf, "deploy-production"));
    expect(cenv.get("DEPLOY_TOKEN")!.valueFrom.secretKeyRef).toEqual({ name: "flow-secrets", key: "DEPLOY_TOKEN" });
    const bin = fakeBin({ node: `for a in "$@"; do printf '%s\\n' "$a"; done` });
    const r = run(script, { PATH: `${bin}:${process.env.PATH}`, MLP_OPT_0_B64: values[0]!, MLP_OPT_1_B64: values[1]! }, tmpdir());
    expect([r.status, r.stdout]).toEqual([0, "ship.mjs\n1; rm -rf / $(id) '\"{{x}}\n0.75\n"]);
  });

  it("refuses an interpolated kserve option (MLP5218), naming it", () => {
    const bad = structuredClone(ir) as any;
    const d = bad.pipelines[0].deploys[0];
    d.to = { kind: "kserve", options: { name: "m-${version}" } };
    d.optionExprs = { name: { kind: "interpolate", type: { kind: "string" }, parts: [{ kind: "text", text: "m-" }, { kind: "expr", expr: { kind: "param", type: { kind: "string" }, name: "version" } }] } };
    const r = runArgo(bad);
    expect(r.diagnostics.filter((x) => x.severity === "error").map((x) => [x.code, x.message])).toEqual([
      ["MLP5218", "option `name` of deploy `production` (`to kserve`) interpolates values, which Argo cannot compute there"],
    ]);
    // no template ships the refused deploy
    expect(r.files.map((f) => f.contents).join("")).not.toContain("deploy-production");
  });
});

describe("pull requests", () => {
  it("skips every deploy on a run submitted for a pull request", () => {
    expect(wf.spec.arguments.parameters.find((p: Doc) => p.name === "mlp-pull-request")).toMatchObject({ value: "false", enum: ["true", "false"] });
    const when = task(wf, "deploy-production").when;
    expect(evalTag(when, dagEnv(wf, {}, {}))).toBe("true");
    expect(evalTag(when, dagEnv(wf, { "mlp-pull-request": "true" }, {}))).toBe("false");
    expect(out.diagnostics[0]!.help.join(" ")).toContain("mlp-pull-request=true");
  });
});

describe("deployed(…).model inputs", () => {
  const lookup = task(predict, "model-flow-production");
  const step = task(predict, "predict");

  it("reads the record the deploy writes: the model's key in the artifact repository", () => {
    const record = template(wf, "record-production").resource.manifest as string;
    expect(record).toContain("model_key: '{{workflow.name}}/train/model'");
    expect(lookup.template).toBe("model-flow-production");
    expect(step.depends).toBe("model-flow-production.Succeeded");
    const artifact = template(predict, "predict").inputs.artifacts[0];
    expect(artifact).toEqual({ name: "model", path: "/tmp/mlp-in/model", optional: true, s3: { key: "{{inputs.parameters.mlp-key-model}}" } });
  });

  for (const [recorded, found] of [["flow-abc12/train/model", "true"], ["", "false"]] as const) {
    it(`the lookup finds ${recorded === "" ? "nothing" : "a model"}, and the step ${found === "true" ? "reads it" : "fails naming the environment and the pipeline"}`, () => {
      const { script } = containerOf(template(predict, "model-flow-production"));
      const dir = mkdtempSync(join(tmpdir(), "mlp-lookup-"));
      const bin = fakeBin({ kubectl: `printf '%s' '${recorded}'` });
      const r = run(script.replaceAll("/tmp/mlp-", join(dir, "mlp-")), { PATH: `${bin}:${process.env.PATH}` });
      expect(r.status).toBe(0);
      expect(readFileSync(join(dir, "mlp-found"), "utf8")).toBe(found);
      expect(readFileSync(join(dir, "mlp-key"), "utf8")).toBe(recorded === "" ? "mlp-nothing-deployed/flow/production" : recorded);

      const outputs = { found: readFileSync(join(dir, "mlp-found"), "utf8"), key: readFileSync(join(dir, "mlp-key"), "utf8") };
      const env = { tasks: { "model-flow-production": { outputs: { parameters: outputs } } }, sprig: {} };
      expect(evalTag(arg(step, "mlp-found-model"), env)).toBe(found);
      const { script: stepScript } = containerOf(template(predict, "predict"));
      const node = fakeBin({ node: `for a in "$@"; do printf '%s\\n' "$a"; done` });
      mkdirSync(join(dir, "ws"), { recursive: true });
      const s = run(stepScript.replace("mkdir -p /tmp/mlp-out /tmp/mlp-work", ":"), { PATH: `${node}:${process.env.PATH}`, MLP_FOUND_model: found }, join(dir, "ws"));
      if (found === "true") expect([s.status, s.stdout]).toEqual([0, "predict.mjs\n/tmp/mlp-in/model\n/workspace/data/rows.csv\n/tmp/mlp-out/predictions\n"]);
      else expect([s.status, s.stderr]).toEqual([1, "step `predict`: nothing is deployed to `production` by pipeline `flow` (input `model`)\n"]);
    });
  }

  it("falls back to the fallback binding when nothing is deployed", () => {
    const withFallback = structuredClone(ir) as any;
    const p = withFallback.pipelines[1] as IrPipeline & { steps: any[] };
    p.steps[0].inputs[0].binding.fallback = { kind: "dataset", dataset: "rows" };
    const { docs: d } = emitted(withFallback);
    const t = template(d.get("flow-predict.workflow.yaml")!, "predict");
    const { script } = containerOf(t);
    const node = fakeBin({ node: `printf '%s\\n' "$2"` });
    const dir = mkdtempSync(join(tmpdir(), "mlp-fallback-"));
    const go = (found: string) => run(script.replace("mkdir -p /tmp/mlp-out /tmp/mlp-work", ":"), { PATH: `${node}:${process.env.PATH}`, MLP_FOUND_model: found }, dir);
    expect([go("true").status, go("true").stdout]).toEqual([0, "/tmp/mlp-in/model\n"]);
    expect([go("false").status, go("false").stdout]).toEqual([0, "/workspace/data/rows.csv\n"]);
  });
});

describe("deployed(…, from: PIPELINE) metrics", () => {
  it("reads the other pipeline's record in its own lookup task", () => {
    const other = structuredClone(ir) as any;
    const p = other.pipelines[1];
    p.params = [];
    p.gates = [
      {
        name: "better",
        origin: p.origin,
        conditions: [{ text: "deployed(production, from: flow).score ?? 0 >= 0", origin: p.origin, expr: { kind: "binary", type: { kind: "bool" }, op: ">=", left: { kind: "binary", type: { kind: "float" }, op: "??", left: { kind: "deployed", type: { kind: "float", optional: true }, env: "production", pipeline: "flow", metric: "score" }, right: { kind: "literal", type: { kind: "float" }, value: 0 } }, right: { kind: "literal", type: { kind: "float" }, value: 0 } } }],
        needs: [],
      },
    ];
    p.order = [{ kind: "gate", name: "better" }, ...p.order];
    const { out: o, docs: d } = emitted(other);
    expect(o.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    const w = d.get("flow-predict.workflow.yaml")!;
    expect(task(w, "better").depends).toBe("deployed-flow-production.Succeeded");
    expect(containerOf(template(w, "deployed-flow-production")).script).toContain("kubectl get configmap mlp-flow-production --ignore-not-found -o 'jsonpath={.data.metrics}'");
    const env = { tasks: { "deployed-flow-production": { outputs: { parameters: { metrics: '{"score":0.4}' } } } }, sprig: {} };
    expect(evalTag(task(w, "better").when, env)).toBe("true");
    expect(documentTagProblems(w)).toEqual([]);
  });
});

describe("hostile interpolated text", () => {
  const pieces = ["{{", "}}", "{{workflow.name}}", "{{=1}}", "'", '"', "\\", "$(id)", "`id`", "$$", "?", ":", "\n", "\u2028", "#", "%v", "${x}"];
  const hostile = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 10 }).map((a) => a.join(""));
  it("stays data: no tag but the target's, and the step and the command receive exactly the text", () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (text, tag, commandText) => {
        const doc = structuredClone(ir) as any;
        const flow = doc.pipelines[0];
        flow.params.find((p: any) => p.name === "tag").default = tag;
        flow.steps.find((s: any) => s.name === "train").inputs.find((i: any) => i.name === "label").binding.expr.parts[0].text = text;
        const d = flow.deploys[0];
        d.optionExprs.command.parts[0].text = `node ship.mjs ${shellQuote(commandText)} `;
        const { out: o, docs: ds } = emitted(doc);
        expect(o.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
        const w = ds.get("flow.workflow.yaml")!;
        expect(documentTagProblems(w)).toEqual([]);
        // the param's default may travel in a ConfigMap (it holds `{{`): read it from there
        const cm = ds.get("flow.params.yaml");
        const params: Record<string, string> = cm !== undefined && cm.data.tag !== undefined ? { tag: cm.data.tag } : {};
        const env = dagEnv(w, params, { score: 0.5, rows: 1 });
        expect(b64(evalTag(arg(task(w, "train"), "label"), env))).toBe(`${text}${tag}`);
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

describe("MLP5219", () => {
  it("refuses a deployed model read inside a sweep, naming the step", () => {
    const doc = readIr(resolve(import.meta.dirname, "../../fixtures/sweep/tune.ir.json")) as any;
    const member = doc.pipelines[0].steps.find((s: any) => s.name === "evaluate");
    member.inputs.push({ name: "live", type: { kind: "Model" }, binding: { kind: "deployed", env: "production" } });
    const r = runArgo(doc);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message])).toEqual([
      ["MLP5219", "step `evaluate` of a sweep reads `deployed(production).model`, which the Argo target reads only outside sweeps"],
    ]);
  });
});

describe("a gate inside a sweep", () => {
  it("reports from the point's DAG and marks the run gated", () => {
    const doc = readIr(resolve(import.meta.dirname, "../../fixtures/sweep/tune.ir.json")) as any;
    const p = doc.pipelines[0];
    const origin = p.gates[0].origin;
    p.gates.push({
      name: "point_ok",
      origin,
      sweep: "tune",
      conditions: [{ text: "evaluate.f1 >= 0.1", origin, expr: { kind: "binary", type: { kind: "bool" }, op: ">=", left: { kind: "metric", type: { kind: "float" }, step: "evaluate", metric: "f1" }, right: { kind: "literal", type: { kind: "float" }, value: 0.1 } } }],
      needs: ["evaluate"],
    });
    p.sweeps[0].members.push("point_ok");
    p.sweeps[0].needs = [...p.sweeps[0].needs, "point_ok"].sort();
    p.order.splice(3, 0, { kind: "gate", name: "point_ok" });
    const { out: o, docs: d } = emitted(doc);
    expect(o.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    const w = [...d.values()].find((x) => x.kind === "Workflow")!;
    const point = template(w, "tune-point").dag.tasks as Doc[];
    const notHeld = point.find((t) => t.name === "point-ok-not-held")!;
    expect(notHeld).toMatchObject({ template: "mlp-gate-not-held", depends: "evaluate.Succeeded" });
    expect(point.find((t) => t.name === "point-ok")!.depends).toBe(notHeld.depends);
    expect(template(w, "mlp-gate-not-held").outputs.parameters[0].globalName).toBe("mlp-gated");
    const env = { tasks: { evaluate: { outputs: { parameters: { metrics: '{"f1":0.05}' } } } }, sprig: {} };
    expect(evalTag(notHeld.when, env)).toBe("true");
    expect(b64(evalTag(arg(notHeld, "report"), env))).toBe("gate `point_ok` did not hold; what depends on it is skipped\n  `evaluate.f1 >= 0.1`: does not hold with evaluate.f1 = 0.05");
    expect(documentTagProblems(w)).toEqual([]);
  });
});

describe("flow.mlp through the front end", () => {
  it("compiles to the Argo documents of flow.ir.json, with the same notes", () => {
    const compiled = compileToIr(resolve(import.meta.dirname, "../../fixtures/control/flow.mlp"), nodeHost);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const fromSource = runArgo(compiled.ir!);
    expect(fromSource.diagnostics.map((d) => [d.code, d.message])).toEqual(out.diagnostics.map((d) => [d.code, d.message]));
    for (const f of fromSource.files) checkFile(f);
    expect(snapshotText(fromSource.files)).toBe(snapshotText(out.files));
  });
});
