/**
 * GitHub evaluates `${{ … }}` in almost every string of a workflow (`run:` scripts, `env:`
 * values, names, `with:` inputs). A value from a `.mlp` file must never become an expression,
 * so every string we emit is data unless it is built as a `GhExpr` here; `materialise` turns the
 * job tree into plain YAML values, neutralising `${{` in every data string.
 */

/** An expression the compiler itself writes, e.g. `needs.train.outputs.auc`. */
export class GhExpr {
  constructor(readonly text: string) {}
}

/** Shorthand for `new GhExpr(text)`. */
export function ghExpr(text: string): GhExpr {
  return new GhExpr(text);
}

/** The expression that evaluates to the two characters GitHub would otherwise read as an opener. */
const OPENER_LITERAL = "${{ '${{' }}";

/**
 * Makes `s` inert for GitHub's expression evaluator while keeping its value: each `${{` becomes
 * `${{ '${{' }}`, an expression whose value is the literal text `${{`.
 */
export function neutralise(s: string): string {
  return s.includes("${{") ? s.split("${{").join(OPENER_LITERAL) : s;
}

/** The inverse of `neutralise`, as GitHub applies it: used by tests to check values round-trip. */
export function evaluateNeutralised(s: string): string {
  return s.split(OPENER_LITERAL).join("${{");
}

/** Converts a tree of plain values and `GhExpr`s into YAML-ready values. */
export function materialise(value: unknown): unknown {
  if (value instanceof GhExpr) return `\${{ ${value.text} }}`;
  if (typeof value === "string") return neutralise(value);
  if (Array.isArray(value)) return value.map(materialise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[neutralise(k)] = materialise(v);
    }
    return out;
  }
  return value;
}

/** A GitHub expression string literal: single quotes, a quote doubled. */
export function ghString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
