/**
 * `mlp compile FILE --target T [--out DIR] [--pipeline P]`: check FILE, lower it to the IR and run
 * one target over it — a built-in (`ir`, `github`, `argo`, `airflow`), a plugin file, or an
 * installed `mlp-target-<name>` package. Files are written under `--out`, or printed.
 */
import type { Command } from "commander";
import { compileToIr } from "../../compile.js";
import { diagnostic, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import type { ValidIr } from "../../ir/validate.js";
import { loadOptionsValidator } from "../../target/options-validator.js";
import { runTarget } from "../../target/run-target.js";
import { isOutputTooLarge, outputTooLarge } from "../../target/output-too-large.js";
import { resolveTarget } from "../../target/registry.js";
import type { EmittedFile } from "../../target/target.js";
import { MLP_VERSION } from "../../version.js";
import { BUILTIN_TARGET_NAMES, loadBuiltinTarget } from "../../../targets/builtin-loaders.js";
import { withoutSuppressed } from "../../lint/suppressions.js";
import { EXIT } from "../exit-codes.js";
import { outputSettings, type OutputSettings } from "../output-settings.js";
import { recordingHost } from "../recording-host.js";
import { repoLocation } from "../repo-location.js";
import { unreadableInputs } from "../read-inputs.js";
import { exitCodeFor, printDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";
import { knownTargetNames, rebaseIrDiagnostics } from "../target-names.js";
import { writeOutputs } from "../write-outputs.js";
import { staleOutputs } from "../stale-outputs.js";
import { join } from "node:path";

/** Options of `mlp compile`. */
export interface CompileOptions {
  readonly target: string;
  readonly out?: string;
  readonly pipeline?: string;
  /** Write nothing; exit 1 when the files in `out` differ from what would be written. */
  readonly check?: boolean;
  /** The repository root output paths are relative to (default: the nearest directory above the file holding `.git`). */
  readonly root?: string;
}

/** Registers `mlp compile`. */
export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile an .mlp file for one target (or to the IR)")
    .argument("<file>", "the .mlp file to compile (imports are followed)")
    .requiredOption(
      "-t, --target <target>",
      `what to generate: ${BUILTIN_TARGET_NAMES.join(", ")}, a plugin file (./my-target.js), or a package name (foo -> mlp-target-foo)`,
    )
    .option("-o, --out <dir>", "write the generated files into this directory (created if needed)")
    .option("-p, --pipeline <name>", "compile only this pipeline of the file")
    .option("--check", "write nothing; exit 1 when the files in --out are missing or differ from what would be written")
    .option("--root <dir>", "the repository root that output paths are relative to (default: the nearest directory above the file holding .git, else the file's own directory)")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp compile churn.mlp --target ir                 # print the IR (JSON) to stdout
  $ mlp compile churn.mlp --target ir --out build/    # write build/churn.ir.json
  $ mlp compile churn.mlp --target github --out .github/workflows
  $ mlp compile churn.mlp --target argo --pipeline churn --out k8s/
  $ mlp compile churn.mlp --target ./my-target.js --out out/
  $ mlp compile churn.mlp --target demo --out out/    # uses the installed package mlp-target-demo
  $ mlp compile churn.mlp --target github --out .github/workflows --check   # CI: are they up to date?
  $ mlp compile ml/churn.mlp --target argo --root ml  # the image holds ml/, not the whole repository

The outputs are the same whatever the current directory and however FILE is spelled: paths in them
are relative to the repository root (see --root).

Without --out, one generated file is printed as is; several are printed one after another,
each under a "==> path <==" header.

Exit status: 0 compiled (with --check: up to date), 1 errors in the source or from the target (with
--check: files missing or different), 2 a usage or I/O problem
(unreadable file, unknown target, plugin that cannot be loaded, unwritable --out).`,
    )
    .action(async (file: string, opts: CompileOptions, cmd: Command) => {
      process.exitCode = await runSafely(() => runCompile(file, opts, outputSettings(cmd), processStreams), processStreams);
    });
}

/** The body of `mlp compile`, returning the exit code. */
export async function runCompile(file: string, opts: CompileOptions, settings: OutputSettings, streams: Streams, cwd: string = process.cwd()): Promise<number> {
  const { host, lookup } = recordingHost(undefined, cwd);
  const stdoutBusy = opts.out === undefined;
  const print = (diags: readonly Diagnostic[]): void => printDiagnostics(diags, settings, lookup, streams, { stdoutBusy });
  /** Usage and I/O problems: one line each, no summary. */
  const usage = (diags: readonly Diagnostic[]): number => {
    printDiagnostics(diags, settings, lookup, streams, { stdoutBusy, summary: false });
    return EXIT.usage;
  };

  const io = unreadableInputs([file], host);
  if (io.length > 0) return usage(io);
  if (opts.check && opts.out === undefined) {
    return usage([diagnostic("MLP9105", "error", "`--check` compares with the files in `--out`; give `--out DIR`", NO_LOCATION)]);
  }
  const location = repoLocation(file, cwd, opts.root);
  if (!location.ok) return usage([location.diagnostic]);
  const compiled = compileToIr(file, host, location.options);
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  if (!compiled.ir || hasErrors(diagnostics)) {
    print(diagnostics);
    return EXIT.failed;
  }

  let ir: ValidIr = compiled.ir;
  if (opts.pipeline !== undefined) {
    const picked = ir.pipelines.filter((p) => p.name === opts.pipeline);
    if (picked.length === 0) {
      const names = ir.pipelines.map((p) => `\`${p.name}\``).join(", ") || "none";
      return usage([...diagnostics, diagnostic("MLP9103", "error", `no pipeline named \`${opts.pipeline}\` in \`${file}\``, NO_LOCATION, { notes: [`pipelines in this file: ${names}`] })]);
    }
    ir = { ...ir, pipelines: picked };
  }

  // Only the built-in target asked for is loaded (a plugin's name loads none).
  const builtin = await loadBuiltinTarget(opts.target);
  const resolved = await resolveTarget(opts.target, { builtins: builtin === undefined ? [] : [builtin], builtinNames: BUILTIN_TARGET_NAMES, cwd });
  if (!resolved.ok) return usage([...diagnostics, ...resolved.diagnostics]);
  const target = resolved.resolved.target;
  const known = knownTargetNames(ir, BUILTIN_TARGET_NAMES, cwd);
  // ajv is loaded only for a plugin: the built-in targets ship their options schemas compiled.
  const validate = await loadOptionsValidator(target, resolved.resolved.origin.kind !== "builtin");
  const output = runTarget(ir, target, validate, { knownTargets: known, mlpVersion: MLP_VERSION });
  for (const item of withoutSuppressed(rebaseIrDiagnostics(output.diagnostics, file), compiled.suppressions)) diagnostics.push(item);
  print(diagnostics);
  if (hasErrors(diagnostics)) return EXIT.failed;

  if (opts.out !== undefined && opts.check) {
    const stale = staleOutputs(opts.out, output.files, cwd);
    for (const f of stale) streams.stdout.write(`${join(opts.out, f.path)}: ${f.problem === "missing" ? "missing" : "differs from what the source compiles to"}\n`);
    if (stale.length > 0) {
      streams.stderr.write(`${stale.length} generated file${stale.length === 1 ? " is" : "s are"} out of date; run \`mlp compile ${file} --target ${opts.target} --out ${opts.out}\`\n`);
      return EXIT.failed;
    }
    return exitCodeFor(diagnostics);
  }
  if (opts.out !== undefined) {
    const written = writeOutputs(opts.out, output.files, cwd);
    if (!written.ok) return usage([written.diagnostic]);
    if (settings.format === "human") {
      const n = written.written.length;
      streams.stderr.write(`wrote ${n} file${n === 1 ? "" : "s"} to ${opts.out}\n`);
    }
    return exitCodeFor(diagnostics);
  }
  let text: string;
  try {
    text = concatenate(output.files); // a streamed file's text is built here, past `emit`'s MLP9115 guard
  } catch (e) {
    if (!isOutputTooLarge(e)) throw e;
    print([outputTooLarge(ir, target)]);
    return EXIT.failed;
  }
  streams.stdout.write(text);
  return exitCodeFor(diagnostics);
}

/** One file as is; several as `==> path <==` sections (the `head`/`tail` convention). */
export function concatenate(files: readonly EmittedFile[]): string {
  if (files.length === 1) return files[0]!.contents;
  return files.map((f) => `==> ${f.path} <==\n${f.contents}${f.contents.endsWith("\n") || f.contents === "" ? "" : "\n"}`).join("\n");
}
