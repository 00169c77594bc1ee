/**
 * `mlp lint FILE|DIR…`: the checker's diagnostics plus the MLP6xxx lint rules, configured by
 * `mlp.config.json`, printed for people (stylish), machines (json), code scanning (sarif) or
 * pull-request annotations (github).
 */
import { dirname, relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import { checkProgram, loadProgram } from "../../compile.js";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import { renderGithub } from "../../diagnostics/render/github.js";
import { renderJson } from "../../diagnostics/render/json.js";
import { renderSarif } from "../../diagnostics/render/sarif.js";
import { renderStylish } from "../../diagnostics/render/stylish.js";
import { loadConfig, type LintConfig } from "../../lint/config.js";
import { lint } from "../../lint/lint.js";
import { RULES } from "../../lint/rules/index.js";
import { MLP_VERSION } from "../../version.js";
import type { FileNode } from "../../syntax/ast.js";
import { EXIT } from "../exit-codes.js";
import { findMlpFiles } from "../find-mlp-files.js";
import { diagnosticsFormat } from "../output-settings.js";
import { recordingHost } from "../recording-host.js";
import { unreadableInputs } from "../read-inputs.js";
import { dedupeDiagnostics, processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";

const LINT_FORMATS = ["stylish", "json", "sarif", "github"] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintOptions {
  /** Lint's own `--format`; when absent, the global `--format json|github` or else `stylish`. */
  format?: LintFormat;
  maxWarnings?: string;
  config?: string;
  listRules?: boolean;
}

/** Registers `mlp lint`. */
export function registerLint(program: Command): void {
  program
    .command("lint")
    .description("check .mlp files and report style and practice problems (MLP6xxx)")
    .argument("[paths...]", ".mlp files or directories to search for them", ["."])
    .addOption(new Option("--format <format>", "output format (default: stylish, or json/github after a global `mlp --format json|github`)").choices([...LINT_FORMATS]))
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings")
    .option("--config <file>", "use this mlp.config.json instead of searching for one")
    .option("--list-rules", "list every rule with its code and default level, then exit")
    .addHelpText(
      "after",
      `
Examples:
  $ mlp lint pipelines/
  $ mlp lint churn.mlp --max-warnings 0
  $ mlp lint . --format sarif > mlp.sarif        # upload with github/codeql-action/upload-sarif
  $ mlp lint . --format github                   # annotations on the pull request

Configure levels in mlp.config.json ({"lint": {"rules": {"unpinned-image": "error"}}}) and
silence one finding with a comment: # mlp-ignore unpinned-image: why it is fine here
Exit status: 0 clean, 1 errors (or more warnings than --max-warnings), 2 usage or I/O error.`,
    )
    .action(async (paths: string[], opts: LintOptions, cmd: Command) => {
      const format = opts.format ?? lintFormatFor(diagnosticsFormat(cmd));
      process.exitCode = await runSafely(() => runLint(paths, { ...opts, format }, processStreams), processStreams);
    });
}

/** Lint's report format when only the global diagnostics format was given. */
function lintFormatFor(global: string): LintFormat {
  return global === "json" || global === "github" ? global : "stylish";
}

export function runLint(paths: readonly string[], opts: LintOptions, streams: Streams): number {
  if (opts.listRules) {
    for (const r of RULES) streams.stdout.write(`${r.meta.code}  ${r.name.padEnd(28)} ${r.meta.defaultLevel.padEnd(8)} ${r.meta.description}\n`);
    return EXIT.ok;
  }
  const maxWarnings = opts.maxWarnings === undefined ? undefined : Number(opts.maxWarnings);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
    streams.stderr.write(`error: --max-warnings takes a whole number, not \`${opts.maxWarnings}\`\n`);
    return EXIT.usage;
  }
  const configResult = opts.config ? loadConfigFile(opts.config) : loadConfig(process.cwd());
  if (!configResult.ok) {
    if (opts.format === "json") {
      const problem = diagnostic("MLP6000", "error", `invalid configuration \`${configResult.path}\``, NO_LOCATION, { notes: [...configResult.errors] });
      streams.stdout.write(renderJson([problem]));
    } else streams.stderr.write(`error[MLP6000]: invalid configuration \`${configResult.path}\`\n${configResult.errors.map((e) => `  = ${e}\n`).join("")}`);
    return EXIT.usage;
  }
  const config: LintConfig = configResult.config;
  const files = findMlpFiles(paths);
  const { host } = recordingHost();
  const io = unreadableInputs(files, host);
  const diagnostics: Diagnostic[] = [...io];
  for (const file of files.filter((f) => host.readFile(f).ok)) {
    const loaded = loadProgram(file, host);
    for (const item of loaded.diagnostics) diagnostics.push(item);
    if (hasErrors(loaded.diagnostics)) continue;
    for (const item of checkProgram(loaded.program).diagnostics) diagnostics.push(item);
    const entry = loaded.program.files.get(loaded.program.entry);
    if (!entry) continue;
    const programFiles: FileNode[] = [...loaded.program.files.values()].map((f) => f.ast);
    for (const item of lint([entry.ast], programFiles, config)) diagnostics.push(item);
  }
  const all = sortDiagnostics(dedupeDiagnostics(diagnostics));
  streams.stdout.write(render(all, opts.format ?? "stylish"));
  if (io.length > 0) return EXIT.usage;
  const warnings = all.filter((d) => d.severity === "warning").length;
  const limit = maxWarnings ?? config.maxWarnings;
  if (hasErrors(all)) return EXIT.failed;
  if (limit !== undefined && warnings > limit) {
    streams.stderr.write(`mlp lint found ${warnings} warning${warnings === 1 ? "" : "s"}; --max-warnings is ${limit}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function loadConfigFile(path: string) {
  // loadConfig searches upward from a directory; an explicit file is loaded from its own.
  const found = loadConfig(dirname(resolve(path)));
  return found.ok && found.path !== undefined && resolve(found.path) !== resolve(path)
    ? ({ ok: false, path, errors: ["--config must name a file called mlp.config.json"] } as const)
    : found.ok && found.path === undefined
      ? ({ ok: false, path, errors: ["no such file"] } as const)
      : found;
}

function render(diagnostics: readonly Diagnostic[], format: LintFormat): string {
  switch (format) {
    case "stylish":
      return renderStylish(diagnostics);
    case "json":
      return renderJson(diagnostics);
    case "github":
      return renderGithub(diagnostics);
    case "sarif":
      return renderSarif(diagnostics, {
        toolVersion: MLP_VERSION,
        rules: RULES.map((r) => ({
          id: r.meta.code,
          name: r.name,
          description: r.meta.description,
          defaultLevel: r.meta.defaultLevel === "off" ? "none" : r.meta.defaultLevel === "info" ? "note" : r.meta.defaultLevel,
        })),
        relativeUri: (file) => (file === "" ? "." : relative(process.cwd(), resolve(file)).split("\\").join("/")),
      });
  }
}
