/**
 * Evaluates IR expressions (gate conditions, computed inputs) against recorded values. Every
 * reference read is collected in `seen`, so a gate's record shows the values it judged.
 */
import type { IrExpr, IrType, IrValue } from "../ir/ir.js";
import { valueText } from "./value-text.js";

/** Where an expression's references get their values; `undefined` means absent. */
export interface ExprEnv {
  param(name: string): IrValue | undefined;
  metric(step: string, metric: string): number | boolean | undefined;
  /** `deployed(env[, from: pipeline]).metric`; `pipeline` undefined means the running pipeline. */
  deployed(env: string, metric: string, pipeline: string | undefined): number | boolean | undefined;
}

/** Raised when an expression reads a metric that was never reported (not an absent `T?`). */
export class MissingValueError extends Error {
  constructor(readonly ref: string) {
    super(`\`${ref}\` has no recorded value`);
  }
}

/** The value of `expr`; absent optionals are `undefined`. `seen` receives every reference read. */
export function evalExpr(expr: IrExpr, env: ExprEnv, seen: Record<string, IrValue | null> = {}): IrValue | undefined {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "param": {
      const v = env.param(expr.name);
      seen[expr.name] = v ?? null;
      // an optional param left unset is absent (for `??`), like `deployed(…)`; others must have a value
      if (v === undefined && !isOptional(expr.type)) throw new MissingValueError(expr.name);
      return v;
    }
    case "metric": {
      const ref = `${expr.step}.${expr.metric}`;
      const v = env.metric(expr.step, expr.metric);
      seen[ref] = v ?? null;
      if (v === undefined) throw new MissingValueError(ref);
      return v;
    }
    case "deployed": {
      const v = env.deployed(expr.env, expr.metric, expr.pipeline);
      seen[`deployed(${expr.env}${expr.pipeline !== undefined ? `, from: ${expr.pipeline}` : ""}).${expr.metric}`] = v ?? null;
      return v;
    }
    case "interpolate": {
      // Each part's text form, as a value input gets it (docs/ir.md, "Input bindings").
      let text = "";
      for (const part of expr.parts) {
        if (part.kind === "text") text += part.text;
        else {
          const v = evalExpr(part.expr, env, seen);
          if (v === undefined) return undefined;
          text += valueText(v);
        }
      }
      return text;
    }
    case "unary": {
      const v = evalExpr(expr.operand, env, seen);
      if (v === undefined) return undefined;
      return expr.op === "not" ? !v : -(v as number);
    }
    case "binary": {
      if (expr.op === "??") {
        const l = evalExpr(expr.left, env, seen);
        return l !== undefined ? l : evalExpr(expr.right, env, seen);
      }
      if (expr.op === "and") {
        const l = evalExpr(expr.left, env, seen);
        return l === true ? evalExpr(expr.right, env, seen) === true : false;
      }
      if (expr.op === "or") {
        const l = evalExpr(expr.left, env, seen);
        return l === true ? true : evalExpr(expr.right, env, seen) === true;
      }
      const l = evalExpr(expr.left, env, seen);
      const r = evalExpr(expr.right, env, seen);
      if (l === undefined || r === undefined) return undefined;
      const a = l as number;
      const b = r as number;
      switch (expr.op) {
        case "+":
          return typeof l === "string" || typeof r === "string" ? `${valueText(l)}${valueText(r)}` : a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return expr.type.kind === "int" ? Math.trunc(a / b) : a / b;
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        case ">=":
          return a >= b;
        case "==":
          return l === r;
        case "!=":
          return l !== r;
      }
    }
  }
  return undefined;
}

function isOptional(t: IrType): boolean {
  return "optional" in t && t.optional === true;
}
