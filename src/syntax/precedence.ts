/**
 * Operator precedence for the flat `operand { binaryOperator operand }` list the grammar reads
 * (a rule per precedence level would cost eleven rule invocations for every bare name). Folded
 * here by precedence climbing; comparisons do not chain: `a < b < c` is MLP1011.
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { BuildContext } from "./build-context.js";
import * as T from "./tokens.js";

/** An operand with the prefix operators (`not`, `-`) written before it. */
export class Prefixed {
  constructor(
    readonly prefixes: readonly IToken[],
    readonly expr: A.Expr,
  ) {}
}

/** One element of a flattened expression: a prefix operator, an operand, a binary operator. */
type Item =
  | { readonly kind: "prefix"; readonly token: IToken }
  | { readonly kind: "primary"; readonly expr: A.Expr }
  | { readonly kind: "op"; readonly token: IToken };

/**
 * Binding strength of binary operators, loosest first. Prefix `not` sits between `and` and the
 * comparisons (`not a < b` is `not (a < b)`); prefix `-` binds tighter than every binary
 * operator. `??` binds tighter than arithmetic and comparisons, so `x ?? 0 - 0.01` is
 * `(x ?? 0) - 0.01` and `a ?? 0 > 1` is `(a ?? 0) > 1`.
 */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
  "+": 5, "-": 5,
  "*": 6, "/": 6,
  "??": 7,
};
const COMPARISON = 4;
const UNARY_MINUS = 8;

/**
 * Folds `operands` (each an expression, or one with prefix operators) and the binary operator
 * tokens between them (`operators[i]` follows `operands[i]`; at most one fewer) into one tree.
 */
export function foldOperators(
  operands: readonly (A.Expr | Prefixed)[],
  operators: readonly IToken[],
  cx: BuildContext,
): A.Expr | undefined {
  const items: Item[] = [];
  for (let i = 0; i < operands.length; i++) {
    const operand = operands[i]!;
    if (operand instanceof Prefixed) {
      for (const p of operand.prefixes) items.push({ kind: "prefix", token: p });
      items.push({ kind: "primary", expr: operand.expr });
    } else {
      items.push({ kind: "primary", expr: operand });
    }
    const op = operators[i];
    if (op !== undefined && i + 1 < operands.length) items.push({ kind: "op", token: op });
  }
  return climb(items, { at: 0 }, 0, cx);
}

function climb(items: readonly Item[], state: { at: number }, minPrecedence: number, cx: BuildContext): A.Expr | undefined {
  const item = items[state.at++];
  let left: A.Expr | undefined;
  if (item === undefined || item.kind === "op") return undefined;
  if (item.kind === "prefix") {
    const isNot = item.token.tokenType === T.Not;
    const operand = climb(items, state, isNot ? COMPARISON : UNARY_MINUS, cx);
    if (operand === undefined) return undefined;
    left = {
      kind: "Unary",
      op: isNot ? "not" : "-",
      operand,
      span: cx.span(item.token.startOffset, operand.span.end.offset),
    };
  } else {
    left = item.expr;
  }
  let compared = false;
  for (;;) {
    const next = items[state.at];
    if (next === undefined || next.kind !== "op") break;
    const precedence = PRECEDENCE[next.token.image]!;
    if (precedence < minPrecedence) break;
    state.at++;
    const isComparison = precedence === COMPARISON;
    if (isComparison && compared) {
      cx.report("MLP1011", "comparison operators cannot be chained", cx.tokenSpan(next.token), {
        label: "second comparison",
        help: ["combine two comparisons with `and`, as in `a < b and b < c`, or add parentheses"],
      });
    }
    compared = isComparison;
    const right = climb(items, state, precedence + 1, cx);
    if (right === undefined) break;
    left = {
      kind: "Binary",
      op: next.token.image as A.BinaryOp,
      opSpan: cx.tokenSpan(next.token),
      left,
      right,
      span: cx.span(left.span.start.offset, right.span.end.offset),
    };
  }
  return left;
}
