/**
 * Every front-end command run in-process over one source text, the way the CLI runs them but
 * without a process per case: `check`, `lint`, `fmt`, and `compile` to each built-in target.
 * Used by the depth-guard and fuzz tests, which assert that no input makes any of them throw or
 * report MLP9001.
 */
import { checkProgram, compileToIr, loadProgram } from "../../src/compile.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { formatSource, type FormatResult } from "../../src/format/format.js";
import { lint } from "../../src/lint/lint.js";
import { memoryHost, type Host } from "../../src/source/host.js";
import { emitWithTarget } from "./emit-with-target.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";
import type { IrDocument } from "../../src/ir/ir.js";

export interface FrontEndRun {
  /** Every diagnostic of every command, by command. */
  readonly diagnostics: Readonly<Record<string, readonly Diagnostic[]>>;
  readonly format: FormatResult;
  /** The IR, when the source compiles without errors. */
  readonly ir: IrDocument | undefined;
}

const TARGET_NAMES = BUILTIN_TARGETS.map((t) => t.name);

/**
 * Runs check, lint, fmt and compile (IR, then every built-in target) over `text` as `path`.
 * `checkAlone` also runs the checker on its own, as `mlp check` does (compiling checks anyway).
 */
export function runFrontEnd(text: string, path = "main.mlp", extraFiles: Readonly<Record<string, string>> = {}, checkAlone = true): FrontEndRun {
  const host: Host = memoryHost({ ...extraFiles, [path]: text });
  const diagnostics: Record<string, readonly Diagnostic[]> = {};
  const loaded = loadProgram(path, host);
  diagnostics["load"] = loaded.diagnostics;
  // `mlp lint` lints a file that loads, whatever the checker says; `compile` below checks too
  if (!hasErrors(loaded.diagnostics)) {
    if (checkAlone) diagnostics["check"] = checkProgram(loaded.program).diagnostics;
    const entry = loaded.program.files.get(loaded.program.entry);
    if (entry) diagnostics["lint"] = lint([entry.ast], [...loaded.program.files.values()].map((f) => f.ast), { rules: {} });
  }
  const format = formatSource(text, path);
  if (!format.ok) diagnostics["fmt"] = format.diagnostics;
  const compiled = compileToIr(path, host);
  diagnostics["compile"] = compiled.diagnostics;
  const ir = compiled.ir && !hasErrors(compiled.diagnostics) ? compiled.ir : undefined;
  if (ir) {
    for (const target of BUILTIN_TARGETS) {
      diagnostics[`emit ${target.name}`] = emitWithTarget(ir, target, { knownTargets: TARGET_NAMES, mlpVersion: "0.0.0-test", builtin: true }).diagnostics;
    }
  }
  return { diagnostics, format, ir };
}

/** Codes that mean mlp itself broke: an internal error, or a built-in target that threw. */
const CRASH_CODES = new Set(["MLP9001", "MLP5403", "MLP5405"]);

/** `command: CODE message` for every internal error (MLP9001, or a built-in target's throw) of a run. */
export function internalErrors(run: FrontEndRun): string[] {
  return Object.entries(run.diagnostics).flatMap(([cmd, ds]) => ds.filter((d) => CRASH_CODES.has(d.code)).map((d) => `${cmd}: ${d.code} ${d.message} ${d.notes?.join(" ") ?? ""}`));
}
