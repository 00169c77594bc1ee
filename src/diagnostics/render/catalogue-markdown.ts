/**
 * Renders the code catalogue (`allCodes()`) as the Markdown reference `docs/diagnostics.md`.
 * Pure, so a test can compare the committed file with what the catalogue says now.
 */
import type { CodeInfo } from "../codes/code-info.js";

const FAMILIES: ReadonlyArray<readonly [string, string, string]> = [
  ["1", "MLP1xxx", "lexing and syntax"],
  ["2", "MLP2xxx", "names, imports and placeholders"],
  ["3", "MLP3xxx", "types and arguments"],
  ["4", "MLP4xxx", "the pipeline graph"],
  ["5", "MLP5xxx", "targets (5000 shared, 5100 GitHub Actions, 5200 Argo, 5300 Airflow, 5400 plugins)"],
  ["6", "MLP6xxx", "lint rules (`mlp lint`)"],
  ["7", "MLP7xxx", "run time (`mlp run`)"],
  ["9", "MLP9xxx", "internal errors and the environment (files, command line)"],
];

/** A code fence longer than any run of backticks inside `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

function codeBlock(text: string, lang = "mlp"): string {
  const shown = abridged(text);
  const f = fence(shown);
  return `${f}${lang}\n${shown.endsWith("\n") ? shown : `${shown}\n`}${f}`;
}

const MAX_LINES = 40;
const MAX_LINE = 160;

/**
 * A size-limit example (hundreds of generated steps, kilobytes of text) shortened for reading:
 * long lines are cut and the middle of a long file becomes one `# …` comment. The test suite
 * compiles the whole example from the catalogue, never this text.
 */
function abridged(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n").map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 40)}… (${l.length} characters in all)` : l));
  if (lines.length > MAX_LINES) {
    const head = lines.slice(0, 12);
    const tail = lines.slice(-6);
    lines.splice(0, lines.length, ...head, `  # … ${lines.length - head.length - tail.length} more lines like these …`, ...tail);
  }
  return `${lines.join("\n")}\n`;
}

/** The whole `docs/diagnostics.md`, ending with a newline. */
export function renderCatalogueMarkdown(codes: readonly CodeInfo[]): string {
  const out: string[] = [
    "# Diagnostic codes",
    "",
    "<!-- Generated from src/diagnostics/codes/*.ts by `npm run gen:docs`. Do not edit by hand. -->",
    "",
    "Every problem mlp reports carries a stable code `MLPnnnn`. Codes are never renumbered or reused.",
    "`mlp explain MLPnnnn` prints the same entry in the terminal. For each code that a source file can",
    "trigger, the example below is compiled by the test suite: the first file reports the code, the",
    "fixed one does not.",
    "",
    "| family | what |",
    "|---|---|",
    ...FAMILIES.map(([, name, what]) => `| ${name} | ${what} |`),
    "",
  ];
  for (const [digit, name, what] of FAMILIES) {
    const members = codes.filter((c) => c.code.startsWith(`MLP${digit}`));
    if (members.length === 0) continue;
    out.push(`## ${name}: ${what}`, "");
    for (const c of members) {
      out.push(`### ${c.code}`, "", `**${c.severity}**: ${c.title}`, "");
      if (c.retired !== undefined) {
        out.push(`**Retired:** ${c.retired}`, "");
        continue;
      }
      if (c.target !== undefined) out.push(`Reported by \`mlp compile --target ${c.target}\`.`, "");
      if (c.bad !== undefined) out.push("This file reports it:", "", codeBlock(c.bad), "");
      for (const [path, text] of Object.entries(c.files ?? {})) out.push(`with \`${path}\`:`, "", codeBlock(text), "");
      if (c.fixed !== undefined) out.push("Fixed:", "", codeBlock(c.fixed), "");
      if (c.bad === undefined) out.push("No source file triggers this code; it comes from the command line, the environment, a run or a rule whose examples live in its own documentation.", "");
    }
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
