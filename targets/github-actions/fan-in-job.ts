/**
 * A sweep's node becomes its fan-in job (id = the sweep's name). It runs once every leg of every
 * member has ended (see job-condition.ts: failed legs do not stop it), downloads all the point
 * artifacts into one directory (`<entry>/<step>/<output>`, `<entry>/<step>.metrics.json`: the
 * layout of `src/ir/fan-in-spec.ts`), and runs mlp's own `mlp fan-in` on it with the sweep's
 * fan-in spec in `MLP_FAN_IN_SPEC`, so the best point is chosen (ties to the earliest) and
 * `collect` directories are built by the same code as `mlp run`. It then publishes what nodes
 * outside read: `<sweep>-best-<step>` (the best point's outputs of that step that are read) and
 * `<sweep>-collect-<step>-<output>` (one entry per point plus `points.json`), and the best
 * point's metrics as job outputs `<step>-<metric>` (JSON-encoded), which gates and computed
 * inputs read (`best(…)` in js-expr.ts).
 */
import { defaultFanInSpec } from "../../src/ir/fan-in-spec.js";
import type { IrSweep } from "../../src/ir/ir.js";
import { DOWNLOAD_ARTIFACT, uses } from "./actions.js";
import { runsOn, scriptStep, sortedUnique, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { jobCondition } from "./job-condition.js";
import { sweepDir, WORK_ROOT } from "./paths.js";
import type { BuiltJob } from "./step-job.js";
import { oneRefPerArtifact, STORE_RUN, storeSecretEnv, syncCommand, uploadSteps, type ArtifactRef } from "./transfer.js";

/** Where the fan-in job gathers every point's results (`mlp fan-in --points`). */
export function pointsDir(sweep: string): string {
  return `${WORK_ROOT}/fan-in/${sweep}`;
}

/** The job output that carries metric `metric` of member `step` at the best point. */
export function bestOutputName(step: string, metric: string): string {
  return `${step}-${metric}`;
}

/**
 * Reads `best.json` (`{ index, entry, values, metrics: { <step>: { <metric>: value } } }`, written
 * by `mlp fan-in`), sets each member metric as the output `<step>-<metric>`, and writes a summary
 * of the best point's values and metrics (HTML-escaped: values come from the `.mlp` file).
 */
const BEST_SCRIPT = `const path = require('path');
const best = JSON.parse(require('fs').readFileSync(path.join(process.env.GITHUB_WORKSPACE, process.env.MLP_FAN_IN_OUT, 'best.json'), 'utf8'));
const html = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rows = [[{ data: 'of the best point', header: true }, { data: 'value', header: true }]];
for (const [name, value] of Object.entries(best.values || {})) rows.push(['<code>' + html(name) + '</code>', html(JSON.stringify(value))]);
for (const [step, names] of Object.entries(JSON.parse(process.env.MLP_MEMBER_METRICS))) {
  for (const name of names) {
    const value = best.metrics && best.metrics[step] ? best.metrics[step][name] : undefined;
    if (value === undefined) continue;
    core.setOutput(step + '-' + name, JSON.stringify(value));
    rows.push(['<code>' + html(step + '.' + name) + '</code>', html(JSON.stringify(value))]);
  }
}
core.setOutput('point', String(best.entry));
core.info('best point ' + best.entry + ': ' + JSON.stringify(best.values));
await core.summary.addHeading('sweep ' + html(process.env.MLP_SWEEP) + ': best point ' + html(best.entry), 3).addTable(rows).write();
`;

/** The command that runs the fan-in: the project's own package (or `mlp` in `mlp_image`). */
function fanInCommand(ctx: PipelineContext, sweep: string): string {
  const runner = ctx.opts.mlpImage !== undefined ? "mlp" : `npx --yes "$MLP_PACKAGE@$MLP_VERSION"`;
  return `${runner} fan-in --points "$GITHUB_WORKSPACE/${pointsDir(sweep)}" --out "$GITHUB_WORKSPACE/${sweepDir(sweep)}"`;
}

/** Builds the fan-in job of `sweep`. */
export function fanInJob(ctx: PipelineContext, sweep: IrSweep): BuiltJob {
  const spec = defaultFanInSpec(ctx.view, sweep.name, ctx.pipeline.params);
  const needs = sortedUnique(sweep.needs);
  const store = ctx.opts.artifactStore;
  const steps: Record<string, unknown>[] = [];
  if (store === undefined) {
    steps.push({
      name: "download every point",
      uses: uses(DOWNLOAD_ARTIFACT),
      with: { pattern: `${sweep.name}-point-*`, path: pointsDir(sweep.name), "merge-multiple": true },
    });
  } else {
    steps.push({
      name: "fetch every point from the artifact store",
      env: { MLP_STORE: store, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
      run: ["set -eu", `mkdir -p "$GITHUB_WORKSPACE/${pointsDir(sweep.name)}"`, syncCommand(store, `${STORE_RUN}/${sweep.name}/points`, `$GITHUB_WORKSPACE/${pointsDir(sweep.name)}`)].join("\n") + "\n",
    });
  }
  const runEnv: Record<string, string> = { MLP_FAN_IN_SPEC: JSON.stringify(spec) };
  if (ctx.opts.mlpImage === undefined) {
    runEnv["MLP_PACKAGE"] = ctx.opts.mlpPackage;
    runEnv["MLP_VERSION"] = ctx.opts.mlpVersion;
  }
  steps.push({
    name: `choose the best point of ${sweep.name}`,
    env: runEnv,
    // No point may have finished: the directory is still there, and `mlp fan-in` says so.
    run: `mkdir -p "$GITHUB_WORKSPACE/${pointsDir(sweep.name)}"\n${fanInCommand(ctx, sweep.name)}\n`,
  });
  const outputs: Record<string, GhExpr> = {};
  if (spec.best !== undefined) {
    const metrics: Record<string, string[]> = {};
    for (const s of spec.steps) {
      if (s.metrics.length === 0) continue;
      metrics[s.name] = [...s.metrics];
      for (const m of s.metrics) outputs[bestOutputName(s.name, m)] = ghExpr(`steps.best.outputs.${bestOutputName(s.name, m)}`);
    }
    outputs["point"] = ghExpr("steps.best.outputs.point");
    steps.push(scriptStep("report the best point", "best", { MLP_SWEEP: sweep.name, MLP_FAN_IN_OUT: sweepDir(sweep.name), MLP_MEMBER_METRICS: JSON.stringify(metrics) }, BEST_SCRIPT));
  }
  const published: ArtifactRef[] = [
    ...spec.bestOutputs.map((o): ArtifactRef => ({ ...o, sweep: { name: sweep.name, kind: "best" } })),
    ...spec.collect.map((o): ArtifactRef => ({ ...o, sweep: { name: sweep.name, kind: "collect" } })),
  ];
  steps.push(...uploadSteps(ctx, oneRefPerArtifact(published)));
  const condition = jobCondition(ctx, sweep.name, needs);
  const job: Record<string, unknown> = {
    name: `sweep ${sweep.name} (${spec.points.length} points)`,
    needs,
    ...(condition !== undefined ? { if: condition } : {}),
    "runs-on": runsOn(ctx, false),
  };
  if (ctx.opts.mlpImage !== undefined) job["container"] = { image: ctx.opts.mlpImage, options: "--user root" };
  job["timeout-minutes"] = 30;
  job["permissions"] = {};
  if (Object.keys(outputs).length > 0) job["outputs"] = outputs;
  job["steps"] = steps;
  return { id: sweep.name, job };
}
