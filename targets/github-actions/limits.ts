/**
 * GitHub's limits on one workflow, checked on the printed file so that a workflow GitHub would
 * not start is refused at compile time (and nothing is written) instead of failing on the server.
 *
 * Source: "Actions limits", https://docs.github.com/en/actions/reference/limits —
 * "Workflow file size: 500 KB per file. A workflow file larger than 500 KB will not start runs."
 * and "Job matrix: 256 jobs / workflow run. A job matrix can generate a maximum of 256 jobs per
 * workflow run." The page does not say whether its KB is 1,000 or 1,024 bytes, so the smaller
 * reading is used: a file refused a few KB early costs less than one GitHub never starts. The job
 * cap is documented under "Job matrix"; every job of the run is counted (steps, gates, deploys,
 * `deployed(…)` lookups), which is how the issue that asked for this saw GitHub apply it.
 */
import type { Origin } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";

/** 500 KB read as 500,000 bytes (see above). */
export const MAX_WORKFLOW_BYTES = 500_000;
/** Jobs in one workflow run. */
export const MAX_JOBS = 256;

/** `n` bytes the way people read sizes: `812 KB`, `1.05 MB` (decimal, like GitHub's "500 KB"). */
export function sizeText(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)} MB`;
  return `${Math.ceil(n / 1000)} KB`;
}

/** Reports MLP5130 (file too large) and MLP5131 (too many jobs); true when the workflow is within both. */
export function checkWorkflowLimits(ctx: PipelineContext, file: string, contents: string, jobs: number, origin: Origin): boolean {
  let ok = true;
  if (jobs > MAX_JOBS) {
    ok = false;
    ctx.report("MLP5131", "error", `workflow \`${file}\` would have ${jobs} jobs, over GitHub's ${MAX_JOBS} jobs per workflow run`, origin, {
      notes: ["every step, gate, deploy and `deployed(…)` lookup is a job of its own"],
      help: ["split the pipeline into several pipelines (each is its own workflow), or merge small steps into one"],
    });
  }
  const bytes = Buffer.byteLength(contents, "utf8");
  if (bytes > MAX_WORKFLOW_BYTES) {
    ok = false;
    ctx.report("MLP5130", "error", `workflow \`${file}\` would be ${sizeText(bytes)}, over GitHub's 500 KB limit for a workflow file`, origin, {
      notes: [`${bytes.toLocaleString("en-US")} bytes for ${jobs} jobs; GitHub does not start runs of a workflow file over 500 KB (counted here as ${MAX_WORKFLOW_BYTES.toLocaleString("en-US")} bytes)`],
      help: ["split the pipeline into several pipelines (each is its own workflow), or declare fewer metrics, secrets and env per step"],
    });
  }
  return ok;
}
