/**
 * The types and numeric values of literals (`1`, `-2.5`, `30m`, `"x"`, `[1, 2]`): what defaults,
 * options, literal-only members and `over` values are checked against.
 */
import type { Expr } from "../syntax/ast.js";
import { T_BOOL, T_DURATION, T_FLOAT, T_INT, T_STRING, type Ty } from "./types.js";
import { unparen } from "./walk.js";

/** The type of a literal (`-1` included), or undefined when `expr` is not a literal. */
export function literalType(expr: Expr): Ty | undefined {
  const e = unparen(expr);
  switch (e.kind) {
    case "Number":
      return e.isInteger ? T_INT : T_FLOAT;
    case "Duration":
      return T_DURATION;
    case "Quantity":
      return { kind: "quantity" };
    case "String":
      return T_STRING;
    case "Bool":
      return T_BOOL;
    case "List": {
      for (const item of e.items) if (literalType(item) === undefined) return undefined;
      return { kind: "list" };
    }
    case "Unary":
      if (e.op === "-") {
        const inner = unparen(e.operand);
        if (inner.kind === "Number") return inner.isInteger ? T_INT : T_FLOAT;
        if (inner.kind === "Duration") return T_DURATION;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The numeric value of a literal number (with an optional leading `-`). */
export function literalNumber(expr: Expr): number | undefined {
  const e = unparen(expr);
  if (e.kind === "Number" || e.kind === "Duration") return e.kind === "Duration" ? e.seconds : e.value;
  if (e.kind === "Unary" && e.op === "-") {
    const v = literalNumber(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}
