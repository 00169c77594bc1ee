/**
 * A sweep's members on GitHub Actions: each member step or gate is one job with a matrix of the
 * grid's points (`strategy.matrix.include`, one leg per point, `fail-fast: false`). Results travel
 * as artifacts, never as job outputs (GitHub keeps only one leg's outputs):
 *
 *   `<sweep>-point-<entry>-<step>`  the leg's outputs and metrics, laid out as the fan-in reads
 *                                   them (`src/ir/fan-in-spec.ts`): `<entry>/<step>/<output>` and
 *                                   `<entry>/<step>.metrics.json`, uploaded from `_mlp/point`;
 *   `<sweep>-done-<entry>-<member>` an empty marker, uploaded last, when the leg finished (a member
 *                                   gate's only when it held).
 *
 * GitHub starts a job when every leg of the jobs it needs has ended, whatever the other points
 * did, so a leg first waits for its own point: it downloads the markers of the members it needs
 * (a pattern download, which finds nothing rather than failing) and goes on only when all are
 * there. A point where an earlier member failed or a member gate did not hold is therefore skipped
 * by the later members, leaves no results of theirs, and takes no part in the fan-in's choice.
 */
import type { IrSweep } from "../../src/ir/ir.js";
import { defaultSweepPoints, pointEntryName } from "../../src/ir/sweep-grid.js";
import { DOWNLOAD_ARTIFACT, UPLOAD_ARTIFACT, uses } from "./actions.js";
import { valueText, type PipelineContext } from "./context.js";
import { ghExpr, ghString, type GhExpr } from "./gh-expr.js";
import { WORK_ROOT } from "./paths.js";
import { STORE_RUN, storeSecretEnv, syncCommand } from "./transfer.js";

/** The matrix key of a leg's point entry (`-` keeps it apart from every dimension name). */
export const POINT_KEY = "mlp-point";
/** A leg's own results, uploaded as its point artifact: `<entry>/<step>/<output>`, `<entry>/<step>.metrics.json`. */
export const POINT_DIR = `${WORK_ROOT}/point`;
/** The same point's results and markers of earlier members, downloaded (the scripts' `pointMetric` reads here). */
export const POINT_IN_DIR = `${WORK_ROOT}/point-in`;
/** A leg's marker, `<entry>/<member>.done`. */
export const DONE_DIR = `${WORK_ROOT}/done`;
/** The id of the step that tells whether the point's earlier members finished. */
export const READY_STEP = "point";
/** The condition of every step of a leg after the wait. */
export const READY = `steps.${READY_STEP}.outputs.ready == 'true'`;

const includes = new WeakMap<PipelineContext, Map<string, Record<string, string>[]>>();

/**
 * The matrix legs of `sweep`: the grid at the list params' defaults (a workflow's jobs are fixed
 * when it is compiled), each leg with its entry and its values as the text a step receives.
 */
export function matrixInclude(ctx: PipelineContext, sweep: IrSweep): Record<string, string>[] {
  let bySweep = includes.get(ctx);
  if (bySweep === undefined) includes.set(ctx, (bySweep = new Map()));
  let include = bySweep.get(sweep.name);
  if (include === undefined) {
    const points = defaultSweepPoints(sweep, ctx.pipeline.params);
    include = points.map((p) => {
      const leg: Record<string, string> = { [POINT_KEY]: pointEntryName(p.index, points.length) };
      for (const [k, v] of Object.entries(p.values)) leg[k] = valueText(v);
      return leg;
    });
    bySweep.set(sweep.name, include);
  }
  return include;
}

/** `strategy:` of a member job. */
export function memberStrategy(ctx: PipelineContext, sweep: IrSweep): Record<string, unknown> {
  return { "fail-fast": false, matrix: { include: matrixInclude(ctx, sweep) } };
}

/** The entry of the leg that runs (`{0}` in `template`) in a path or name, as GitHub's `format`. */
function withEntry(template: string): GhExpr {
  return ghExpr(`format(${ghString(template)}, matrix.${POINT_KEY})`);
}

/** The leg's entry, for the job's `env:` (`MLP_POINT`). */
export function pointEntryExpr(): GhExpr {
  return ghExpr(`matrix.${POINT_KEY}`);
}

/** The leg's values by dimension, as JSON text (`MLP_POINT_VALUES`, read by scripts' `over`). */
export function pointValuesExpr(): GhExpr {
  return ghExpr("toJSON(matrix)");
}

/** Where a member step writes output `output`. */
export function pointOutputPath(step: string, output: string): GhExpr {
  return withEntry(`${POINT_DIR}/{0}/${step}/${output}`);
}

/** Where a member step writes its metrics. */
export function pointMetricsPath(step: string): GhExpr {
  return withEntry(`${POINT_DIR}/{0}/${step}.metrics.json`);
}

/** Where a later member of the same point reads output `output` of member `step`. */
export function pointInputPath(step: string, output: string): GhExpr {
  return withEntry(`${POINT_IN_DIR}/{0}/${step}/${output}`);
}

/** The members of the same sweep that member `name` needs. */
export function memberNeeds(ctx: PipelineContext, name: string): string[] {
  const own = ctx.view.sweepOf(name)?.name;
  return ctx.view
    .needs(name)
    .filter((n) => own !== undefined && ctx.view.sweepOf(n.name)?.name === own)
    .map((n) => n.name)
    .sort();
}

/** `if:` added to a step, right after its name. */
export function onlyIf(step: Record<string, unknown>, condition: GhExpr): Record<string, unknown> {
  const { name, ...rest } = step;
  return { name, if: condition, ...rest };
}

