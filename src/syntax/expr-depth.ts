/**
 * The depth limit of expression trees, enforced while the tree is built. The parser folds a
 * chain of binary operators without recursion, but the tree it yields is as deep as the chain is
 * long, and the checker, the lowering, lint rules, the formatter and every printer of the IR
 * walk expressions recursively: a gate with 10,000 `+` overflowed their stacks (issue #13).
 * Checking here, once, protects every walker of every command.
 */
import type { Expr } from "./ast.js";

/** Deepest expression tree accepted (a literal is 1); no real condition comes near it. */
export const MAX_EXPR_DEPTH = 200;

/**
 * The depth of `expr`, computed without recursion. `known` holds the depths of subtrees
 * measured before (every expression is measured as it is built), which are not walked again.
 */
export function exprDepth(expr: Expr, known?: WeakMap<Expr, number>): number {
  let max = 0;
  // two parallel stacks (node, its depth) instead of a pair per node
  const stack: Expr[] = [expr];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const d = depths.pop()!;
    const measured = e === expr ? undefined : known?.get(e);
    if (measured !== undefined) {
      if (d - 1 + measured > max) max = d - 1 + measured;
      continue;
    }
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
      case "Collect":
        stack.push(e.operand);
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
