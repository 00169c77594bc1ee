/**
 * `mlp explain [MLPnnnn]`: the catalogue entry of a diagnostic code — what it means, a minimal
 * file that triggers it and the same file fixed. Without a code, lists every code.
 */
import type { Command } from "commander";
import type { CodeInfo } from "../../diagnostics/codes.js";
import { catalogue as allCodes, catalogueEntry as codeInfo } from "../catalogue.js";
import { diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import { EXIT } from "../exit-codes.js";
import { outputSettings, type OutputSettings } from "../output-settings.js";
import { printDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";

/** Registers `mlp explain`. */
export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("explain a diagnostic code, with an example that triggers it and its fix")
    .argument("[code]", "a code such as MLP2003 (or 2003); omit to list every code")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp explain MLP5001
  $ mlp explain 5001
  $ mlp explain                  # list every code with its title
  $ mlp explain MLP5001 --format json`,
    )
    .action(async (code: string | undefined, _opts: unknown, cmd: Command) => {
      process.exitCode = await runSafely(() => runExplain(code, outputSettings(cmd), processStreams), processStreams);
    });
}

/** Normalises `mlp2003`, `2003`, ` MLP2003 ` to `MLP2003`. */
export function normaliseCode(raw: string): string {
  const t = raw.trim().toUpperCase();
  return /^\d{4}$/.test(t) ? `MLP${t}` : t;
}

/** The body of `mlp explain`, returning the exit code. */
export function runExplain(raw: string | undefined, settings: OutputSettings, streams: Streams): number {
  const json = settings.format === "json";
  if (raw === undefined) {
    const codes = allCodes();
    if (json) streams.stdout.write(`${JSON.stringify(codes, null, 2)}\n`);
    else streams.stdout.write(codes.map((c) => `${c.code}  ${c.severity.padEnd(7)}  ${c.title}\n`).join(""));
    return EXIT.ok;
  }
  const code = normaliseCode(raw);
  const info = codeInfo(code);
  if (!info) {
    const valid = /^MLP\d{4}$/.test(code);
    printDiagnostics(
      [
        diagnostic("MLP9104", "error", valid ? `no diagnostic has the code \`${code}\`` : `\`${raw}\` is not a diagnostic code`, NO_LOCATION, {
          help: ["codes look like `MLP2003`; run `mlp explain` to list them all"],
        }),
      ],
      settings,
      () => undefined,
      streams,
      { summary: false },
    );
    return EXIT.usage;
  }
  streams.stdout.write(json ? `${JSON.stringify(info, null, 2)}\n` : explainText(info));
  return EXIT.ok;
}

/** The plain-text explanation of one code. */
export function explainText(info: CodeInfo): string {
  const indent = (s: string): string =>
    s
      .replace(/\n$/, "")
      .split("\n")
      .map((l) => (l === "" ? "" : `    ${l}`))
      .join("\n");
  const parts = [`${info.code} (${info.severity}): ${info.title}`];
  if (info.retired !== undefined) return `${[...parts, `Retired: ${info.retired}`].join("\n\n")}\n`;
  if (info.target !== undefined) parts.push(`Reported when compiling with \`--target ${info.target}\`.`);
  if (info.bad !== undefined) parts.push(`This file triggers it:\n\n${indent(info.bad)}`);
  if (info.fixed !== undefined) parts.push(`Fixed:\n\n${indent(info.fixed)}`);
  for (const [path, text] of Object.entries(info.files ?? {})) parts.push(`With \`${path}\`:\n\n${indent(text)}`);
  if (info.bad === undefined) parts.push("No source file triggers this code: it comes from the command line, the environment or a target plugin.");
  return `${parts.join("\n\n")}\n`;
}
