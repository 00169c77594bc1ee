/** Turning the cache off costs every run; a comment next to `cache off` should say why. */
import { flatPipelineMembers } from "../../syntax/pipeline-members.js";
import { createRule } from "../rule.js";
import type { StepMember } from "../../syntax/ast.js";

export default createRule({
  name: "cache-off-without-reason",
  meta: {
    code: "MLP6011",
    description: "`cache off` without a comment saying why",
    defaultLevel: "warning",
    messages: { noReason: "`cache off` has no comment saying why" },
    help: { noReason: "add a comment on the same line or the line above, e.g. `cache off  # reads the live feature store`" },
  },
  check(ctx) {
    const commentLines = new Set(ctx.file.comments.map((c) => c.span.start.line));
    const visit = (members: readonly StepMember[]) => {
      for (const m of members) {
        if (m.kind !== "Cache" || m.enabled) continue;
        const line = m.span.start.line;
        if (commentLines.has(line) || commentLines.has(line - 1)) continue;
        ctx.report({ span: m.span, messageId: "noReason" });
      }
    };
    for (const decl of ctx.file.declarations) {
      if (decl.kind === "Component") visit(decl.members);
      if (decl.kind === "Pipeline") for (const m of flatPipelineMembers(decl)) if (m.kind === "Step" && m.members) visit(m.members);
    }
  },
});
