/**
 * Gate conditions and computed inputs as Argo expression tags (`{{=…}}`, evaluated by
 * expr-lang with Argo's function map).
 *
 * Why expression tags rather than `when: "{{tasks.x.outputs.parameters.m}} >= 0.85"`: a simple
 * tag splices the step's output *text* into the `when` string before govaluate parses it, so a
 * metric value such as `1 || true` would rewrite the condition. In an expression tag, metrics and
 * parameters are variables: their text is parsed with `fromJSON`/`asFloat`/`asInt` and a value
 * that is not a number makes the task fail instead of changing the condition.
 *
 * Constraints of Argo's tag handling this printer respects: the tag ends at the first `}}` (so no
 * map literals); a `?` together with a `:` makes Argo split the text as a ternary (so no `:`);
 * a `"` breaks Argo's JSON unquoting (so strings are single-quoted with `\u` escapes).
 */
import type { IrExpr, IrType } from "../../src/ir/ir.js";
import { exprString } from "./safe-text.js";

/** How the printer finds the Argo names of nodes. */
export interface ExprScope {
  /** DAG task name of a step (for `step.metric`). */
  stepTask(step: string): string;
  /** DAG task name of the lookup of `deployed(env)`. */
  deployedTask(env: string): string;
}

/** expr-lang source for the value of `e`, typed as its IR type. */
export function printExpr(e: IrExpr, scope: ExprScope): string {
  switch (e.kind) {
    case "literal":
      return literal(e.value, e.type);
    case "param":
      return typed(`workflow.parameters[${exprString(e.name)}]`, e.type, "text");
    case "metric":
      return typed(`fromJSON(tasks[${exprString(scope.stepTask(e.step))}].outputs.parameters['metrics'])[${exprString(e.metric)}]`, e.type, "json");
    case "deployed":
      // Left untyped: `??` supplies the fallback first, then the caller converts.
      return `fromJSON(tasks[${exprString(scope.deployedTask(e.env))}].outputs.parameters['metrics'])[${exprString(e.metric)}]`;
    case "unary":
      return e.op === "not" ? `(not ${printExpr(e.operand, scope)})` : `(-${printExpr(e.operand, scope)})`;
    case "binary": {
      if (e.op === "??") {
        const inner = `(${printExpr(e.left, scope)} ?? ${printExpr(e.right, scope)})`;
        return typed(inner, e.type, "json");
      }
      const op = e.op === "and" ? "and" : e.op === "or" ? "or" : e.op;
      return `(${printExpr(e.left, scope)} ${op} ${printExpr(e.right, scope)})`;
    }
  }
}

/** The `deployed(env)` lookups `e` needs, as environment names. */
export function deployedEnvs(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case "deployed":
      out.add(e.env);
      break;
    case "unary":
      deployedEnvs(e.operand, out);
      break;
    case "binary":
      deployedEnvs(e.left, out);
      deployedEnvs(e.right, out);
      break;
    default:
      break;
  }
  return out;
}

/** The steps whose metrics `e` reads. */
export function metricSteps(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case "metric":
      out.add(e.step);
      break;
    case "unary":
      metricSteps(e.operand, out);
      break;
    case "binary":
      metricSteps(e.left, out);
      metricSteps(e.right, out);
      break;
    default:
      break;
  }
  return out;
}

/** The params `e` reads. */
export function exprParams(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case "param":
      out.add(e.name);
      break;
    case "unary":
      exprParams(e.operand, out);
      break;
    case "binary":
      exprParams(e.left, out);
      exprParams(e.right, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Converts a raw value to the IR type: text (parameters) parses `true`/`false` and numbers;
 * JSON values (metrics) are already numbers or booleans but are still converted, so a string
 * in a metrics file fails the task instead of comparing as text.
 */
function typed(raw: string, type: IrType, source: "text" | "json"): string {
  switch (type.kind) {
    case "float":
      return `asFloat(${raw})`;
    case "int":
    case "duration":
      return `asInt(${raw})`;
    case "bool":
      return source === "text" ? `(${raw} == 'true')` : `(${raw} == true)`;
    case "string":
      return raw;
    default:
      return raw;
  }
}

function literal(v: unknown, type: IrType): string {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return numberLiteral(v, type.kind === "float");
  if (typeof v === "string") return exprString(v);
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, { kind: "string" })).join(", ")}]`;
  return "nil";
}

/** A finite number as expr-lang source; floats keep a decimal point so `/` stays real division. */
export function numberLiteral(v: number, float: boolean): string {
  if (!Number.isFinite(v)) return "0";
  const text = String(v);
  if (float && /^-?\d+$/.test(text)) return `${text}.0`;
  return text;
}
