/**
 * A condition with the values it read put in place of its references, so a gated or failed run
 * says why in one line: `train.score >= min_score` read as `0.3 >= 0.5`.
 */
import type { IrExpr, IrValue } from "../ir/ir.js";
import { valueText } from "./value-text.js";

const PRECEDENCE: Record<string, number> = { or: 1, and: 2, "??": 3, "==": 4, "!=": 4, "<": 5, "<=": 5, ">": 5, ">=": 5, "+": 6, "-": 6, "*": 7, "/": 7 };

/** `expr` with every reference replaced by its value in `values` (as `evalExpr` recorded them). */
export function conditionWithValues(expr: IrExpr, values: Readonly<Record<string, IrValue | null>>): string {
  const shown = (key: string): string => {
    if (!(key in values)) return key;
    const v = values[key];
    return v === null || v === undefined ? "absent" : typeof v === "string" ? JSON.stringify(v) : valueText(v);
  };
  const print = (e: IrExpr, parent: number, right: boolean): string => {
    switch (e.kind) {
      case "literal":
        return typeof e.value === "string" ? JSON.stringify(e.value) : valueText(e.value);
      case "param":
        return shown(e.name);
      case "metric":
        return shown(`${e.step}.${e.metric}`);
      case "deployed":
        return shown(`deployed(${e.env}${e.pipeline !== undefined ? `, from: ${e.pipeline}` : ""}).${e.metric}`);
      case "best":
        return shown(`${e.sweep}.${e.step}.${e.metric}`);
      case "over":
        return shown(e.name);
      case "interpolate":
        return JSON.stringify(e.parts.map((p) => (p.kind === "text" ? p.text : `\${${print(p.expr, 0, false)}}`)).join(""));
      case "unary":
        return e.op === "not" ? `not ${print(e.operand, 8, false)}` : `-${print(e.operand, 8, false)}`;
      case "binary": {
        const p = PRECEDENCE[e.op] ?? 0;
        const text = `${print(e.left, p, false)} ${e.op} ${print(e.right, p, true)}`;
        return p < parent || (right && p === parent) ? `(${text})` : text;
      }
    }
  };
  return print(expr, 0, false);
}
