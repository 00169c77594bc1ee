/** A parameter nobody reads is a knob that does nothing. */
import { createRule } from "../rule.js";
import { membersOf, namesUsedIn, pipelinesOf } from "../ast-queries.js";

export default createRule({
  name: "unused-param",
  meta: {
    code: "MLP6007",
    description: "a param that no step, gate or default uses",
    defaultLevel: "warning",
    messages: { unused: "param `{{name}}` is never used" },
    help: { unused: "pass it to a step (`inputs { x: {{name}} }`) or remove it" },
  },
  check(ctx) {
    for (const pipeline of pipelinesOf(ctx.file)) {
      const used = new Set(namesUsedIn(pipeline).map((u) => u.path[0]!.name));
      for (const p of membersOf(pipeline, "Param")) {
        if (!used.has(p.name.name)) ctx.report({ span: p.name.span, messageId: "unused", data: { name: p.name.name } });
      }
    }
  },
});
