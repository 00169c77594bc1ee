/** A dataset nobody reads still costs a hash on every local run and confuses readers. */
import { createRule } from "../rule.js";
import { membersOf, namesUsedIn, pipelinesOf } from "../ast-queries.js";

export default createRule({
  name: "unused-dataset",
  meta: {
    code: "MLP6008",
    description: "a dataset that no step reads and no trigger watches",
    defaultLevel: "warning",
    messages: { unused: "dataset `{{name}}` is never used" },
    help: { unused: "bind it to a step input or remove it" },
  },
  check(ctx) {
    for (const pipeline of pipelinesOf(ctx.file)) {
      const used = new Set(namesUsedIn(pipeline).map((u) => u.path[0]!.name));
      for (const d of membersOf(pipeline, "Dataset")) {
        if (!used.has(d.name.name)) ctx.report({ span: d.name.span, messageId: "unused", data: { name: d.name.name } });
      }
    }
  },
});
