/**
 * `mlp graph FILE [--pipeline P] --format mermaid|dot|svg|html`: draw a pipeline's DAG —
 * datasets, steps, gates, asserts, deploys, sweeps, `finally` steps and the deployed models it
 * reads, with data, metric, `after`, `after not`, `collect` and registry edges told apart. FILE is a `.mlp` source or an IR document (`.ir.json`, validated like `mlp run`'s).
 */
import { Option, type Command } from "commander";
import { compileToIr } from "../../compile.js";
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from "../../graph/render.js";
import { EXIT } from "../exit-codes.js";
import { isIrDocumentPath, readIrDocument } from "../ir-document-input.js";
import { outputSettings } from "../output-settings.js";
import { recordingHost } from "../recording-host.js";
import { unreadableInputs } from "../read-inputs.js";
import { exitCodeFor, printDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";
import { writeFileInPlace } from "../write-file.js";

interface GraphOptions {
  pipeline?: string;
  format: GraphFormat;
  output?: string;
}

/** Registers `mlp graph`. */
export function registerGraph(program: Command): void {
  program
    .command("graph")
    .description("draw a pipeline's DAG as Mermaid, DOT, SVG or a self-contained HTML page")
    .argument("<file>", "the .mlp file (or an .ir.json IR document)")
    .option("--pipeline <name>", "which pipeline, when the file declares several")
    .addOption(new Option("--format <format>", "drawing format").choices([...GRAPH_FORMATS]).default("mermaid"))
    .option("-o, --output <file>", "write to a file instead of standard output")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp graph examples/penguins/train.mlp                      # Mermaid, for Markdown
  $ mlp graph examples/penguins/train.mlp --format svg -o dag.svg
  $ mlp graph examples/penguins/train.mlp --format html -o dag.html
  $ mlp graph churn.mlp --format dot | dot -Tpng > dag.png
  $ mlp graph build/churn.ir.json                              # from mlp compile --target ir

Exit status: 0 drawn, 1 errors in the input, 2 usage or I/O error.`,
    )
    .action(async (file: string, opts: GraphOptions, cmd: Command) => {
      process.exitCode = await runSafely(() => runGraph(file, opts, cmd, processStreams), processStreams);
    });
}

export function runGraph(file: string, opts: GraphOptions, cmd: Command, streams: Streams): number {
  const settings = outputSettings(cmd);
  const { host, lookup } = recordingHost();
  const io = unreadableInputs([file], host);
  if (io.length > 0) {
    printDiagnostics(io, settings, lookup, streams);
    return EXIT.usage;
  }
  const result = isIrDocumentPath(file) ? readIrDocument(file, host) : compileToIr(file, host, { cwd: process.cwd() });
  printDiagnostics(result.diagnostics, settings, lookup, streams, true);
  if (!result.ir) return exitCodeFor(result.diagnostics);
  const pipelines = result.ir.pipelines;
  const pipeline = opts.pipeline ? pipelines.find((p) => p.name === opts.pipeline) : pipelines[0];
  if (!pipeline) {
    const names = pipelines.map((p) => `\`${p.name}\``).join(", ") || "none";
    streams.stderr.write(
      opts.pipeline
        ? `error: no pipeline \`${opts.pipeline}\` in ${file} (it declares ${names})\n`
        : `error: ${file} declares no pipeline\n`,
    );
    return EXIT.usage;
  }
  if (!opts.pipeline && pipelines.length > 1) {
    streams.stderr.write(`note: ${file} declares ${pipelines.length} pipelines; drawing \`${pipeline.name}\` (choose with --pipeline)\n`);
  }
  const text = renderGraph(pipeline, opts.format);
  if (opts.output) {
    const problem = writeFileInPlace(opts.output, text);
    if (problem !== undefined) {
      printDiagnostics([problem], settings, lookup, streams);
      return EXIT.usage;
    }
  } else streams.stdout.write(text);
  return EXIT.ok;
}
