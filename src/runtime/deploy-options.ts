/**
 * A deploy's `to` options as it runs: each option in `optionExprs` (one that interpolates params or
 * metrics) evaluated now. In a `to command` deploy's `command`, every interpolated value is
 * inserted shell-quoted, one word, as a step's `${input}` is: a value never becomes shell syntax.
 */
import type { IrDeploy, IrExpr, IrValue } from "../ir/ir.js";
import { evalExpr, type ExprEnv } from "./eval-expr.js";
import { shellQuote } from "./shell-quote.js";
import { valueText } from "./value-text.js";

/** The options `d` runs with; an error message when an expression cannot be evaluated. */
export function deployOptions(d: IrDeploy, env: ExprEnv): { readonly options: Readonly<Record<string, IrValue>> } | { readonly error: string } {
  const options: Record<string, IrValue> = { ...d.to.options };
  try {
    for (const [name, expr] of Object.entries(d.optionExprs ?? {})) {
      options[name] = d.to.kind === "command" && (name === "command" || name === "run") ? commandText(expr, env) : text(expr, env);
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { options };
}

function text(expr: IrExpr, env: ExprEnv): string {
  const v = evalExpr(expr, env);
  if (v === undefined) throw new Error("an interpolated value is absent");
  return valueText(v);
}

/** Shell text: literal text as written, every value read from a param or metric quoted. */
function commandText(expr: IrExpr, env: ExprEnv): string {
  switch (expr.kind) {
    case "literal":
      return valueText(expr.value);
    case "interpolate":
      return expr.parts.map((p) => (p.kind === "text" ? p.text : shellQuote(text(p.expr, env)))).join("");
    case "binary":
      if (expr.op === "+" && expr.type.kind === "string") return commandText(expr.left, env) + commandText(expr.right, env);
      return shellQuote(text(expr, env));
    default:
      return shellQuote(text(expr, env));
  }
}
