/**
 * What a sweep's grid must be for GitHub, checked before any job is built, so nothing is written
 * when it is not:
 *
 * - MLP5133: the grid is fixed when the workflow is compiled (a matrix cannot grow at run time
 *   from a dispatch input), so a dimension over a list param takes the param's default, and a
 *   list param without one leaves the grid unknown.
 * - MLP5132: GitHub runs at most 256 jobs per workflow run ("Job matrix: 256 jobs / workflow
 *   run", limits.ts), and each leg of a matrix is a job: every member step and gate of a sweep
 *   counts once per point, beside the pipeline's other jobs.
 */
import type { IrSweep } from "../../src/ir/ir.js";
import { sweepDimensionValues, sweepSize } from "../../src/ir/sweep-grid.js";
import type { PipelineContext } from "./context.js";
import { MAX_JOBS } from "./limits.js";
import { deployedRefs } from "./workflow.js";
import { hasPullRequestTrigger } from "./deploy-options.js";

/** The jobs one run of the pipeline would have: members once per point, every other job once. */
export function plannedJobs(ctx: PipelineContext, points: ReadonlyMap<string, number>): number {
  // The params job, the lookups, and the pull-request summary job.
  let jobs = (ctx.paramsAsJson ? 1 : 0) + deployedRefs(ctx.pipeline).metrics.size + (hasPullRequestTrigger(ctx) ? 1 : 0);
  for (const n of ctx.view.nodes) {
    const sweep = ctx.view.sweepOf(n.name);
    jobs += sweep !== undefined ? points.get(sweep.name)! : 1;
  }
  return jobs;
}

function defaultOf(ctx: PipelineContext, param: string): unknown {
  return ctx.view.param(param)?.default;
}

/** Reports MLP5133 and MLP5132; true when every sweep's grid is known and the run fits GitHub's job limit. */
export function checkSweeps(ctx: PipelineContext, file: string): boolean {
  const sweeps = ctx.view.sweeps;
  if (sweeps.length === 0) return true;
  let ok = true;
  for (const s of sweeps)
    for (const d of s.over) {
      if (d.values.kind !== "param" || Array.isArray(defaultOf(ctx, d.values.param))) continue;
      ok = false;
      const param = ctx.view.param(d.values.param)!;
      ctx.report("MLP5133", "error", `sweep \`${s.name}\` runs over list param \`${param.name}\`, which has no default`, d.origin, {
        labels: [{ span: param.origin, message: "declared here without a default" }],
        notes: ["a GitHub workflow's matrix is fixed when it is compiled, so a sweep over a list param runs the param's default"],
        help: [`give \`${param.name}\` a default, such as \`param ${param.name}: list<…> = […]\`, or write the values in the \`over\``],
      });
    }
  if (!ok) return false;
  const points = new Map(sweeps.map((s) => [s.name, sweepSize(s, (p) => ctx.view.param(p)?.default)]));
  const jobs = plannedJobs(ctx, points);
  if (jobs <= MAX_JOBS) return true;
  const legs = (s: IrSweep): number => points.get(s.name)! * s.members.length;
  const largest = [...sweeps].sort((a, b) => legs(b) - legs(a))[0]!;
  const allLegs = sweeps.reduce((n, s) => n + legs(s), 0);
  ctx.report("MLP5132", "error", `workflow \`${file}\` would run ${jobs} jobs, over GitHub's ${MAX_JOBS} jobs per workflow run: sweep${sweeps.length === 1 ? "" : "s"} ${sweeps.map((s) => `\`${s.name}\``).join(", ")} run${sweeps.length === 1 ? "s" : ""} ${allLegs} of them`, largest.origin, {
    notes: [
      ...sweeps.map((s) => {
        const sizes = sweepDimensionValues(s, (p) => ctx.view.param(p)?.default).map((vs, i) => `${s.over[i]!.name}: ${vs.length}`);
        return `sweep \`${s.name}\`: ${points.get(s.name)} points (${sizes.join(" × ")}) × ${s.members.length} member${s.members.length === 1 ? "" : "s"} (${s.members.join(", ")}) = ${legs(s)} jobs, one per point and member`;
      }),
      `the pipeline's other jobs: ${jobs - allLegs}`,
    ],
    help: ["make the grid smaller (fewer values, or fewer steps inside the block), or split it across pipelines; `mlp run` has no such limit"],
  });
  return false;
}
