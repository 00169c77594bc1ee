/**
 * A declared metric that no gate or expression reads is tracked but never acted on. Tracking
 * everything is a feature, so this rule starts `off`; turn it on to audit gates.
 */
import { createRule } from "../rule.js";
import { componentsOf, effectiveStepMembers, findMember, membersOf, namesUsedIn, pipelinesOf } from "../ast-queries.js";

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
    const components = componentsOf(ctx.program);
    for (const pipeline of pipelinesOf(ctx.file)) {
      const used = new Set(
        namesUsedIn(pipeline)
          .filter((u) => u.path.length > 1)
          .map((u) => `${u.path[0]!.name}.${u.path[1]!.name}`),
      );
      for (const step of membersOf(pipeline, "Step")) {
        const metrics = findMember(effectiveStepMembers(step, components), "Metrics");
        for (const metric of metrics?.entries ?? []) {
          if (used.has(`${step.name.name}.${metric.name.name}`)) continue;
          const span = step.members ? metric.name.span : step.name.span;
          ctx.report({ span, messageId: "unused", data: { step: step.name.name, metric: metric.name.name } });
        }
      }
    }
  },
});
