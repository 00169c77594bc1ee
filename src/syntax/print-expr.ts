/**
 * An expression printed from its tree, in the one canonical spacing: `mlp fmt` writes it, and
 * the IR records a gate condition's `text` with it, so reformatting a file never changes its IR
 * (`s.m >1` and `s.m > 1` are the same condition; issue #13). Parentheses are kept as written;
 * literals keep their source spelling (`1.50`, `"a\tb"`). Recursive: the parser bounds every
 * tree to `MAX_EXPR_DEPTH` levels.
 */
import type { Expr } from "./ast.js";
import type { Span } from "../source/span.js";

/** `expr` canonically; `source` gives the text of a span (a string literal as written). */
export function printExpr(expr: Expr, source: (span: Span) => string): string {
  const print = (e: Expr): string => {
    switch (e.kind) {
      case "Number":
      case "Duration":
      case "Quantity":
        return e.raw;
      case "String":
        return source(e.span);
      case "Bool":
        return e.value ? "true" : "false";
      case "List":
        return `[${e.items.map(print).join(", ")}]`;
      case "Ref":
        return e.path.map((p) => p.name).join(".");
      case "Deployed":
        return `deployed(${e.env.name}${e.from ? `, from: ${e.from.name}` : ""}).${e.metric.name}`;
      case "Collect":
        return `collect(${print(e.operand)})`;
      case "Call":
        return `${print(e.callee)}(${e.args.map((a) => `${a.name.name}: ${print(a.value)}`).join(", ")})`;
      case "Binary":
        return `${print(e.left)} ${e.op} ${print(e.right)}`;
      case "Unary":
        return e.op === "not" ? `not ${print(e.operand)}` : `-${print(e.operand)}`;
      case "Paren":
        return `(${print(e.expr)})`;
    }
  };
  return print(expr);
}
