/**
 * `"… ${name} …"` in an expression (a string argument, input, deploy option or condition) is an
 * interpolation (language brief §9.2): each placeholder is a reference to a param or a metric
 * (`${train.score}`), resolved, typed and lowered like any reference. This module gives each such
 * string its references as `Ref` nodes with the exact span of the name inside the string, so the
 * checker's passes treat them as ordinary references. (In `run` strings, placeholders keep their
 * own meaning and never come here.)
 */
import type { Identifier, RefExpr, StringLiteral, TemplatePart } from "../syntax/ast.js";

const refsOf = new WeakMap<StringLiteral, readonly RefExpr[]>();
const NO_REFS: readonly RefExpr[] = [];

/** Whether `s` interpolates anything. */
export function interpolates(s: StringLiteral): boolean {
  for (const p of s.parts) if (p.kind === "placeholder") return true;
  return false;
}

/** The references of `s`'s placeholders, in order (the same nodes on every call). */
export function interpolationRefs(s: StringLiteral): readonly RefExpr[] {
  if (!interpolates(s)) return NO_REFS;
  let refs = refsOf.get(s);
  if (refs === undefined) {
    refs = s.parts.flatMap((p) => (p.kind === "placeholder" ? [placeholderRef(p)] : []));
    refsOf.set(s, refs);
  }
  return refs;
}

/** The parts of `s`: text, or the reference a placeholder names. */
export function interpolationParts(s: StringLiteral): ({ readonly kind: "text"; readonly text: string } | { readonly kind: "ref"; readonly ref: RefExpr })[] {
  const refs = interpolationRefs(s);
  let i = 0;
  return s.parts.map((p) => (p.kind === "text" ? { kind: "text" as const, text: p.value } : { kind: "ref" as const, ref: refs[i++]! }));
}

/** `${a.b}` as the reference `a.b`, each name spanning its own characters (a placeholder never spans lines). */
function placeholderRef(p: Extract<TemplatePart, { kind: "placeholder" }>): RefExpr {
  const { file, start } = p.span;
  let offset = start.offset + 2;
  let column = start.column + 2;
  const path: Identifier[] = p.name.split(".").map((name) => {
    const id: Identifier = {
      kind: "Identifier",
      name,
      span: { file, start: { offset, line: start.line, column }, end: { offset: offset + name.length, line: start.line, column: column + name.length } },
    };
    offset += name.length + 1;
    column += name.length + 1;
    return id;
  });
  return { kind: "Ref", path, span: { file, start: path[0]!.span.start, end: path[path.length - 1]!.span.end } };
}
