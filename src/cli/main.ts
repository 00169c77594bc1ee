/**
 * The `mlp` command. This file only wires subcommands (one file each under `commands/`);
 * commands call the core and map results to output and exit codes.
 *
 * To add a command: write `commands/<name>.ts` exporting `register<Name>(program)`, then add one
 * line to `COMMANDS` below.
 */
import { Command, CommanderError } from "commander";
import { MLP_VERSION } from "../version.js";
import { EXIT } from "./exit-codes.js";
import { addOutputOptions } from "./output-settings.js";
import { processStreams } from "./report.js";
import { reportCrash } from "./run-safely.js";

/**
 * Every subcommand, loaded on demand: a command's module (and the parser, checker, targets or
 * runtime it pulls in) is imported only when that command runs, so `mlp run` does not pay for
 * the targets, nor `mlp --version` for anything.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  check: async () => (await import("./commands/check.js")).registerCheck,
  compile: async () => (await import("./commands/compile.js")).registerCompile,
  run: async () => (await import("./commands/run.js")).registerRun,
  runs: async () => (await import("./commands/runs.js")).registerRuns,
  lineage: async () => (await import("./commands/lineage.js")).registerLineage,
  approve: async () => (await import("./commands/approve.js")).registerApprove,
  "fan-in": async () => (await import("./commands/fan-in.js")).registerFanIn,
  explain: async () => (await import("./commands/explain.js")).registerExplain,
  lint: async () => (await import("./commands/lint.js")).registerLint,
  fmt: async () => (await import("./commands/fmt.js")).registerFmt,
  graph: async () => (await import("./commands/graph.js")).registerGraph,
  std: async () => (await import("./commands/std.js")).registerStd,
  store: async () => (await import("./commands/store.js")).registerStore,
};

const program = new Command();
program
  .name("mlp")
  .description("mlp: typed ML pipelines, compiled to Airflow, Argo, GitHub Actions, or run locally")
  .version(MLP_VERSION, "-V, --version", "print the mlp version")
  .showHelpAfterError("(run `mlp --help` for usage)")
  .configureHelp({ sortSubcommands: true })
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

/** The subcommand named on the command line (after any global options), if any. */
function requestedCommand(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--format") {
      i++; // its value
      continue;
    }
    if (arg.startsWith("-")) continue;
    return arg;
  }
  return undefined;
}

// Register only the requested command when there is one; none for `mlp --version`; all of them
// for `mlp --help`, a typo (so commander can suggest the right name) or no command at all.
async function registerCommands(): Promise<void> {
  const requested = requestedCommand(process.argv);
  const versionOnly = requested === undefined && process.argv.some((a) => a === "-V" || a === "--version");
  const toLoad = versionOnly ? [] : requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
  for (const register of await Promise.all(toLoad.map((name) => COMMANDS[name]!()))) register(program);

  // Options after a subcommand belong to it (`mlp lint --format sarif`, `mlp graph --format svg`):
  // commands with formats of their own declare `--format`; the rest share the diagnostic formats.
  program.enablePositionalOptions();
  for (const cmd of program.commands) {
    if (!cmd.options.some((o) => o.long === "--format")) addOutputOptions(cmd);
  }
}

// `mlp … | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

async function main(): Promise<void> {
  try {
    await registerCommands();
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportCrash(e, processStreams);
  }
}

void main();
