/**
 * The `mlp` command. This file only wires subcommands (one file each under `commands/`);
 * commands call the core and map results to output and exit codes.
 */
import { Command, CommanderError } from "commander";
import { MLP_VERSION } from "../version.js";
import { EXIT } from "./exit-codes.js";
import { registerCheck } from "./commands/check.js";
import { registerCompile } from "./commands/compile.js";
import { registerRun } from "./commands/run.js";

const program = new Command();
program
  .name("mlp")
  .description("mlp: typed ML pipelines, compiled to Airflow, Argo, GitHub Actions, or run locally")
  .version(MLP_VERSION, "-V, --version", "print the mlp version")
  .showHelpAfterError("(run `mlp --help` for usage)")
  .exitOverride();

registerCheck(program);
registerCompile(program);
registerRun(program);

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`error[MLP9001]: internal error: ${(e as Error).stack ?? String(e)}\nplease report this as a bug\n`);
    process.exitCode = 70;
  }
}

await main();
