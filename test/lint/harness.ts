/** Lints in-memory sources: the one helper every lint test calls, and RuleTester for one rule. */
import { describe, expect, it } from "vitest";
import type { LintRule } from "../../src/lint/rule.js";
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

/** One expected finding of a RuleTester case: where (1-based line and column) and what. */
export interface ExpectedError {
  /** A key of the rule's `meta.messages`. */
  readonly messageId: string;
  readonly line: number;
  readonly column: number;
  /** The full message, placeholders filled. */
  readonly message: string;
}

/** A source, alone or with the files it imports. */
export type TesterCode = string | { readonly code: string; readonly files: Record<string, string> };

export interface InvalidCase {
  readonly code: TesterCode;
  readonly errors: readonly ExpectedError[];
}

/** The message id whose template formats to `message` (exactly one must). */
function messageIdOf(rule: LintRule, message: string): string {
  const ids = Object.entries(rule.meta.messages)
    .filter(([, template]) => new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, "[\\s\\S]*")}$`).test(message))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`message ${JSON.stringify(message)} matches ${ids.length} templates of ${rule.name}`);
  return ids[0]!;
}

/** The findings of `rule` alone (every other rule off) on `code`, in RuleTester's shape. */
export function findingsOf(rule: LintRule, all: readonly LintRule[], code: TesterCode): ExpectedError[] {
  const config: LintConfig = { rules: Object.fromEntries(all.map((r) => [r.name, r === rule ? "warning" : "off"])) };
  const source = typeof code === "string" ? code : code.code;
  const files = typeof code === "string" ? {} : code.files;
  const found = lintSource(source, config, files);
  for (const d of found) {
    if (d.rule !== rule.name || d.code !== rule.meta.code) throw new Error(`${rule.name} alone reported ${d.code} (${d.rule ?? "no rule"}): ${d.message}`);
  }
  return found.map((d) => ({ messageId: messageIdOf(rule, d.message), line: d.span.start.line, column: d.span.start.column, message: d.message }));
}

/**
 * ESLint's RuleTester, for mlp's lint rules: every `valid` source gives no finding of `rule`
 * and every `invalid` one gives exactly `errors` (message id, line, column and message, in
 * order). One `it` per case, named after its first line that says something.
 */
export function ruleTester(rule: LintRule, all: readonly LintRule[], cases: { readonly valid: readonly TesterCode[]; readonly invalid: readonly InvalidCase[] }): void {
  describe(rule.name, () => {
    it("has valid and invalid cases, and invalid cases for every message", () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
      expect([...used].sort()).toEqual(Object.keys(rule.meta.messages).sort());
    });
    cases.valid.forEach((code, i) => {
      it(`valid #${i + 1}: ${caseTitle(code)}`, () => expect(findingsOf(rule, all, code)).toEqual([]));
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}: ${caseTitle(c.code)}`, () => expect(findingsOf(rule, all, c.code)).toEqual(c.errors));
    });
  });
}

function caseTitle(code: TesterCode): string {
  const text = typeof code === "string" ? code : code.code;
  const line = text.split("\n").find((l) => /\S/.test(l) && !/^\s*[{}]\s*$/.test(l) && !/^\s*pipeline /.test(l)) ?? "";
  return line.trim().slice(0, 60);
}
