/**
 * `mlp fmt`'s core: parse, print canonically, and refuse to touch a file that does not parse
 * or whose comments the printer cannot all keep.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { parse } from "../syntax/parse.js";
import { printFile } from "./print.js";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly reason: string };

export function formatSource(text: string, path: string): FormatResult {
  const parsed = parse(text, path);
  if (hasErrors(parsed.diagnostics)) {
    return { ok: false, diagnostics: parsed.diagnostics, reason: "the file has syntax errors" };
  }
  const printed = printFile(parsed.file, text);
  if (printed === undefined) {
    return { ok: false, diagnostics: [], reason: "a comment sits inside an expression, where the formatter cannot keep it" };
  }
  return { ok: true, text: printed, changed: printed !== text };
}
