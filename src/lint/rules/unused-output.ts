/**
 * An output that nothing reads and no deploy ships is work stored for nobody. Outputs of the
 * pipeline's last steps are often wanted as results, so this rule starts `off`.
 */
import { createRule } from "../rule.js";
import { componentsOf, effectiveStepMembers, findMember, membersOf, namesUsedIn, pipelinesOf } from "../ast-queries.js";

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
    const components = componentsOf(ctx.program);
    for (const pipeline of pipelinesOf(ctx.file)) {
      const used = new Set(
        namesUsedIn(pipeline)
          .filter((u) => u.path.length > 1)
          .map((u) => `${u.path[0]!.name}.${u.path[1]!.name}`),
      );
      for (const step of membersOf(pipeline, "Step")) {
        const outputs = findMember(effectiveStepMembers(step, components), "Outputs");
        for (const out of outputs?.entries ?? []) {
          if (used.has(`${step.name.name}.${out.name.name}`)) continue;
          // A body step's own declaration is the best place to point; a call step is pointed at by name.
          const span = step.members ? out.name.span : step.name.span;
          ctx.report({ span, messageId: "unused", data: { step: step.name.name, output: out.name.name } });
        }
      }
    }
  },
});
