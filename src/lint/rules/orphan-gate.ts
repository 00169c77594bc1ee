/** A gate guards something only if a step or deploy names it in `after`. */
import { createRule } from "../rule.js";
import { afterTargets, membersOf, pipelinesOf } from "../ast-queries.js";

export default createRule({
  name: "orphan-gate",
  meta: {
    code: "MLP6003",
    description: "a gate that no step or deploy depends on",
    defaultLevel: "warning",
    messages: { orphan: "gate `{{gate}}` guards nothing: no step or deploy is `after` it" },
    help: { orphan: "add `after {{gate}}` to the steps or deploys it should hold back" },
  },
  check(ctx) {
    for (const pipeline of pipelinesOf(ctx.file)) {
      const used = afterTargets(pipeline);
      for (const gate of membersOf(pipeline, "Gate")) {
        if (!used.has(gate.name.name)) ctx.report({ span: gate.name.span, messageId: "orphan", data: { gate: gate.name.name } });
      }
    }
  },
});
