/**
 * Every written type names a built-in type or a visible schema and fits its place (language
 * reference, "Types"): unknown names are MLP2005 (with "did you mean" and the import that would
 * make a schema visible); a schema used as a type, `T?` outside params, wrong type arguments and
 * a kind the place does not take (a value as an output, a string as a metric) are MLP3007.
 */
import { reportTo } from "../report.js";
import type { CheckRule } from "../rule.js";
import { interpretType } from "../type-refs.js";

export const validTypeReferences: CheckRule = {
  name: "valid-type-references",
  phase: "names",
  codes: ["MLP2005", "MLP3007"],
  check(ctx) {
    const report = reportTo(ctx);
    // the declarations phase resolved every type already; only those that are `error` have a reason to report
    for (const { ref, file, slot } of ctx.typeErrors) interpretType(ctx, ref, file, slot, report);
  },
};
