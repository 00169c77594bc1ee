/**
 * `step NAME = CALLEE(…)` calls a visible component or a `std.*` built-in (language reference,
 * "Components"): an unknown one is MLP2006 (with "did you mean" and the import that would make
 * it visible), a schema or pipeline called as one is MLP3006.
 */
import { resolveCallee } from "../callees.js";
import { reportTo } from "../report.js";
import type { CheckRule } from "../rule.js";

export const knownComponents: CheckRule = {
  name: "known-components",
  phase: "names",
  codes: ["MLP2006", "MLP3006"],
  check(ctx) {
    const report = reportTo(ctx);
    for (const scope of ctx.scopes()) {
      for (const m of scope.flat) {
        if (m.kind === "Step" && m.call !== undefined) resolveCallee(ctx, m, scope.file, report);
      }
    }
  },
};
