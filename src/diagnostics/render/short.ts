/**
 * The short renderer: one line per diagnostic, `file:line:col: error[MLPnnnn]: message`, for CI
 * logs, editors' error parsers and grep. A lint finding ends with its rule name in brackets.
 */
import type { Diagnostic } from "../diagnostic.js";
import { hasLocation } from "./location.js";
import { sanitize } from "./text-width.js";

/** Renders one line per diagnostic, each ending with a newline. */
export function renderShort(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${renderShortOne(d)}\n`).join("");
}

/** `file:line:col: severity[code]: message [rule]` (no location prefix for command-line problems). */
export function renderShortOne(d: Diagnostic): string {
  const where = hasLocation(d.span) ? `${sanitize(d.span.file)}:${d.span.start.line}:${d.span.start.column}: ` : "";
  const rule = d.rule !== undefined ? ` [${d.rule}]` : "";
  return `${where}${d.severity}[${d.code}]: ${sanitize(d.message)}${rule}`;
}
