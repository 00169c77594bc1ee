/**
 * GitHub Actions: the scripts the workflow really runs in its `actions/github-script` steps (the
 * gate job's `check` step, step `use`'s `compute inputs` step), run as github-script runs them: the
 * body of an async function given `require` and `core`, with the workflow's, the job's and the
 * step's `env:` in `process.env`, `${{ … }}` in those values replaced by what GitHub would put
 * there: `toJSON(needs)` (each upstream job's outputs, as strings, as the metrics and lookup
 * steps set them) and `toJSON(inputs)`. Either the run is not dispatched by hand, so params are
 * the defaults the workflow carries (`MLP_PARAM_DEFAULTS`), or it is (`workflow_dispatch`) and
 * they are the `inputs` someone typed: booleans as booleans (the `inputs` context keeps them),
 * anything else as the text typed, an optional param left blank as "". With more params than
 * `dispatch_inputs`, params travel as one JSON input decoded by the `mlp-params` job, whose
 * script runs first and whose outputs the other jobs' `needs` then hold.
 */
import { createRequire } from "node:module";
import { parse } from "yaml";
import type { IrPipeline } from "../../src/ir/ir.js";
import { target } from "../../targets/github-actions/index.js";
import { evaluateNeutralised } from "../../targets/github-actions/gh-expr.js";
import type { ExprCase } from "./cases.js";
import { deployedValues, metricValues, paramValues, type CompiledCase } from "./case-pipeline.js";
import { canonicalText } from "./outcome.js";
import type { Outcome } from "./outcome.js";

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: { script?: string };
}
interface Workflow {
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, { env?: Record<string, string>; needs?: string[]; outputs?: Record<string, string>; steps: Step[] }>;
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** How params reach the scripts. */
export type GithubMode = "defaults" | "dispatched" | "json-defaults" | "json-dispatched";

function workflowOf(compiled: CompiledCase, mode: GithubMode): Workflow {
  const options = mode.startsWith("json") ? { dispatch_inputs: 2 } : {};
  const result = target.emit(compiled.ir, { optionsFor: (p: IrPipeline) => ({ ...((p.targets["github"]?.options as Record<string, unknown> | undefined) ?? {}), ...options }), mlpVersion: "0.1.0" });
  const file = result.files[0];
  if (file === undefined) throw new Error(`no workflow: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return parse(file.contents) as Workflow;
}

/**
 * What `needs.<job>.outputs` holds: metrics as the report step sets them (JSON text), unset ones
 * empty; the `mlp-params` job's outputs from running its script.
 */
async function needsOf(c: ExprCase, wf: Workflow, job: string, inputs: Record<string, unknown> | undefined): Promise<Record<string, unknown> | { fails: string }> {
  const metrics = metricValues(c.env) as Record<string, unknown>;
  const deployed = deployedValues(c.env) as Record<string, unknown> | null;
  const needs: Record<string, unknown> = {};
  for (const name of wf.jobs[job]!.needs ?? []) {
    const declared = wf.jobs[name]!.outputs ?? {};
    const outputs: Record<string, string> = {};
    if (name === "mlp-params") {
      const r = await runStep(c, wf, name, "params", inputs);
      if ("fails" in r) return r;
      for (const [o, expr] of Object.entries(declared)) {
        const m = /^\$\{\{ steps\.params\.outputs\.([\w-]+) \}\}$/.exec(expr);
        if (m === null) throw new Error(`unexpected output ${o}: ${expr}`);
        outputs[o] = r.outputs[m[1]!] ?? "";
      }
    } else {
      const source = name === "m" ? metrics : name === "deployed-prod" ? deployed ?? {} : {};
      for (const o of Object.keys(declared)) outputs[o] = source[o] === undefined ? "" : JSON.stringify(source[o]);
    }
    needs[name] = { result: "success", outputs };
  }
  return needs;
}

/** The `inputs` context of a dispatched run that gives each param the case's value. */
function inputsOf(c: ExprCase, compiled: CompiledCase, json: boolean): Record<string, unknown> {
  const values = paramValues(c.env);
  if (json) return { params: JSON.stringify(values) };
  const inputs: Record<string, unknown> = {};
  for (const p of compiled.pipeline.params) {
    const v = values[p.name];
    inputs[p.name] = v === undefined ? "" : typeof v === "boolean" ? v : canonicalText(v);
  }
  return inputs;
}

function resolveEnv(value: string, needs: Record<string, unknown>, inputs: Record<string, unknown>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => {
    // A `${{` in data, neutralised by the target (gh-expr.ts): GitHub gives back the two characters.
    if (e === "'${{'") return "${{";
    if (e === "toJSON(needs)") return JSON.stringify(needs, null, 2);
    if (e === "toJSON(inputs)") return JSON.stringify(inputs, null, 2);
    const input = /^inputs\.([\w-]+)$/.exec(e);
    if (input !== null) return inputs[input[1]!] === undefined ? "" : String(inputs[input[1]!]);
    const need = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (need !== null) return ((needs[need[1]!] as { outputs: Record<string, string> } | undefined)?.outputs[need[2]!]) ?? "";
    throw new Error(`unexpected expression \${{ ${e} }} in a script step's env`);
  });
}

async function runStep(c: ExprCase, wf: Workflow, job: string, stepId: string, inputs: Record<string, unknown> | undefined): Promise<{ outputs: Record<string, string> } | { fails: string }> {
  const j = wf.jobs[job];
  const step = j?.steps.find((s) => s.id === stepId);
  if (step?.with?.script === undefined || !/^actions\/github-script@/.test(step.uses ?? "")) throw new Error(`no github-script step ${job}.${stepId}`);
  const needs = await needsOf(c, wf, job, inputs);
  if ("fails" in needs) return needs as { fails: string };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...wf.env, ...j!.env, ...step.env })) env[k] = resolveEnv(v, needs, inputs ?? {});
  const outputs: Record<string, string> = {};
  const summary = { addHeading: () => summary, addTable: () => summary, addRaw: () => summary, write: async () => summary };
  const core = { setOutput: (n: string, v: unknown) => void (outputs[n] = String(v)), info: () => undefined, notice: () => undefined, summary };
  const saved = { ...process.env };
  Object.assign(process.env, env, { GITHUB_EVENT_NAME: inputs !== undefined ? "workflow_dispatch" : "schedule" });
  try {
    await new AsyncFunction("require", "core", evaluateNeutralised(step.with.script))(createRequire(import.meta.url), core);
    return { outputs };
  } catch (e) {
    return { fails: (e as Error).message };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export async function runGithub(c: ExprCase, compiled: CompiledCase, mode: GithubMode): Promise<Outcome> {
  const wf = workflowOf(compiled, mode);
  const inputs = mode.endsWith("dispatched") ? inputsOf(c, compiled, mode.startsWith("json")) : undefined;
  if (mode.startsWith("json") && wf.jobs["mlp-params"] === undefined) throw new Error("params are not one JSON input");
  let text: string | undefined;
  let holds: boolean | undefined;
  if (compiled.input) {
    const r = await runStep(c, wf, "use", "inputs", inputs);
    if ("fails" in r) return r;
    text = r.outputs["v"];
  }
  if (compiled.gated) {
    const r = await runStep(c, wf, "check", "check", inputs);
    if ("fails" in r) return r;
    holds = r.outputs["passed"] === "true";
  }
  return { ...(text !== undefined ? { text } : {}), ...(holds !== undefined ? { holds } : {}) };
}
