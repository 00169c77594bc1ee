/**
 * `mlp check FILE…`: parse and type-check each file (with its imports) and validate its `target`
 * blocks against the built-in targets' option schemas, without generating anything.
 */
import type { Command } from "commander";
import { compileToIr } from "../../compile.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { withoutSuppressed } from "../../lint/suppressions.js";
import { EXIT } from "../exit-codes.js";
import { outputSettings } from "../output-settings.js";
import { recordingHost } from "../recording-host.js";
import { unreadableInputs } from "../read-inputs.js";
import { exitCodeFor, printDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";
import { BUILTIN_TARGET_NAMES, loadBuiltinTargetOptions } from "../../../targets/builtin-loaders.js";
import { knownTargetNames, rebaseIrDiagnostics } from "../target-names.js";

/** Registers `mlp check`. */
export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check .mlp files for errors without generating anything")
    .argument("<files...>", "the .mlp files to check (imports are followed)")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp check churn.mlp
  $ mlp check pipelines/*.mlp --format short
  $ mlp check churn.mlp --format json > diagnostics.json
  $ mlp check churn.mlp --format github      # annotations in a GitHub Actions job

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read.`,
    )
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      process.exitCode = await runSafely(() => runCheck(files, cmd, processStreams), processStreams);
    });
}

/** The body of `mlp check`, returning the exit code. */
export async function runCheck(files: readonly string[], cmd: Command, streams: Streams): Promise<number> {
  const settings = outputSettings(cmd);
  const { host, lookup } = recordingHost();
  const io = unreadableInputs(files, host);
  const readable = files.filter((f) => host.readFile(f).ok);
  const diagnostics: Diagnostic[] = [...io];
  for (const file of readable) {
    const result = compileToIr(file, host);
    for (const item of result.diagnostics) diagnostics.push(item);
    // Only the options of the targets that `target` blocks name are loaded, each with its schema
    // compiled ahead of time: no backend, no YAML or JSON Schema library (loading them, and ajv
    // compiling three schemas, was most of `mlp check`'s start-up).
    const named = new Set(result.ir?.pipelines.flatMap((p) => Object.keys(p.targets)) ?? []);
    if (result.ir && named.size > 0) {
      const { targetBlockDiagnostics } = await import("../../target/option-diagnostics.js");
      const { loadOptionsValidator } = await import("../../target/options-validator.js");
      const specs = (await Promise.all(BUILTIN_TARGET_NAMES.filter((n) => named.has(n)).map(loadBuiltinTargetOptions))).filter((t) => t !== undefined);
      const validated = await Promise.all(specs.map(async (t) => [t, await loadOptionsValidator(t, false)] as const));
      const known = knownTargetNames(result.ir, BUILTIN_TARGET_NAMES, process.cwd());
      for (const item of withoutSuppressed(rebaseIrDiagnostics(targetBlockDiagnostics(result.ir, validated, known), file), result.suppressions)) diagnostics.push(item);
    }
  }
  printDiagnostics(diagnostics, settings, lookup, streams, { summary: io.length === 0 });
  if (io.length > 0) return EXIT.usage;
  if (diagnostics.length === 0 && settings.format === "human") {
    streams.stderr.write(`no problems found in ${files.length} file${files.length === 1 ? "" : "s"}\n`);
  }
  return exitCodeFor(diagnostics);
}
