/**
 * Test helpers for the syntax layer: parse a snippet, summarise diagnostics as
 * `line:column code` strings, and print expressions as S-expressions so tables stay readable.
 */
import { parse } from "../../src/syntax/parse.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type * as A from "../../src/syntax/ast.js";

/** `line:column CODE` for every diagnostic, in order. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code}`);
}

/** Parses `text` as `test.mlp`. */
export function parseText(text: string) {
  return parse(text, "test.mlp");
}

/** Parses a file made of one pipeline with `members`, expecting no diagnostics. */
export function pipelineMembers(members: string): A.PipelineMember[] {
  const r = parse("pipeline p {\n" + members + "\n}\n", "test.mlp");
  if (r.diagnostics.length > 0) throw new Error("unexpected diagnostics: " + codes(r.diagnostics).join(", ") + "\n" + r.diagnostics.map((d) => d.message).join("\n"));
  return [...(r.file.declarations[0] as A.PipelineDecl).members];
}

/** Parses `expr` as a param default and returns it. */
export function expr(text: string): A.Expr {
  const [param] = pipelineMembers("  param x: int = " + text);
  return (param as A.ParamDecl).default!;
}

/** An expression as an S-expression: `(+ 1 (* 2 3))`, `a.b`, `(deployed prod auc)`. */
export function sexpr(e: A.Expr): string {
  switch (e.kind) {
    case "Number":
    case "Duration":
    case "Quantity":
      return e.raw;
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return String(e.value);
    case "List":
      return "[" + e.items.map(sexpr).join(" ") + "]";
    case "Ref":
      return e.path.map((p) => p.name).join(".");
    case "Deployed":
      return `(deployed ${e.env.name} ${e.metric.name})`;
    case "Collect":
      return `(collect ${sexpr(e.operand)})`;
    case "Call":
      return `(call ${sexpr(e.callee)}${e.args.map((a) => ` ${a.name.name}:${sexpr(a.value)}`).join("")})`;
    case "Binary":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case "Unary":
      return `(${e.op} ${sexpr(e.operand)})`;
    case "Paren":
      return `(paren ${sexpr(e.expr)})`;
  }
}

/** The source text a span covers. */
export function slice(text: string, span: { start: { offset: number }; end: { offset: number } }): string {
  return text.slice(span.start.offset, span.end.offset);
}
