/** A component that no step calls, in any file of the program, is dead code. */
import { createRule } from "../rule.js";
import { dirname, join, normalize } from "node:path";
import { membersOf } from "../ast-queries.js";

export default createRule({
  name: "unused-component",
  meta: {
    code: "MLP6010",
    description: "a component that no step in the program calls",
    defaultLevel: "warning",
    messages: { unused: "component `{{name}}` is never used" },
    help: { unused: "call it from a step (`step s = {{name}}(…)`) or remove it" },
  },
  check(ctx) {
    const called = new Set<string>();
    for (const file of ctx.program) {
      for (const d of file.declarations) {
        if (d.kind !== "Pipeline") continue;
        for (const step of membersOf(d, "Step")) {
          if (step.call) called.add(step.call.callee.path.map((p) => p.name).join("."));
        }
      }
    }
    // A library file (components only) is judged only when a file that imports it is linted too;
    // alone, nothing can tell which of its components are used.
    const hasPipeline = ctx.file.declarations.some((d) => d.kind === "Pipeline");
    const importedHere = ctx.program.some((f) =>
      f.declarations.some(
        (d) => d.kind === "Import" && normalize(join(dirname(f.path), d.path.value)) === normalize(ctx.file.path),
      ),
    );
    if (!hasPipeline && !importedHere) return;
    for (const d of ctx.file.declarations) {
      if (d.kind === "Component" && !called.has(d.name.name))
        ctx.report({ span: d.name.span, messageId: "unused", data: { name: d.name.name } });
    }
  },
});
