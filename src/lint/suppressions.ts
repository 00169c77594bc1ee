/**
 * Inline suppressions: `# mlp-ignore MLP6001: reason` (or the rule name, several separated by
 * commas). A suppression covers its own line and the line below it. One without a reason, or
 * naming no known rule, is reported itself (code MLP6013) and suppresses nothing.
 */
import type { Comment } from "../syntax/ast.js";
import type { Span } from "../source/span.js";

export interface Suppression {
  readonly rules: readonly string[];
  readonly reason: string;
  readonly line: number;
  readonly span: Span;
}

export interface SuppressionProblem {
  readonly span: Span;
  readonly messageId: "noReason" | "unknownRule" | "noRule";
  readonly data: Record<string, string>;
}

const DIRECTIVE = /^\s*mlp-ignore\b(.*)$/;

/** Parses `mlp-ignore` comments. `known(ruleOrCode)` returns the canonical code or undefined. */
export function parseSuppressions(
  comments: readonly Comment[],
  known: (ruleOrCode: string) => string | undefined,
): { suppressions: Suppression[]; problems: SuppressionProblem[] } {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const rest = m[1]!;
    const colon = rest.indexOf(":");
    const list = (colon < 0 ? rest : rest.slice(0, colon)).split(",").map((s) => s.trim()).filter(Boolean);
    const reason = colon < 0 ? "" : rest.slice(colon + 1).trim();
    if (list.length === 0) {
      problems.push({ span: c.span, messageId: "noRule", data: {} });
      continue;
    }
    const codes: string[] = [];
    let ok = true;
    for (const item of list) {
      const code = known(item);
      if (!code) {
        problems.push({ span: c.span, messageId: "unknownRule", data: { rule: item } });
        ok = false;
      } else codes.push(code);
    }
    if (!ok) continue;
    if (reason === "") {
      problems.push({ span: c.span, messageId: "noReason", data: { rules: list.join(", ") } });
      continue;
    }
    suppressions.push({ rules: codes, reason, line: c.span.start.line, span: c.span });
  }
  return { suppressions, problems };
}

/** True when a finding with `code` starting on `line` is covered by a suppression. */
export function isSuppressed(suppressions: readonly Suppression[], code: string, line: number): boolean {
  return suppressions.some((s) => s.rules.includes(code) && (s.line === line || s.line + 1 === line));
}
