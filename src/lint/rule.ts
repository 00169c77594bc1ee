/**
 * The lint-rule interface: a rule is data (`meta`) plus behaviour (`check`). Built-in rules
 * live one per file in `rules/` and are registered in `rules/index.ts`; a rule's `name`
 * equals its file name (a meta-test enforces it).
 */
import type { Span } from "../source/span.js";
import type { FileNode } from "../syntax/ast.js";
import type { Severity } from "../diagnostics/diagnostic.js";

export type RuleLevel = Severity | "off";

export interface LintRuleMeta {
  /** Stable code, MLP6nnn: used in output, SARIF and suppressions. */
  readonly code: string;
  /** One line: what the rule reports (also the first line of its doc). */
  readonly description: string;
  /** Level when the configuration says nothing. Noisy rules start `off`. */
  readonly defaultLevel: RuleLevel;
  /** Messages by id; `{{name}}` placeholders are filled from `data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** Help lines by message id (optional). */
  readonly help?: Readonly<Record<string, string>>;
}

export interface LintReport {
  readonly span: Span;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
}

export interface LintContext {
  /** The file being linted. */
  readonly file: FileNode;
  /** Every file of the program (the linted files and what they import), for cross-file rules. */
  readonly program: readonly FileNode[];
  report(report: LintReport): void;
}

export interface LintRule {
  /** Kebab-case name, read after "allow": `unpinned-image`, `unused-param`. */
  readonly name: string;
  readonly meta: LintRuleMeta;
  check(ctx: LintContext): void;
}

/** Identity helper that gives rule objects their type. */
export function createRule(rule: LintRule): LintRule {
  return rule;
}

/** Fills `{{key}}` placeholders of a message template. */
export function formatMessage(template: string, data: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => data[key] ?? `{{${key}}}`);
}
