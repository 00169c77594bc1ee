/**
 * An output of a step body that nothing reads, while the step's other outputs are read, is
 * MLP4003 (a warning): probably a forgotten input downstream. Only a step body can stop
 * producing an output; a shared component may serve other callers.
 */
import type { CheckRule } from "../rule.js";

export const noUnusedOutputs: CheckRule = {
  name: "no-unused-outputs",
  phase: "graph",
  codes: ["MLP4003"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      const g = ctx.graphs.get(scope.decl)!;
      for (const sym of scope.members.values()) {
        if (sym.kind !== "step" || sym.sig.form !== "body" || sym.sig.outputs.size < 2) continue;
        const unused = [...sym.sig.outputs.values()].filter((p) => !g.usedOutputs.has(`${sym.name}.${p.name}`));
        if (unused.length === 0 || unused.length === sym.sig.outputs.size) continue;
        for (const p of unused) {
          ctx.warning("MLP4003", `output \`${sym.name}.${p.name}\` is never used`, p.span, {
            notes: [`other outputs of \`${sym.name}\` are read by later steps, but nothing reads \`${p.name}\``],
            help: [`read it in a later step (\`inputs { x: ${sym.name}.${p.name} }\`) or stop producing it`],
          });
        }
      }
    }
  },
};