function storeStep(ctx: PipelineContext, name: string, lines: string[]): Record<string, unknown> {
  return {
    name,
    env: { MLP_STORE: ctx.opts.artifactStore!, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
    run: ["set -eu", ...lines].join("\n") + "\n",
  };
}

/**
 * Steps that wait for the point's earlier members (`waitFor`): their markers are downloaded, and
 * the step `point` sets `ready` when all are there (else a notice says which one is missing).
 */
export function waitSteps(ctx: PipelineContext, sweep: IrSweep, member: string, waitFor: readonly string[]): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    for (const m of waitFor)
      steps.push({
        name: `look for ${m} at this point`,
        uses: uses(DOWNLOAD_ARTIFACT),
        // A pattern, not a name: a missing marker is found missing, not an error.
        with: { pattern: withEntry(`${sweep.name}-done-{0}-${m}`), path: POINT_IN_DIR, "merge-multiple": true },
      });
  } else {
    const dir = `$GITHUB_WORKSPACE/${POINT_IN_DIR}/$MLP_POINT`;
    steps.push(storeStep(ctx, "look for the earlier members at this point", [`mkdir -p "${dir}"`, syncCommand(store, `${STORE_RUN}/${sweep.name}/done/$MLP_POINT`, dir)]));
  }
  steps.push({
    name: "wait for this point",
    id: READY_STEP,
    env: { MLP_WAITS_FOR: waitFor.join(" "), MLP_MEMBER: member },
    run: [
      "mlp_ready=true",
      "for mlp_m in $MLP_WAITS_FOR; do",
      `  if [ ! -e "$GITHUB_WORKSPACE/${POINT_IN_DIR}/$MLP_POINT/$mlp_m.done" ]; then`,
      '    echo "::notice::point $MLP_POINT: $mlp_m did not finish here, so $MLP_MEMBER is skipped at this point"',
      "    mlp_ready=false",
      "  fi",
      "done",
      'echo "ready=$mlp_ready" >> "$GITHUB_OUTPUT"',
      "",
    ].join("\n"),
  });
  return steps;
}

/** Steps that download the same point's results of member steps `from` (outputs and metrics). */
export function pointDownloadSteps(ctx: PipelineContext, sweep: IrSweep, from: readonly string[]): Record<string, unknown>[] {
  if (from.length === 0) return [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    return from.map((s) => ({
      name: `download ${s} at this point`,
      uses: uses(DOWNLOAD_ARTIFACT),
      with: { name: withEntry(`${sweep.name}-point-{0}-${s}`), path: POINT_IN_DIR },
    }));
  }
  const lines: string[] = [];
  for (const s of from) {
    const step = ctx.view.step(s)!;
    const dir = `$GITHUB_WORKSPACE/${POINT_IN_DIR}/$MLP_POINT`;
    const at = `${STORE_RUN}/${sweep.name}/points/$MLP_POINT`;
    if (step.outputs.length > 0) lines.push(`mkdir -p "${dir}/${s}"`, syncCommand(store, `${at}/${s}`, `${dir}/${s}`));
    if (step.metrics.length > 0) lines.push(`mkdir -p "${dir}"`, copyCommand(store, `${at}/${s}.metrics.json`, `${dir}/${s}.metrics.json`));
  }
  return [storeStep(ctx, "fetch this point's inputs from the artifact store", lines)];
}

function copyCommand(store: string, from: string, to: string): string {
  return store.startsWith("gs://") ? `gcloud storage cp "${from}" "${to}"` : `aws s3 cp --no-progress "${from}" "${to}"`;
}

/**
 * The last steps of a leg: its results (when it has outputs or metrics) as its point artifact,
 * then its marker.
 */
export function pointUploadSteps(ctx: PipelineContext, sweep: IrSweep, member: string, hasResults: boolean): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [];
  const store = ctx.opts.artifactStore;
  const mark = [`mkdir -p "$GITHUB_WORKSPACE/${DONE_DIR}/$MLP_POINT"`, `: > "$GITHUB_WORKSPACE/${DONE_DIR}/$MLP_POINT/${member}.done"`];
  if (store !== undefined) {
    const lines = hasResults ? [syncCommand(store, `$GITHUB_WORKSPACE/${POINT_DIR}`, `${STORE_RUN}/${sweep.name}/points`)] : [];
    lines.push(...mark, syncCommand(store, `$GITHUB_WORKSPACE/${DONE_DIR}`, `${STORE_RUN}/${sweep.name}/done`));
    return [storeStep(ctx, "push this point's results to the artifact store", lines)];
  }
  const upload = (name: GhExpr, path: string): Record<string, unknown> => {
    const w: Record<string, unknown> = { name, path, "if-no-files-found": "error", "include-hidden-files": true };
    if (ctx.opts.retentionDays !== undefined) w["retention-days"] = ctx.opts.retentionDays;
    return w;
  };
  if (hasResults) steps.push({ name: `upload ${member} at this point`, uses: uses(UPLOAD_ARTIFACT), with: upload(withEntry(`${sweep.name}-point-{0}-${member}`), POINT_DIR) });
  steps.push({ name: `mark ${member} done at this point`, run: mark.join("\n") + "\n" });
  steps.push({ name: `upload the mark of ${member}`, uses: uses(UPLOAD_ARTIFACT), with: upload(withEntry(`${sweep.name}-done-{0}-${member}`), DONE_DIR) });
  return steps;
}
