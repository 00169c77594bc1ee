/**
 * Small, allocation-free walkers over expressions: the checker needs only "every reference in
 * this expression", so it does not depend on the generic syntax visitor.
 */
import type { DeployedExpr, Expr, RefExpr } from "../syntax/ast.js";
import { interpolationRefs } from "./interpolation.js";

/**
 * Calls `fn` for every `Ref` and `Deployed` node in `expr`, left to right, the references a string
 * interpolates (`"v-${tag}"`) included; `inCollect` says the reference is the operand of a
 * `collect(…)`. Iterative, so deep nesting cannot overflow the stack.
 */
export function forEachRef(expr: Expr, fn: (node: RefExpr | DeployedExpr, inCollect: boolean) => void): void {
  const stack: Expr[] = [expr];
  let collected: Expr | undefined;
  while (stack.length > 0) {
    const e = stack.pop()!;
    switch (e.kind) {
      case "Ref":
      case "Deployed":
        fn(e, e === collected);
        break;
      case "Collect":
        collected = unparen(e.operand);
        stack.push(e.operand);
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
      case "String": {
        const refs = interpolationRefs(e);
        for (let i = refs.length - 1; i >= 0; i--) stack.push(refs[i]!);
        break;
      }
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
