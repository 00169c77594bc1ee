/**
 * Small, allocation-free walkers over expressions: the checker needs only "every reference in
 * this expression", so it does not depend on the generic syntax visitor.
 */
import type { DeployedExpr, Expr, RefExpr } from "../syntax/ast.js";

/** Calls `fn` for every `Ref` and `Deployed` node in `expr`, left to right. Iterative, so deep nesting cannot overflow the stack. */
export function forEachRef(expr: Expr, fn: (node: RefExpr | DeployedExpr) => void): void {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    switch (e.kind) {
      case "Ref":
      case "Deployed":
        fn(e);
        break;
      case "Binary":
        stack.push(e.right, e.left);
        break;
      case "Unary":
        stack.push(e.operand);
        break;
      case "Paren":
        stack.push(e.expr);
        break;
      case "List":
        for (let i = e.items.length - 1; i >= 0; i--) stack.push(e.items[i]!);
        break;
      case "Call":
        for (let i = e.args.length - 1; i >= 0; i--) stack.push(e.args[i]!.value);
        break;
      default:
        break;
    }
  }
}

/** `a.b.c` as written. */
export function refText(ref: RefExpr): string {
  return ref.path.map((p) => p.name).join(".");
}

/** Strips parentheses. */
export function unparen(expr: Expr): Expr {
  let e = expr;
  while (e.kind === "Paren") e = e.expr;
  return e;
}

/** The depth of an expression tree (a literal is 1), computed without recursion. */
export function exprDepth(expr: Expr): number {
  let max = 0;
  // two parallel stacks (node, its depth) instead of a pair per node
  const stack: Expr[] = [expr];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const d = depths.pop()!;
    if (d > max) max = d;
    switch (e.kind) {
      case "Binary":
        stack.push(e.left, e.right);
        depths.push(d + 1, d + 1);
        break;
      case "Unary":
        stack.push(e.operand);
        depths.push(d + 1);
        break;
      case "Paren":
        stack.push(e.expr);
        depths.push(d + 1);
        break;
      case "List":
        for (let i = 0; i < e.items.length; i++) {
          stack.push(e.items[i]!);
          depths.push(d + 1);
        }
        break;
      case "Call":
        for (let i = 0; i < e.args.length; i++) {
          stack.push(e.args[i]!.value);
          depths.push(d + 1);
        }
        break;
      default:
        break;
    }
  }
  return max;
}
