/**
 * Where a shared helper sends a problem it finds. A phase that builds the symbol tables calls
 * the helpers without one (it only wants the answer); the rule that owns the invariant calls
 * them with `reportTo(ctx)`, so each problem is reported once, by its rule.
 */
import type { DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import type { CheckContext } from "./context.js";

export type Report = (code: string, message: string, span: Span, extras?: DiagnosticExtras) => void;

/** Reports errors into `ctx`. */
export function reportTo(ctx: CheckContext): Report {
  return (code, message, span, extras) => ctx.error(code, message, span, extras);
}
