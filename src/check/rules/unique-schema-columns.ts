/** A schema names each column once (language reference, "Types"): a repeat is MLP2011. */
import type { CheckRule } from "../rule.js";
import { forEachRepeat } from "../bodies.js";

export const uniqueSchemaColumns: CheckRule = {
  name: "unique-schema-columns",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const sym of ctx.analysis.globals.values()) {
      if (sym.kind !== "schema") continue;
      const fields = sym.decl.fields;
      forEachRepeat(
        fields,
        (f) => f.name.name,
        (i, first) => {
          const field = fields[i]!;
          ctx.error("MLP2011", `duplicate column \`${field.name.name}\` in schema \`${sym.name}\``, field.name.span, {
            labels: [{ span: fields[first]!.name.span, message: "first declared here" }],
          });
        },
      );
    }
  },
};
