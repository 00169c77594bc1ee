/**
 * Reads a hand-written or compiled `.ir.json` given on the command line, through the same boundary
 * as the compiler's output (`validateIrDocument`): a command that accepts IR never sees an
 * unvalidated document.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import { validateIrDocument } from "../ir/validate-document.js";
import { type ValidIr } from "../ir/validate.js";
import type { Host } from "../source/host.js";

/** Whether `file` names an IR document rather than a `.mlp` source. */
export function isIrDocumentPath(file: string): boolean {
  return file.endsWith(".json");
}

/** The valid IR in `file`, or diagnostics: MLP9101 unreadable, MLP9110 not JSON, the validator's otherwise. */
export function readIrDocument(file: string, host: Host): { ir?: ValidIr; diagnostics: Diagnostic[] } {
  const read = host.readFile(file);
  if (!read.ok) return { diagnostics: [diagnostic("MLP9101", "error", read.detail, NO_LOCATION)] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (e) {
    const start = { offset: 0, line: 1, column: 1 };
    return { diagnostics: [diagnostic("MLP9110", "error", `\`${file}\` is not valid IR JSON: ${(e as Error).message}`, { file, start, end: start })] };
  }
  const valid = validateIrDocument(parsed, file);
  return valid.ir !== undefined ? { ir: valid.ir, diagnostics: [] } : { diagnostics: valid.diagnostics };
}
