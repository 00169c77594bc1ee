/**
 * In a scheduled pipeline nobody watches each run: a step without `timeout` can hang until the
 * orchestrator's own limit (six hours on GitHub Actions, forever elsewhere).
 */
import { createRule } from "../rule.js";
import { componentsOf, effectiveStepMembers, findMember, membersOf, pipelinesOf } from "../ast-queries.js";

export default createRule({
  name: "missing-timeout",
  meta: {
    code: "MLP6005",
    description: "a step with no `timeout` in a scheduled pipeline",
    defaultLevel: "warning",
    messages: { missing: "step `{{step}}` has no `timeout` but pipeline `{{pipeline}}` runs on a schedule" },
    help: { missing: "add `timeout 1h` (or what the step needs) to the step or its component" },
  },
  check(ctx) {
    const components = componentsOf(ctx.program);
    for (const pipeline of pipelinesOf(ctx.file)) {
      if (membersOf(pipeline, "Schedule").length === 0) continue;
      for (const step of membersOf(pipeline, "Step")) {
        const callee = step.call?.callee.path.map((p) => p.name).join(".");
        if (callee?.startsWith("std.")) continue; // built-ins bound their own work
        if (findMember(effectiveStepMembers(step, components), "Timeout")) continue;
        ctx.report({ span: step.name.span, messageId: "missing", data: { step: step.name.name, pipeline: pipeline.name.name } });
      }
    }
  },
});
