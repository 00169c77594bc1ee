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

/**
 * Commands whose `--format` is the diagnostics format. `mlp graph` and `mlp lint` declare a
 * `--format` of their own (a drawing, a lint report): theirs must never be read as this one.
 */
const diagnosticsFormatOwners = new WeakSet<Command>();

/** Adds the global output options to the root program (or to a command without its own `--format`). */
export function addOutputOptions(program: Command): void {
  diagnosticsFormatOwners.add(program);
  program
    .addOption(new Option("--format <format>", "how diagnostics are printed (default: human)").choices([...FORMATS]))
    .option("--color", "colour human output even when not writing to a terminal")
    .option("--no-color", "never colour output (also: set NO_COLOR)");
}

/** The settings in force for `cmd` (its own options merged with the global ones). */
export function outputSettings(cmd: Command, env: NodeJS.ProcessEnv = process.env, isTTY: boolean = process.stderr.isTTY === true): OutputSettings {
  const opts = cmd.optsWithGlobals() as { color?: boolean };
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const color = opts.color === true ? true : opts.color === false ? false : isTTY && !noColorEnv;
  return { format: diagnosticsFormat(cmd), color };
}

/**
 * The diagnostics format in force for `cmd`: the nearest `--format` given to a command that has
 * the diagnostics format (the command itself, else its parents), skipping a command's own
 * `--format` of another kind (`mlp graph --format mermaid` keeps human diagnostics).
 */
export function diagnosticsFormat(cmd: Command): Format {
  for (let c: Command | null = cmd; c; c = c.parent) {
    if (!diagnosticsFormatOwners.has(c)) continue;
    const format = (c.opts() as { format?: Format }).format;
    if (format !== undefined) return format;
  }
  return "human";
}
