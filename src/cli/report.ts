/**
 * Prints diagnostics in the chosen format and turns them into an exit code. Human and short
 * output go to stderr; JSON and GitHub annotations go to stdout (for piping), unless stdout
 * already carries the command's own output.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render/render.js";
import type { SourceLookup } from "../diagnostics/render/source-lookup.js";
import type { OutputSettings } from "./output-settings.js";
import { EXIT } from "./exit-codes.js";

/** Where printed text goes; the real process streams in the CLI, buffers in tests. */
export interface Streams {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

/** The process's own streams. */
export const processStreams: Streams = { stdout: process.stdout, stderr: process.stderr };

/** Removes exact duplicates (the same file imported by two checked entries reports twice). */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.span.file}\0${d.span.start.offset}\0${d.span.end.offset}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How `printDiagnostics` prints. */
export interface PrintOptions {
  /** Stdout carries the command's own output: machine formats go to stderr instead. */
  readonly stdoutBusy?: boolean;
  /** Human format: end with a summary line (off for one-line usage and I/O errors). */
  readonly summary?: boolean;
}

const STACK_FRAME = /^\s*at\s.+(:\d+:\d+\)?|\((native|<anonymous>)\))$/;

/**
 * Drops stack-frame lines that an internal error (MLP9001) carries in its notes: users get one
 * clear message; `MLP_DEBUG=1` keeps the frames for whoever debugs mlp.
 */
export function withoutStackFrames(diagnostics: readonly Diagnostic[], env: NodeJS.ProcessEnv = process.env): Diagnostic[] {
  if (env.MLP_DEBUG) return [...diagnostics];
  return diagnostics.map((d) => (d.notes.some((n) => STACK_FRAME.test(n)) ? { ...d, notes: d.notes.filter((n) => !STACK_FRAME.test(n)) } : d));
}

/**
 * Prints `diagnostics` (sorted, deduplicated). JSON is printed even when there is nothing to
 * report, so a consumer always gets a document.
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  settings: OutputSettings,
  lookup: SourceLookup,
  streams: Streams,
  printOptions: PrintOptions | boolean = {},
): void {
  // A bare boolean is the original `stdoutBusy` parameter (kept for existing callers).
  const options: PrintOptions = typeof printOptions === "boolean" ? { stdoutBusy: printOptions } : printOptions;
  const stdoutBusy = options.stdoutBusy ?? false;
  const sorted = sortDiagnostics(dedupeDiagnostics(withoutStackFrames(diagnostics)));
  const machine = settings.format === "json" || settings.format === "github";
  if (sorted.length === 0 && settings.format !== "json") return;
  const text = renderDiagnostics(settings.format, sorted, lookup, { color: settings.color && !machine, summary: options.summary ?? true });
  (machine && !stdoutBusy ? streams.stdout : streams.stderr).write(text);
}

/** Exit code for a finished command: 1 when any diagnostic is an error, else 0. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  return hasErrors(diagnostics) ? EXIT.failed : EXIT.ok;
}
