/**
 * The model-CI summary of a pipeline with `trigger on pull_request(…)`: a job (`mlp-report`,
 * hyphenated so no node can clash) that runs after the gates and the steps with metrics, whatever
 * happened, and writes to the job summary (`$GITHUB_STEP_SUMMARY`) a Markdown table of every gate
 * condition with its values (from each gate job's `report` output), and every metric of the run
 * beside the value recorded for the model deployed to each of the pipeline's environments (the
 * `deployed-<env>` lookup jobs), with the difference. Every value is escaped for Markdown.
 */
import { runsOn, scriptStep, sortedUnique, type PipelineContext } from "./context.js";
import { ghExpr } from "./gh-expr.js";
import { JS_MARKDOWN_CELL } from "./gate-job.js";
import { lookupJobId, lookupKey } from "./js-expr.js";
import type { BuiltJob } from "./step-job.js";

/** The report job's id. */
export const REPORT_JOB = "mlp-report";

/** The summary script (exported for the tests, which run it). */
export const REPORT_SCRIPT = `${JS_MARKDOWN_CELL}const needs = JSON.parse(process.env.MLP_NEEDS || '{}');
const gates = JSON.parse(process.env.MLP_GATES);
const metrics = JSON.parse(process.env.MLP_METRICS_READ);
const envs = JSON.parse(process.env.MLP_ENVIRONMENTS);
const out = (job, name) => (needs[job] && needs[job].outputs ? needs[job].outputs[name] : undefined);
const parsed = (raw) => (raw === undefined || raw === '' ? undefined : JSON.parse(raw));
const lines = ['## ' + cell('pipeline ' + process.env.MLP_PIPELINE), ''];
if (gates.length > 0) {
  lines.push('### gates', '', '| gate | condition | holds | values |', '| --- | --- | --- | --- |');
  for (const g of gates) {
    const report = parsed(out(g, 'report'));
    if (report === undefined) {
      lines.push('| ' + cell(g) + ' | | not checked (' + cell((needs[g] && needs[g].result) || 'absent') + ') | |');
      continue;
    }
    for (const c of report.conditions)
      lines.push('| ' + cell((report.assert ? 'assert ' : '') + g) + ' | <code>' + cell(c.text) + '</code> | ' + (c.holds ? 'yes' : '**no**') + ' | ' + cell(c.values.map(([n, v]) => n + ' = ' + v).join(', ')) + ' |');
  }
  lines.push('');
}
if (metrics.length > 0) {
  const head = ['metric', 'this run'];
  for (const e of envs) head.push('deployed to ' + e, 'difference');
  lines.push('### metrics', '', '| ' + head.map(cell).join(' | ') + ' |', '|' + ' --- |'.repeat(head.length));
  for (const [step, name] of metrics) {
    const mine = parsed(out(step, name));
    const row = [cell(step + '.' + name), mine === undefined ? 'absent' : cell(JSON.stringify(mine))];
    for (const e of envs) {
      const theirs = parsed(out('deployed-' + e, name));
      row.push(theirs === undefined ? 'nothing recorded' : cell(JSON.stringify(theirs)));
      const diff = typeof mine === 'number' && typeof theirs === 'number' ? mine - theirs : undefined;
      row.push(diff === undefined ? '' : cell((diff > 0 ? '+' : '') + String(Number(diff.toPrecision(12)))));
    }
    lines.push('| ' + row.join(' | ') + ' |');
  }
  lines.push('');
}
await core.summary.addRaw(lines.join('\\n') + '\\n').write();
`;

/** The environments whose records the report compares with: the pipeline's deploys. */
export function reportEnvironments(ctx: PipelineContext): string[] {
  return ctx.view.nodes.filter((n) => n.kind === "deploy").map((n) => n.name).sort();
}

/** The metrics the report shows: `[step, metric]` of every step outside sweeps, in order. */
export function reportMetrics(ctx: PipelineContext): [string, string][] {
  const out: [string, string][] = [];
  for (const n of ctx.view.nodes) if (n.kind === "step" && n.step.sweep === undefined) for (const m of n.step.metrics) out.push([n.name, m.name]);
  return out;
}

/** The gates the report shows (asserts included, sweep members not: a matrix job keeps one leg's outputs). */
function reportGates(ctx: PipelineContext): string[] {
  return ctx.view.nodes.filter((n) => n.kind === "gate" && n.gate.sweep === undefined).map((n) => n.name);
}

/** Builds the report job; `built` are the ids of the jobs built so far (a refused deploy has none). */
export function reportJob(ctx: PipelineContext): BuiltJob {
  const gates = reportGates(ctx);
  const metrics = reportMetrics(ctx);
  const envs = reportEnvironments(ctx);
  const needs = sortedUnique([...gates, ...metrics.map(([s]) => s), ...(metrics.length > 0 ? envs.map((e) => lookupJobId(lookupKey(e, undefined))) : [])]);
  const job: Record<string, unknown> = {
    name: "model CI summary",
    ...(needs.length > 0 ? { needs } : {}),
    if: ghExpr("always()"),
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: {},
    steps: [
      scriptStep(
        "write the summary",
        undefined,
        {
          MLP_NEEDS: ghExpr("toJSON(needs)"),
          MLP_PIPELINE: ctx.pipeline.name,
          MLP_GATES: JSON.stringify(gates),
          MLP_METRICS_READ: JSON.stringify(metrics),
          MLP_ENVIRONMENTS: JSON.stringify(metrics.length > 0 ? envs : []),
        },
        REPORT_SCRIPT,
      ),
    ],
  };
  return { id: REPORT_JOB, job };
}
