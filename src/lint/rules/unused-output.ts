/**
 * An output that nothing reads and no deploy ships is work stored for nobody. Outputs of the
 * pipeline's last steps are often wanted as results, so this rule starts `off`.
 */
import { createRule } from "../rule.js";
import { unreadStepPorts } from "../ast-queries.js";

export default createRule({
  name: "unused-output",
  meta: {
    code: "MLP6009",
    description: "a step output that no step, gate or deploy reads",
    defaultLevel: "off",
    messages: { unused: "output `{{output}}` of step `{{step}}` is never used" },
    help: { unused: "read it downstream, deploy it, or drop it from `outputs`" },
  },
  check(ctx) {
    for (const { step, port, span } of unreadStepPorts(ctx, "Outputs")) {
      ctx.report({ span, messageId: "unused", data: { step, output: port } });
    }
  },
});
