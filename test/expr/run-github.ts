/**
 * GitHub Actions: the scripts the workflow really runs in its `actions/github-script` steps (the
 * gate job's `check` step, step `use`'s `compute inputs` step), run as github-script runs them: the
 * body of an async function given `require` and `core`, with the workflow's, the job's and the
 * step's `env:` in `process.env`, `${{ … }}` in those values replaced by what GitHub would put
 * there: `toJSON(needs)` (each upstream job's outputs, as strings, as the metrics and lookup
 * steps set them) and `toJSON(inputs)`. The run is not dispatched by hand, so params are the
 * defaults the workflow carries (`MLP_PARAM_DEFAULTS`).
 */
import { createRequire } from "node:module";
import { parse } from "yaml";
import type { IrPipeline } from "../../src/ir/ir.js";
import { target } from "../../targets/github-actions/index.js";
import type { ExprCase } from "./cases.js";
import { deployedValues, metricValues, type CompiledCase } from "./case-pipeline.js";
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

function workflowOf(compiled: CompiledCase): Workflow {
  const result = target.emit(compiled.ir, { optionsFor: (p: IrPipeline) => (p.targets["github"]?.options as Record<string, unknown> | undefined) ?? {}, mlpVersion: "0.1.0" });
  const file = result.files[0];
  if (file === undefined) throw new Error(`no workflow: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return parse(file.contents) as Workflow;
}

/** What `needs.<job>.outputs` holds: metrics as the report step sets them (JSON text), unset ones empty. */
function needsOf(c: ExprCase, wf: Workflow, job: string): Record<string, unknown> {
  const metrics = metricValues(c.env) as Record<string, unknown>;
  const deployed = deployedValues(c.env) as Record<string, unknown> | null;
  const needs: Record<string, unknown> = {};
  for (const name of wf.jobs[job]!.needs ?? []) {
    const declared = Object.keys(wf.jobs[name]!.outputs ?? {});
    const source = name === "m" ? metrics : name === "deployed-prod" ? deployed ?? {} : {};
    const outputs: Record<string, string> = {};
    for (const o of declared) outputs[o] = source[o] === undefined ? "" : JSON.stringify(source[o]);
    needs[name] = { result: "success", outputs };
  }
  return needs;
}

function resolveEnv(value: string, needs: Record<string, unknown>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => {
    if (e === "toJSON(needs)") return JSON.stringify(needs, null, 2);
    if (e === "toJSON(inputs)") return "{}";
    throw new Error(`unexpected expression \${{ ${e} }} in a script step's env`);
  });
}

async function runStep(c: ExprCase, wf: Workflow, job: string, stepId: string): Promise<{ outputs: Record<string, string> } | { fails: string }> {
  const j = wf.jobs[job];
  const step = j?.steps.find((s) => s.id === stepId);
  if (step?.with?.script === undefined || !/^actions\/github-script@/.test(step.uses ?? "")) throw new Error(`no github-script step ${job}.${stepId}`);
  const needs = needsOf(c, wf, job);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...wf.env, ...j!.env, ...step.env })) env[k] = resolveEnv(v, needs);
  const outputs: Record<string, string> = {};
  const summary = { addHeading: () => summary, addTable: () => summary, write: async () => summary };
  const core = { setOutput: (n: string, v: unknown) => void (outputs[n] = String(v)), info: () => undefined, notice: () => undefined, summary };
  const saved = { ...process.env };
  Object.assign(process.env, env, { GITHUB_EVENT_NAME: "schedule" });
  try {
    await new AsyncFunction("require", "core", step.with.script)(createRequire(import.meta.url), core);
    return { outputs };
  } catch (e) {
    return { fails: (e as Error).message };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export async function runGithub(c: ExprCase, compiled: CompiledCase): Promise<Outcome> {
  const wf = workflowOf(compiled);
  let text: string | undefined;
  let holds: boolean | undefined;
  if (compiled.input) {
    const r = await runStep(c, wf, "use", "inputs");
    if ("fails" in r) return r;
    text = r.outputs["v"];
  }
  if (compiled.gated) {
    const r = await runStep(c, wf, "check", "check");
    if ("fails" in r) return r;
    holds = r.outputs["passed"] === "true";
  }
  return { ...(text !== undefined ? { text } : {}), ...(holds !== undefined ? { holds } : {}) };
}
