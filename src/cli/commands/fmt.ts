/**
 * `mlp fmt FILE|DIR…`: rewrite files in the one canonical style; `--check` only lists the files
 * that would change and exits 1 if there are any (for CI, like `terraform fmt -check`).
 */
import type { Command } from "commander";
import { formatSource } from "../../format/format.js";
import { EXIT } from "../exit-codes.js";
import { findMlpFiles } from "../find-mlp-files.js";
import { outputSettings } from "../output-settings.js";
import { recordingHost } from "../recording-host.js";
import { unreadableInputs } from "../read-inputs.js";
import { printDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";
import { writeFileInPlace } from "../write-file.js";

interface FmtOptions {
  check?: boolean;
}

/** Registers `mlp fmt`. */
export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("format .mlp files in the canonical style (in place)")
    .argument("[paths...]", ".mlp files or directories to search for them", ["."])
    .option("--check", "write nothing; list files that are not formatted and exit 1 if any")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp fmt pipelines/
  $ mlp fmt --check .          # in CI: fails when a file is not formatted

Exit status: 0 formatted (or, with --check, nothing to change), 1 files would change or do not
parse, 2 usage or I/O error.`,
    )
    .action(async (paths: string[], opts: FmtOptions, cmd: Command) => {
      process.exitCode = await runSafely(() => runFmt(paths, opts, cmd, processStreams), processStreams);
    });
}

export function runFmt(paths: readonly string[], opts: FmtOptions, cmd: Command, streams: Streams): number {
  const settings = outputSettings(cmd);
  const files = findMlpFiles(paths);
  const { host, lookup } = recordingHost();
  const io = unreadableInputs(files, host);
  if (io.length > 0) {
    printDiagnostics(io, settings, lookup, streams);
    return EXIT.usage;
  }
  let failed = false;
  let unwritable = false;
  let changed = 0;
  for (const file of files) {
    const read = host.readFile(file);
    if (!read.ok) continue;
    const result = formatSource(read.text, file);
    if (!result.ok) {
      failed = true;
      if (result.diagnostics.length > 0) printDiagnostics(result.diagnostics, settings, lookup, streams);
      else streams.stderr.write(`${file}: not formatted: ${result.reason}\n`);
      continue;
    }
    if (!result.changed) continue;
    changed++;
    if (opts.check) {
      streams.stdout.write(`${file}\n`);
    } else {
      const problem = writeFileInPlace(file, result.text);
      if (problem !== undefined) {
        unwritable = true;
        printDiagnostics([problem], settings, lookup, streams);
        continue;
      }
      streams.stdout.write(`formatted ${file}\n`);
    }
  }
  if (unwritable) return EXIT.usage;
  if (failed) return EXIT.failed;
  if (opts.check && changed > 0) {
    streams.stderr.write(`${changed} file${changed === 1 ? "" : "s"} would be reformatted; run \`mlp fmt\`\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
