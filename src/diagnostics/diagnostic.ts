import type { Span } from "../source/span.js";

export type Severity = "error" | "warning" | "info";

/** A secondary location that helps explain a diagnostic (the earlier duplicate, an edge of a cycle). */
export interface Label {
  readonly span: Span;
  readonly message: string;
}

/**
 * The one diagnostic value every phase produces. Rendered as human text, short lines, JSON,
 * SARIF or GitHub annotations by `src/diagnostics/render/*`.
 *
 * Messages are lowercase, without a trailing period, with identifiers in backticks; the fix goes
 * in `help`, context in `notes`.
 */
export interface Diagnostic {
  /** Stable code, `MLPnnnn`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Primary location. */
  readonly span: Span;
  /** Short text shown under the caret of the primary span. */
  readonly label?: string;
  readonly labels: readonly Label[];
  readonly notes: readonly string[];
  readonly help: readonly string[];
  /** Lint rule name (kebab-case) when the diagnostic comes from `mlp lint`. */
  readonly rule?: string;
}

export interface DiagnosticExtras {
  label?: string;
  labels?: Label[];
  notes?: string[];
  help?: string[];
  rule?: string;
}

/** Builds a diagnostic with empty extras filled in. */
export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  span: Span,
  extras: DiagnosticExtras = {},
): Diagnostic {
  return {
    code,
    severity,
    message,
    span,
    ...(extras.label !== undefined ? { label: extras.label } : {}),
    labels: extras.labels ?? [],
    notes: extras.notes ?? [],
    help: extras.help ?? [],
    ...(extras.rule !== undefined ? { rule: extras.rule } : {}),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts diagnostics by file, offset, then code, so output is deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
