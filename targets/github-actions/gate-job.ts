/**
 * A gate becomes a small job that evaluates its conditions and sets the output `passed`. Jobs
 * right after the gate carry `if: needs.<gate>.outputs.passed == 'true'`; everything further down
 * is skipped by GitHub because its `needs` were skipped. A closed gate leaves the run green with
 * skipped jobs (GitHub's nearest thing to `gated`), a notice, and a summary table of conditions.
 */
import type { IrGate } from "../../src/ir/ir.js";
import { runsOn, scriptStep, scriptValueEnv, sortedUnique, type PipelineContext } from "./context.js";
import { ghExpr } from "./gh-expr.js";
import { jobCondition } from "./job-condition.js";
import { collectRefs, emptyRefs, jsPrelude, lookupJobId, toJs } from "./js-expr.js";
import { PARAMS_JOB } from "./params-job.js";
import type { BuiltJob } from "./step-job.js";

/** What every gate script runs after its prelude and its `checks`: evaluate, log, summarise, set `passed`. */
export const GATE_SCRIPT_TAIL = `const texts = JSON.parse(process.env.MLP_CONDITIONS);
const gate = process.env.MLP_GATE;
const html = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let passed = true;
const rows = [[{ data: 'holds', header: true }, { data: 'condition', header: true }]];
for (let i = 0; i < checks.length; i++) {
  const ok = checks[i]() === true;
  if (!ok) passed = false;
  core.info((ok ? 'holds: ' : 'fails: ') + JSON.stringify(texts[i]));
  rows.push([ok ? 'yes' : 'no', '<code>' + html(texts[i]) + '</code>']);
}
core.setOutput('passed', String(passed));
await core.summary.addHeading('gate ' + gate + (passed ? ' passed' : ' is closed'), 3).addTable(rows).write();
if (!passed) core.notice('gate ' + gate + ' is closed: the jobs after it are skipped');
`;

/** Builds the job of `gate`. */
export function gateJob(ctx: PipelineContext, gate: IrGate): BuiltJob {
  const refs = emptyRefs();
  for (const c of gate.conditions) collectRefs(c.expr, refs);
  const params = ctx.paramsAsJson && refs.params.size > 0 ? [PARAMS_JOB] : [];
  const needs = sortedUnique([...gate.needs, ...refs.metrics.keys(), ...refs.sweeps, ...[...refs.deployed.keys()].map(lookupJobId), ...params]);
  const checks = gate.conditions.map((c) => `  () => ${toJs(c.expr)},`).join("\n");
  const script = `${jsPrelude(refs, false)}const checks = [\n${checks}\n];\n${GATE_SCRIPT_TAIL}`;
  const env = {
    ...scriptValueEnv(ctx, refs.params.size > 0),
    MLP_GATE: gate.name,
    MLP_CONDITIONS: JSON.stringify(gate.conditions.map((c) => c.text)),
  };
  const condition = jobCondition(ctx, gate.name, needs);
  const job: Record<string, unknown> = {
    name: `gate ${gate.name}`,
    ...(needs.length > 0 ? { needs } : {}),
    ...(condition !== undefined ? { if: condition } : {}),
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: {},
    outputs: { passed: ghExpr("steps.check.outputs.passed") },
    steps: [scriptStep(`check ${gate.name}`, "check", env, script)],
  };
  return { id: gate.name, job };
}
