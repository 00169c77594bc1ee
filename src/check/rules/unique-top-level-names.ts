/**
 * Top-level names are unique across the program (language reference, "Declarations"): a schema,
 * component or pipeline declared again, in the same file or an imported one, is MLP2003.
 */
import type { CheckRule } from "../rule.js";

export const uniqueTopLevelNames: CheckRule = {
  name: "unique-top-level-names",
  phase: "names",
  codes: ["MLP2003"],
  check(ctx) {
    const { globals, duplicatedGlobals } = ctx.analysis;
    if (duplicatedGlobals.size === 0) return;
    for (const file of ctx.files()) {
      for (const decl of file.ast.declarations) {
        if (decl.kind === "Import") continue;
        const name = decl.name;
        // the declarations phase kept the first declaration of each name
        const first = globals.get(name.name)!;
        if (first.decl === decl) continue;
        ctx.error("MLP2003", `duplicate top-level name \`${name.name}\``, name.span, {
          label: `\`${name.name}\` declared again here`,
          labels: [{ span: first.decl.name.span, message: `first declared here` }],
          help: [`rename one of them; names must be unique`],
        });
      }
    }
  },
};
