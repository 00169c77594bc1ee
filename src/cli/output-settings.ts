/**
 * The global output flags every command shares: `--format human|short|json|github` and
 * `--color`/`--no-color`. Colour is on only when asked: `--color`, or a TTY with `NO_COLOR` unset
 * (an explicit `--color` wins over `NO_COLOR`, as no-color.org recommends for per-run flags).
 */
import { Option, type Command } from "commander";
import { FORMATS, type Format } from "../diagnostics/render/render.js";

/** Resolved output settings for one command run. */
export interface OutputSettings {
  readonly format: Format;
  /** Colour for text written to stderr. */
  readonly color: boolean;
}

/** Adds the global output options to the root program. */
export function addOutputOptions(program: Command): void {
  program
    .addOption(new Option("--format <format>", "how diagnostics are printed (default: human)").choices([...FORMATS]))
    .option("--color", "colour human output even when not writing to a terminal")
    .option("--no-color", "never colour output (also: set NO_COLOR)");
}

/** The settings in force for `cmd` (its own options merged with the global ones). */
export function outputSettings(cmd: Command, env: NodeJS.ProcessEnv = process.env, isTTY: boolean = process.stderr.isTTY === true): OutputSettings {
  const opts = cmd.optsWithGlobals() as { format?: Format; color?: boolean };
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const color = opts.color === true ? true : opts.color === false ? false : isTTY && !noColorEnv;
  return { format: opts.format ?? "human", color };
}
