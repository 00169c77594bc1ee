/**
 * `finally NAME { … }` on GitHub: the step's job needs every other job and runs `if: always()`,
 * so it starts once they are all done, whatever happened (cancelled runs included). Its first
 * step works out the run's status (docs/ir.md, "Run status") from `needs.*.result` and the gate
 * jobs' `passed` output: any job failed → `failed`, else any cancelled → `cancelled`, else any
 * gate did not hold → `gated`, else `succeeded`. The command gets it as `$MLP_STATUS` through the
 * command step's `env:` (`${status}` is `"${MLP_STATUS}"`), never pasted into the script.
 */
import { scriptStep, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";

/** The status computation, run by `actions/github-script` (exported for the tests). */
export const STATUS_SCRIPT = `const needs = JSON.parse(process.env.MLP_NEEDS || '{}');
const gates = JSON.parse(process.env.MLP_GATES);
const results = Object.values(needs).map((j) => j.result);
const gated = gates.filter((g) => needs[g] && needs[g].outputs && needs[g].outputs.passed === 'false');
let status = 'succeeded';
if (results.includes('failure')) status = 'failed';
else if (results.includes('cancelled')) status = 'cancelled';
else if (gated.length > 0) status = 'gated';
core.setOutput('status', status);
core.info('the run is ' + status + (status === 'gated' ? ' (did not hold: ' + gated.join(', ') + ')' : ''));
`;

/** The `if:` of a `finally` step's job. */
export function finallyCondition(): GhExpr {
  return ghExpr("always()");
}

/** The step that computes the run's status (id `status`) from the jobs in `needs`. */
export function finallyStatusStep(ctx: PipelineContext, needs: readonly string[]): Record<string, unknown> {
  // Gates, not asserts (a failed assert fails its job) nor sweep members (matrix jobs keep one leg's outputs).
  const gates = needs.filter((n) => {
    const g = ctx.view.gate(n);
    return g !== undefined && g.assert !== true && g.sweep === undefined;
  });
  return scriptStep("work out the run's status", "status", { MLP_NEEDS: ghExpr("toJSON(needs)"), MLP_GATES: JSON.stringify(gates) }, STATUS_SCRIPT);
}
