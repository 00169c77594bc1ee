/** Lints in-memory sources: the one helper every lint test calls. */
import { parse } from "../../src/syntax/parse.js";
import { lint } from "../../src/lint/lint.js";
import type { LintConfig } from "../../src/lint/config.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/** Lints `source` as `main.mlp` (plus `extra` files in the program); throws if it does not parse. */
export function lintSource(source: string, config: LintConfig = { rules: {} }, extra: Record<string, string> = {}): Diagnostic[] {
  const main = parse(source, "main.mlp");
  if (main.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`example does not parse:\n${main.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`).join("\n")}\n${source}`);
  }
  const others = Object.entries(extra).map(([path, text]) => parse(text, path).file);
  return lint([main.file], [main.file, ...others], config);
}

/** Enables every rule at `warning`, so a rule that is off by default can be tested. */
export function allRulesOn(names: readonly string[]): LintConfig {
  return { rules: Object.fromEntries(names.map((n) => [n, "warning"])) };
}

/** Extracts the ```mlp blocks under a `## Heading` of a rule doc. */
export function examplesUnder(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) return [];
  return [...section.matchAll(/```mlp\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
