/**
 * Params as one JSON input. GitHub caps `workflow_dispatch` at 25 inputs (10 before 2025-12-04,
 * and still 10 on older GitHub Enterprise Server and actionlint < 1.7.10; the `dispatch_inputs`
 * option says which applies). A pipeline with more params than that gets one string input,
 * `params`, holding a JSON object, and a first job, `mlp-params`, that decodes it once: unknown
 * names, a value of the wrong type and a missing required value fail the run before any step
 * starts; runs not started by hand get the defaults. The job exposes each param as an output
 * (text, as a dispatch input would be) and all of them as `json`; jobs read them through `env:`
 * only (`needs.mlp-params.outputs.<param>`), never as text in a script.
 */
import type { IrValue } from "../../src/ir/ir.js";
import { dispatchParams, runsOn, scriptStep, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import type { BuiltJob } from "./step-job.js";

/** The job id: `-` keeps it apart from every step, gate and deploy name. */
export const PARAMS_JOB = "mlp-params";

/** The single dispatch input. */
export const PARAMS_INPUT = "params";

const PARAMS_SCRIPT = `const types = JSON.parse(process.env.MLP_PARAM_TYPES);
const defaults = JSON.parse(process.env.MLP_PARAM_DEFAULTS);
const text = process.env.GITHUB_EVENT_NAME === 'workflow_dispatch' ? (process.env.MLP_PARAMS || '').trim() : '';
let given = {};
if (text !== '') {
  try { given = JSON.parse(text); } catch (e) { return core.setFailed('the params input is not JSON: ' + e.message); }
  if (Object(given) !== given || Array.isArray(given)) return core.setFailed('the params input must be a JSON object, e.g. {"name": value}');
}
for (const n of Object.keys(given)) {
  if (!Object.hasOwn(types, n)) return core.setFailed('the params input names ' + JSON.stringify(n) + ', which is not a param; the params are ' + Object.keys(types).join(', '));
}
const values = {};
for (const [n, [t, optional]] of Object.entries(types)) {
  const v = Object.hasOwn(given, n) ? given[n] : defaults[n];
  if (v === undefined || v === null) {
    if (optional) continue;
    return core.setFailed('param ' + n + ' has no value: give it in the params input');
  }
  const ok = t === 'bool' ? typeof v === 'boolean' : t === 'int' ? Number.isInteger(v) : t === 'float' || t === 'duration' ? Number.isFinite(v) : typeof v === 'string';
  if (!ok) return core.setFailed('param ' + n + ' must be ' + t + (t === 'duration' ? ' (seconds)' : '') + ', found ' + JSON.stringify(v));
  values[n] = v;
  core.setOutput(n, typeof v === 'string' ? v : String(v));
}
core.info('params: ' + JSON.stringify(values));
core.setOutput('json', JSON.stringify(values));
`;

/** The defaults of the params that have one. */
export function paramDefaults(ctx: PipelineContext): Record<string, IrValue> {
  const defaults: Record<string, IrValue> = {};
  for (const p of dispatchParams(ctx.pipeline)) if (p.default !== undefined) defaults[p.name] = p.default;
  return defaults;
}

/** The `params` input: a JSON object, prefilled with the defaults. */
export function paramsInput(ctx: PipelineContext): Record<string, unknown> {
  const names = dispatchParams(ctx.pipeline).map((p) => `${p.name} (${p.type.kind === "duration" ? "duration in seconds" : p.type.kind})`);
  return {
    description: `params as one JSON object (more than ${ctx.opts.dispatchInputs} params): ${names.join(", ")}`,
    type: "string",
    required: false,
    default: JSON.stringify(paramDefaults(ctx)),
  };
}

/** How a job reads param `name` when params come as JSON. */
export function paramExpr(name: string): GhExpr {
  return ghExpr(`needs.${PARAMS_JOB}.outputs.${name}`);
}

/** The job that decodes and checks the `params` input. */
export function paramsJob(ctx: PipelineContext): BuiltJob {
  const types: Record<string, [string, boolean]> = {};
  const outputs: Record<string, GhExpr> = { json: ghExpr("steps.params.outputs.json") };
  for (const p of dispatchParams(ctx.pipeline)) {
    types[p.name] = [p.type.kind, "optional" in p.type && p.type.optional === true];
    outputs[p.name] = ghExpr(`steps.params.outputs.${p.name}`);
  }
  const env = {
    MLP_PARAMS: ghExpr(`inputs.${PARAMS_INPUT}`),
    MLP_PARAM_TYPES: JSON.stringify(types),
    MLP_PARAM_DEFAULTS: JSON.stringify(paramDefaults(ctx)),
  };
  const job: Record<string, unknown> = {
    name: "read params",
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: {},
    outputs,
    steps: [scriptStep("read params", "params", env, PARAMS_SCRIPT)],
  };
  return { id: PARAMS_JOB, job };
}
