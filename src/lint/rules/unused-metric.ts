/**
 * A declared metric that no gate or expression reads is tracked but never acted on. Tracking
 * everything is a feature, so this rule starts `off`; turn it on to audit gates.
 */
import { createRule } from "../rule.js";
import { unreadStepPorts } from "../ast-queries.js";

export default createRule({
  name: "unused-metric",
  meta: {
    code: "MLP6012",
    description: "a metric declared but never gated on or read",
    defaultLevel: "off",
    messages: { unused: "metric `{{metric}}` of step `{{step}}` is never gated on or read" },
    help: { unused: "use it in a gate (`{{step}}.{{metric}} >= …`) or stop declaring it" },
  },
  check(ctx) {
    for (const { step, port, span } of unreadStepPorts(ctx, "Metrics")) {
      ctx.report({ span, messageId: "unused", data: { step, metric: port } });
    }
  },
});
