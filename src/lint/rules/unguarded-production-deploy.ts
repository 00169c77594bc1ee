/**
 * A deploy to production must wait for a gate and for a human: `after` a gate (directly or
 * through earlier deploys and steps) and `approval required`.
 */
import { createRule } from "../rule.js";
import { membersOf, pipelinesOf } from "../ast-queries.js";
import type { DeployDecl, PipelineDecl } from "../../syntax/ast.js";

const PRODUCTION = /^prod(uction)?$/i;

/** True when a gate precedes `start` through `after` edges and data references. */
function hasUpstreamGate(pipeline: PipelineDecl, start: DeployDecl): boolean {
  const gates = new Set(membersOf(pipeline, "Gate").map((g) => g.name.name));
  const preds = new Map<string, string[]>();
  for (const m of pipeline.members) {
    if (m.kind === "Step") {
      const names: string[] = [];
      for (const sm of m.members ?? []) {
        if (sm.kind === "After") for (const item of sm.names.map((n) => n.name)) names.push(item);
        if (sm.kind === "Inputs") for (const e of sm.entries) if (e.value?.kind === "Ref") names.push(e.value.path[0]!.name);
      }
      for (const a of m.call?.args ?? []) if (a.value.kind === "Ref") names.push(a.value.path[0]!.name);
      preds.set(m.name.name, names);
    } else if (m.kind === "Deploy") {
      const names: string[] = [];
      for (const dm of m.members) {
        if (dm.kind === "After") for (const item of dm.names.map((n) => n.name)) names.push(item);
        if (dm.kind === "DeployModel" && dm.ref.kind === "Ref") names.push(dm.ref.path[0]!.name);
      }
      preds.set(m.env.name, names);
    }
  }
  const seen = new Set<string>();
  const stack = [...(preds.get(start.env.name) ?? [])];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (gates.has(name)) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const item of preds.get(name) ?? []) stack.push(item);
  }
  return false;
}

export default createRule({
  name: "unguarded-production-deploy",
  meta: {
    code: "MLP6002",
    description: "a production deploy with no gate before it or no `approval required`",
    defaultLevel: "warning",
    messages: {
      noGate: "deploy `{{env}}` does not wait for any gate",
      noApproval: "deploy `{{env}}` ships without `approval required`",
    },
    help: {
      noGate: "add `after GATE` naming a gate that checks the model's metrics",
      noApproval: "add `approval required` so a person confirms the release",
    },
  },
  check(ctx) {
    for (const pipeline of pipelinesOf(ctx.file)) {
      for (const deploy of membersOf(pipeline, "Deploy")) {
        if (!PRODUCTION.test(deploy.env.name)) continue;
        const data = { env: deploy.env.name };
        if (!hasUpstreamGate(pipeline, deploy)) ctx.report({ span: deploy.env.span, messageId: "noGate", data });
        if (!deploy.members.some((m) => m.kind === "Approval"))
          ctx.report({ span: deploy.env.span, messageId: "noApproval", data });
      }
    }
  },
});
