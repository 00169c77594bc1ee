/**
 * Opening an existing run store for `mlp runs`, `mlp lineage` and `mlp approve`, and reporting
 * what they cannot find (no store, no such run, step or artifact) as diagnostics: human text on
 * stderr, or the JSON diagnostics document on stdout under the global `--format json`, so a
 * script always gets a document.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import { openStore } from "../runtime/store.js";
import { storeFaultDiagnostic } from "../runtime/store-fault.js";
import { EXIT } from "./exit-codes.js";
import { diagnosticsFormat, outputSettings } from "./output-settings.js";
import { printDiagnostics, processStreams, type Streams } from "./report.js";

/** Where a command finds its store: `--store DIR`, or beside `--file FILE`, or `./.mlp`. */
export interface StoreFlags {
  store?: string;
  file?: string;
}

/** The store directory `flags` name. */
export function storeDirFor(flags: StoreFlags): string {
  return resolve(flags.store ?? (flags.file !== undefined ? resolve(dirname(resolve(flags.file)), ".mlp") : ".mlp"));
}

/** Opens the store `flags` name, or says why not (MLP9106, or a store fault: MLP7022, MLP7040–MLP7044). */
export function openExistingStore(flags: StoreFlags): { store: ReturnType<typeof openStore> } | { problem: Diagnostic } {
  const dir = storeDirFor(flags);
  if (!existsSync(resolve(dir, "mlp.db")))
    return {
      problem: diagnostic("MLP9106", "error", `no mlp store at \`${dir}\``, NO_LOCATION, {
        help: ["pass `--store DIR` (the `.mlp` directory beside the pipeline file) or `--file PIPELINE.mlp`"],
      }),
    };
  try {
    return { store: openStore(dir) };
  } catch (e) {
    // A store that is empty, foreign, damaged, read-only or from a newer mlp: say which, never MLP9001.
    return { problem: storeFaultDiagnostic(e, dir) ?? diagnostic("MLP7022", "error", `cannot open the store \`${dir}\`: ${(e as Error).message}`, NO_LOCATION) };
  }
}

/**
 * For a command that failed while reading or writing the open store in `dir` (a damaged page, a
 * full disk): reports the fault and returns exit 2. Anything else is rethrown (a bug: MLP9001).
 */
export function reportStoreFault(e: unknown, dir: string, cmd: Command): number {
  const problem = storeFaultDiagnostic(e, dir);
  if (problem === undefined) throw e;
  reportProblem(problem, cmd);
  return EXIT.usage;
}

/** A run, step or artifact named on the command line that the store does not hold (MLP9107). */
export function notInStore(message: string, help: string[] = [], notes: string[] = []): Diagnostic {
  return diagnostic("MLP9107", "error", message, NO_LOCATION, { help, notes });
}

/** True when the global `--format json` is in force for `cmd`. */
export function wantsJson(cmd: Command): boolean {
  return diagnosticsFormat(cmd) === "json";
}

/** Prints a command-line problem in the format in force for `cmd`. */
export function reportProblem(problem: Diagnostic, cmd: Command, streams: Streams = processStreams): void {
  printDiagnostics([problem], outputSettings(cmd), () => undefined, streams, { summary: false });
}
