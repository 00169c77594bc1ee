/**
 * The diagnostics sink shared by the Argo emitter's parts, so each check reports with one call
 * and `emit` returns them in a stable order.
 */
import { diagnostic, type Diagnostic, type DiagnosticExtras, type Severity } from "../../src/diagnostics/diagnostic.js";
import type { Span } from "../../src/source/span.js";

/** Collects diagnostics for one `emit` call. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(code: string, severity: Severity, message: string, span: Span, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(diagnostic(code, severity, message, span, extras));
  }

  error(code: string, message: string, span: Span, extras: DiagnosticExtras = {}): void {
    this.report(code, "error", message, span, extras);
  }
}
