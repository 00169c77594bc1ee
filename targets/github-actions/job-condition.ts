/**
 * The `if:` of a job after a sweep's members. Without an `if:` (or with one that has no status
 * function) GitHub runs a job only when every job upstream of it, however far, succeeded; a
 * member job with one failed leg ends `failure`, and everything after it would be skipped, though
 * the other points finished and the fan-in can choose among them. So a job with a member upstream
 * states its own condition: the run is not cancelled, each job it needs succeeded (or, for a
 * member, ran: `success` or `failure`), and each gate it follows passed. A skipped job upstream
 * (a closed gate, a failed step before the sweep) still skips it, since each job it needs was
 * skipped in turn. Jobs with no member upstream keep GitHub's default (`gateCondition`).
 */
import { gateCondition, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";

const afterMembersOf = new WeakMap<PipelineContext, ReadonlySet<string>>();

/** The nodes with a sweep member upstream of them (members after other members, fan-ins, and what follows). */
function afterMembers(ctx: PipelineContext): ReadonlySet<string> {
  let set = afterMembersOf.get(ctx);
  if (set === undefined) {
    const found = new Set<string>();
    // In topological order, each node's needs are decided before it.
    for (const n of ctx.view.nodes)
      if (ctx.view.needs(n.name).some((m) => ctx.view.sweepOf(m.name) !== undefined || found.has(m.name))) found.add(n.name);
    afterMembersOf.set(ctx, (set = found));
  }
  return set;
}

/** The `if:` of the job of node `name`, which needs the jobs `needs`. */
export function jobCondition(ctx: PipelineContext, name: string, needs: readonly string[]): GhExpr | undefined {
  const afterNot = ctx.view.afterNot(name);
  if (ctx.view.sweeps.length === 0 || !afterMembers(ctx).has(name)) return gateCondition(ctx, needs, afterNot);
  const parts = ["!cancelled()"];
  for (const n of needs) {
    if (ctx.view.sweepOf(n) !== undefined) parts.push(`(needs.${n}.result == 'success' || needs.${n}.result == 'failure')`);
    else parts.push(`needs.${n}.result == 'success'`);
  }
  for (const n of needs) if (ctx.view.gate(n) !== undefined && ctx.view.sweepOf(n) === undefined) parts.push(`needs.${n}.outputs.passed == '${afterNot.includes(n) ? "false" : "true"}'`);
  return ghExpr(parts.join(" && "));
}
