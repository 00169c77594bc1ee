/**
 * The values a condition reads (its params, metrics, best-point metrics, deployed metrics and sweep
 * values), each with the name it has in the `.mlp` text, so that a gate that does not hold can say
 * why: `train.score >= min_score` with `train.score = 0.42, min_score = 0.5`.
 */
import type { IrExpr } from "../../src/ir/ir.js";
import { toJs, type JsScope } from "./js-expr.js";

/** One value a condition reads: its name as written, and the JavaScript that reads it. */
export interface ConditionValue {
  readonly label: string;
  readonly js: string;
}

function label(e: IrExpr): string | undefined {
  switch (e.kind) {
    case "param":
    case "over":
      return e.name;
    case "metric":
      return `${e.step}.${e.metric}`;
    case "best":
      return `${e.sweep}.${e.step}.${e.metric}`;
    case "deployed":
      return `deployed(${e.env}${e.pipeline !== undefined ? `, from: ${e.pipeline}` : ""}).${e.metric}`;
    default:
      return undefined;
  }
}

/** The references `expr` reads, in reading order, each once. */
export function conditionValues(expr: IrExpr, scope: JsScope = {}): ConditionValue[] {
  const out: ConditionValue[] = [];
  const seen = new Set<string>();
  const walk = (e: IrExpr): void => {
    const l = label(e);
    if (l !== undefined) {
      if (!seen.has(l)) {
        seen.add(l);
        out.push({ label: l, js: toJs(e, scope) });
      }
      return;
    }
    if (e.kind === "binary") {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === "unary") walk(e.operand);
    else if (e.kind === "interpolate") for (const p of e.parts) if (p.kind === "expr") walk(p.expr);
  };
  walk(expr);
  return out;
}
