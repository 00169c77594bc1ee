/**
 * The `mlp` command. This file only wires subcommands (one file each under `commands/`);
 * commands call the core and map results to output and exit codes.
 *
 * To add a command: write `commands/<name>.ts` exporting `register<Name>(program)`, then add one
 * import and one call below.
 */
import { Command, CommanderError } from "commander";
import { MLP_VERSION } from "../version.js";
import { EXIT } from "./exit-codes.js";
import { addOutputOptions } from "./output-settings.js";
import { processStreams } from "./report.js";
import { reportCrash } from "./run-safely.js";
import { registerCheck } from "./commands/check.js";
import { registerCompile } from "./commands/compile.js";
import { registerRun } from "./commands/run.js";
import { registerRuns } from "./commands/runs.js";
import { registerLineage } from "./commands/lineage.js";
import { registerApprove } from "./commands/approve.js";
import { registerExplain } from "./commands/explain.js";
import { registerLint } from "./commands/lint.js";
import { registerFmt } from "./commands/fmt.js";
import { registerGraph } from "./commands/graph.js";
import { registerStd } from "./commands/std.js";

const program = new Command();
program
  .name("mlp")
  .description("mlp: typed ML pipelines, compiled to Airflow, Argo, GitHub Actions, or run locally")
  .version(MLP_VERSION, "-V, --version", "print the mlp version")
  .showHelpAfterError("(run `mlp --help` for usage)")
  .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
  .exitOverride();
addOutputOptions(program);
program.addHelpText(
  "after",
  `
Examples:
  $ mlp check churn.mlp
  $ mlp compile churn.mlp --target ir
  $ mlp compile churn.mlp --target github --out .github/workflows
  $ mlp explain MLP5001

Exit status: 0 success, 1 errors in the input, 2 usage or I/O error, 70 internal error.
See docs/cli.md for every command, flag and exit code.`,
);

registerCheck(program);
registerCompile(program);
registerRun(program);
registerRuns(program);
registerLineage(program);
registerApprove(program);
registerExplain(program);
registerLint(program);
registerFmt(program);
registerGraph(program);
registerStd(program);

// Options after a subcommand belong to it (`mlp lint --format sarif`, `mlp graph --format svg`):
// commands with formats of their own declare `--format`; the rest share the diagnostic formats.
program.enablePositionalOptions();
for (const cmd of program.commands) {
  if (!cmd.options.some((o) => o.long === "--format")) addOutputOptions(cmd);
}

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportCrash(e, processStreams);
  }
}

await main();
