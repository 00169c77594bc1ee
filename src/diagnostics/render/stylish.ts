/**
 * ESLint's "stylish" layout: findings grouped under each file, one aligned line each, then a
 * summary. The default for `mlp lint` on a terminal.
 */
import type { Diagnostic } from "../diagnostic.js";

export function renderStylish(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return "";
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.span.file) ?? [];
    list.push(d);
    byFile.set(d.span.file, list);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(file);
    const rows = list.map((d) => [`${d.span.start.line}:${d.span.start.column}`, d.severity, d.message, d.rule ? `${d.rule} (${d.code})` : d.code]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) lines.push(`  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`);
    lines.push("");
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const total = diagnostics.length;
  lines.push(`${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`);
  return lines.join("\n") + "\n";
}
