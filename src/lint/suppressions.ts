/**
 * Inline suppressions: `# mlp-ignore MLP6001: reason` (or the rule name, several separated by
 * commas). A suppression covers its own line and the line below it. One without a reason, or
 * naming no known rule, is reported itself (code MLP6013) and suppresses nothing.
 *
 * Besides lint rules, a suppression may name the code of any warning or info the compiler
 * reports (`# mlp-ignore MLP4003: …`, a target's MLP5xxx warning): `mlp check`, `compile`,
 * `lint`, `graph` and `run` drop it (`withoutSuppressed`). Errors cannot be suppressed.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
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
  readonly messageId: "noReason" | "unknownRule" | "noRule" | "errorCode";
  readonly data: Record<string, string>;
}

const DIRECTIVE = /^\s*mlp-ignore\b(.*)$/;

/** What a name in an `mlp-ignore` comment stands for: a code it may silence, or why not. */
export type SuppressionTarget = { readonly code: string } | "unknown" | "error";

/**
 * Parses `mlp-ignore` comments. `known(ruleOrCode)` returns the canonical code, `"error"` for the
 * code of an error (which no comment silences), or `"unknown"`.
 */
export function parseSuppressions(
  comments: readonly Comment[],
  known: (ruleOrCode: string) => SuppressionTarget,
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
      const target = known(item);
      if (typeof target === "object") codes.push(target.code);
      else {
        problems.push({ span: c.span, messageId: target === "error" ? "errorCode" : "unknownRule", data: { rule: item } });
        ok = false;
      }
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

/** The valid suppressions of each file (by the path diagnostics carry), for `withoutSuppressed`. */
export type SuppressionsByFile = ReadonlyMap<string, readonly Suppression[]>;

const CODE = /^MLP\d{4}$/;

/**
 * The suppressions in `files` that name diagnostic codes. Invalid comments are skipped here
 * (`mlp lint` reports them, MLP6013); rule names are `mlp lint`'s business alone.
 */
export function codeSuppressions(files: Iterable<{ readonly path: string; readonly comments: readonly Comment[] }>): SuppressionsByFile {
  const out = new Map<string, readonly Suppression[]>();
  for (const f of files) {
    if (!f.comments.some((c) => DIRECTIVE.test(c.text))) continue;
    const { suppressions } = parseSuppressions(f.comments, (key) => (CODE.test(key) ? { code: key } : "unknown"));
    if (suppressions.length > 0) out.set(f.path, suppressions);
  }
  return out;
}

/** `diagnostics` without the warnings and infos a suppression covers; errors always stay. */
export function withoutSuppressed(diagnostics: readonly Diagnostic[], byFile: SuppressionsByFile): Diagnostic[] {
  if (byFile.size === 0) return [...diagnostics];
  return diagnostics.filter((d) => {
    if (d.severity === "error") return true;
    const suppressions = byFile.get(d.span.file);
    return suppressions === undefined || !isSuppressed(suppressions, d.code, d.span.start.line);
  });
}
