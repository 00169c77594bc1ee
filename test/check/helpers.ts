/**
 * Test helpers for the checker: compile in-memory files and summarise diagnostics as
 * `CODE line:column+length` so tests assert exact codes and spans in one line.
 */
import { compileToIr, type CompileResult } from "../../src/compile.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/source/host.js";
import { spanLength } from "../../src/source/span.js";

/** Compiles `main` as `main.mlp`, with `files` next to it. */
export function compile(main: string, files: Readonly<Record<string, string>> = {}): CompileResult {
  return compileToIr("main.mlp", memoryHost({ "main.mlp": main, ...files }));
}

/** `MLP2004 main.mlp 3:5+2` for each diagnostic. */
export function summary(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.span.file} ${d.span.start.line}:${d.span.start.column}+${spanLength(d.span)}`);
}

/** Summaries of the diagnostics of compiling `main` (and `files`). */
export function codesOf(main: string, files: Readonly<Record<string, string>> = {}): string[] {
  return summary(compile(main, files).diagnostics);
}

/** The one diagnostic of `main`, failing unless there is exactly one. */
export function only(main: string, files: Readonly<Record<string, string>> = {}): Diagnostic {
  const ds = compile(main, files).diagnostics;
  if (ds.length !== 1) throw new Error(`expected one diagnostic, got:\n${summary(ds).join("\n")}\n${ds.map((d) => d.message).join("\n")}`);
  return ds[0]!;
}
