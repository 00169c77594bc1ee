/**
 * MLP5140 and MLP5141: the path filters a pipeline's triggers make, and the `branches` option,
 * checked against GitHub's filter pattern rules (`filter-patterns.ts`) before anything is written.
 */
import type { Origin } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";
import { filterPatternProblem } from "./filter-patterns.js";

/** One `on.push.paths` entry and where it came from. */
export interface PathFilter {
  /** The pattern as it would be written into the workflow. */
  readonly filter: string;
  /** The glob of `trigger on push(…)`, or the dataset's path for `trigger on change(…)`. */
  readonly written: string;
  /** Set for `trigger on change(DATASET)`. */
  readonly dataset?: string;
  /** Set for `trigger on pull_request(…)` (an `on.pull_request.paths` entry). */
  readonly pullRequest?: true;
  readonly origin: Origin;
}

/** Reports MLP5140 for bad path filters and MLP5141 for bad `branches`; true when all are valid. */
export function checkFilterPatterns(ctx: PipelineContext, filters: readonly PathFilter[]): boolean {
  let ok = true;
  for (const f of filters) {
    const problem = filterPatternProblem(f.filter, "path");
    if (problem === undefined) continue;
    ok = false;
    const what = f.dataset !== undefined ? `the path of dataset \`${f.dataset}\`, ${JSON.stringify(f.written)},` : `${f.pullRequest === true ? "pull_request" : "push"} path ${JSON.stringify(f.written)}`;
    ctx.report("MLP5140", "error", `${what} is not a path filter GitHub accepts: ${problem}`, f.origin, {
      notes: [
        `the workflow would hold the filter ${JSON.stringify(f.filter)}, which GitHub (and actionlint) refuse`,
        ...(f.filter.includes("?{{") ? ["`${{` is written `?{{` so GitHub does not read it as an expression"] : []),
      ],
      help: [
        f.dataset !== undefined
          ? "rename the file so its path has no line break, or drop `trigger on change(…)` for it"
          : "give each pattern its own string, without line breaks, e.g. `trigger on push(\"data/**\", \"src/*.py\")`; `*`, `**`, `?`, `+`, `[a-z]` and a leading `!` are pattern syntax, `\\` escapes them",
      ],
    });
  }
  const branches = ctx.opts.branches ?? [];
  for (const b of branches) {
    const problem = filterPatternProblem(b, "branch");
    if (problem === undefined) continue;
    ok = false;
    ctx.report("MLP5141", "error", `branch pattern ${JSON.stringify(b)} in \`branches\` is not one GitHub accepts: ${problem}`, ctx.pipeline.targets["github"]?.origin ?? ctx.pipeline.origin, {
      notes: ["branch patterns are Git ref names with GitHub's `*`, `**`, `?`, `+`, `[…]` and `!` (see `man git-check-ref-format`)"],
      help: ["write the branch name as Git spells it, e.g. `branches: [\"main\", \"release/**\"]`"],
    });
  }
  return ok;
}
