/**
 * A gate becomes a small job that evaluates its conditions and sets the output `passed`. Jobs
 * right after the gate carry `if: needs.<gate>.outputs.passed == 'true'` (its else branch, `after
 * not`, `== 'false'`); everything further down is skipped by GitHub because its `needs` were
 * skipped. A gate that does not hold is not a failure: its job succeeds, the run is `gated`, and
 * the job writes the conditions with the values they read to the job summary and a `::notice`.
 * An `assert` that does not hold fails its job (exit 1) with the same message as an `::error`.
 * The output `report` (JSON: every condition, whether it held, its values) feeds the pull-request
 * summary (report-job.ts).
 */
import type { IrGate } from "../../src/ir/ir.js";
import { runsOn, scriptStep, scriptValueEnv, sortedUnique, type PipelineContext } from "./context.js";
import { conditionValues } from "./condition-values.js";
import { ghExpr } from "./gh-expr.js";
import { jobCondition } from "./job-condition.js";
import { collectRefs, emptyRefs, jsPrelude, lookupJobId, toJs } from "./js-expr.js";
import { PARAMS_JOB } from "./params-job.js";
import type { BuiltJob } from "./step-job.js";

/** What every gate script runs after its prelude and its `checks` (used by member gates, per point). */
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

/**
 * A Markdown table cell that shows `s` as written: every character Markdown or HTML would read
 * (`|` included) as an HTML character reference, line breaks as `<br>`.
 */
export const JS_MARKDOWN_CELL = `const cell = (s) => String(s).replace(/[&<>|\\\\\`*_[\\]~#!]/g, (c) => '&#' + c.charCodeAt(0) + ';').replace(/\\r\\n|\\r|\\n/g, '<br>');
`;

/**
 * The tail of a gate's or an assert's script (`checks`: each condition's `holds` and the
 * `values` it reads): log, summarise, set `passed` and `report`, notice (gate) or fail (assert).
 */
export const GATE_REPORT_TAIL = `${JS_MARKDOWN_CELL}const texts = JSON.parse(process.env.MLP_CONDITIONS);
const what = (process.env.MLP_ASSERT === 'true' ? 'assert ' : 'gate ') + process.env.MLP_GATE;
const show = (v) => (v === undefined ? 'absent' : JSON.stringify(v));
let passed = true;
const conditions = [];
for (let i = 0; i < checks.length; i++) {
  const holds = checks[i].holds() === true;
  if (!holds) passed = false;
  const values = checks[i].values.map(([name, read]) => {
    try {
      return [name, show(read())];
    } catch (e) {
      return [name, 'unavailable: ' + e.message];
    }
  });
  conditions.push({ text: texts[i], holds, values });
}
const described = (c) => c.text + (c.values.length > 0 ? ' (' + c.values.map(([n, v]) => n + ' = ' + v).join(', ') + ')' : '');
for (const c of conditions) core.info((c.holds ? 'holds: ' : 'does not hold: ') + described(c));
core.setOutput('passed', String(passed));
core.setOutput('report', JSON.stringify({ gate: process.env.MLP_GATE, assert: process.env.MLP_ASSERT === 'true', passed, conditions }));
const outcome = passed ? ' holds' : process.env.MLP_ASSERT === 'true' ? ' does not hold: the run fails' : ' does not hold: the jobs after it are skipped';
const table = ['### ' + cell(what + outcome), '', '| condition | holds | values |', '| --- | --- | --- |'];
for (const c of conditions) table.push('| <code>' + cell(c.text) + '</code> | ' + (c.holds ? 'yes' : '**no**') + ' | ' + cell(c.values.map(([n, v]) => n + ' = ' + v).join(', ')) + ' |');
await core.summary.addRaw(table.join('\\n') + '\\n\\n').write();
if (!passed) {
  const message = what + ' does not hold: ' + conditions.filter((c) => !c.holds).map(described).join('; ');
  if (process.env.MLP_ASSERT === 'true') core.setFailed(message);
  else core.notice(message + '; the jobs after it are skipped and the run is gated');
}
`;

/** Builds the job of `gate` (or assert). */
export function gateJob(ctx: PipelineContext, gate: IrGate): BuiltJob {
  const refs = emptyRefs();
  for (const c of gate.conditions) collectRefs(c.expr, refs);
  const params = ctx.paramsAsJson && refs.params.size > 0 ? [PARAMS_JOB] : [];
  const needs = sortedUnique([...gate.needs, ...refs.metrics.keys(), ...refs.sweeps, ...[...refs.deployed.keys()].map(lookupJobId), ...params]);
  const checks = gate.conditions
    .map((c) => {
      const values = conditionValues(c.expr).map((v) => `[${JSON.stringify(v.label)}, () => ${v.js}]`);
      return `  { holds: () => ${toJs(c.expr)}, values: [${values.join(", ")}] },`;
    })
    .join("\n");
  const script = `${jsPrelude(refs, false)}const checks = [\n${checks}\n];\n${GATE_REPORT_TAIL}`;
  const env = {
    ...scriptValueEnv(ctx, refs.params.size > 0),
    MLP_GATE: gate.name,
    ...(gate.assert === true ? { MLP_ASSERT: "true" } : {}),
    MLP_CONDITIONS: JSON.stringify(gate.conditions.map((c) => c.text)),
  };
  const condition = jobCondition(ctx, gate.name, needs);
  const job: Record<string, unknown> = {
    name: `${gate.assert === true ? "assert" : "gate"} ${gate.name}`,
    ...(needs.length > 0 ? { needs } : {}),
    ...(condition !== undefined ? { if: condition } : {}),
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: {},
    outputs: { passed: ghExpr("steps.check.outputs.passed"), report: ghExpr("steps.check.outputs.report") },
    steps: [scriptStep(`check ${gate.name}`, "check", env, script)],
  };
  return { id: gate.name, job };
}
