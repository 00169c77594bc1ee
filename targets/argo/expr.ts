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
      return isOptional(e.type) ? optionalParam(e.name, e.type) : typed(`workflow.parameters[${exprString(e.name)}]`, e.type, "text");
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
        // still optional (`a ?? b ?? 0` is `(a ?? b) ?? 0`): nil must reach the next `??` unconverted
        return isOptional(e.type) ? inner : typed(inner, e.type, "json");
      }
      const op = e.op === "and" ? "and" : e.op === "or" ? "or" : e.op;
      if (e.type.kind === "int" && (op === "+" || op === "-" || op === "*")) {
        // mlp run computes with doubles: past 2^53 an int result is rounded as a double is, where
        // expr-lang's int64 would stay exact
        return `asInt(asFloat(${printExpr(e.left, scope)}) ${op} asFloat(${printExpr(e.right, scope)}))`;
      }
      return `(${printExpr(e.left, scope)} ${op} ${printExpr(e.right, scope)})`;
    }
    default:
      throw new Error("internal: sweeps are not compiled here yet");
  }
}

/**
 * expr-lang source for the text a value input receives, which must be the text `mlp run` gives
 * (JavaScript's number text). `%v`, which Argo prints a tag's value with, writes a float64 as
 * `1e+06`, `5e-07` or `-0`; Go's JSON encoder (`sprig.toJson`) writes it as JavaScript does, and
 * `+ 0.0` turns -0 into 0. Arithmetic can give ±Inf or NaN (a division by zero), for which the
 * encoder gives "": then `%v`'s `+Inf`/`-Inf`/`NaN` is used, spelled `Infinity`/`-Infinity`/`NaN`.
 */
export function printValue(e: IrExpr, scope: ExprScope): string {
  const v = printExpr(e, scope);
  if (e.type.kind !== "float" && e.type.kind !== "duration") return v;
  const json = `sprig.toJson(${v} + 0.0)`;
  if (!hasArithmetic(e)) return json;
  return `sprig.default(sprig.trimPrefix('+', sprig.replace('Inf', 'Infinity', sprig.toString(${v}))), ${json})`;
}

/** Whether `e` computes (the only way to a non-finite number: params and metrics are finite). */
function hasArithmetic(e: IrExpr): boolean {
  if (e.kind === "unary") return e.op === "-" || hasArithmetic(e.operand);
  if (e.kind !== "binary") return false;
  return e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/" || hasArithmetic(e.left) || hasArithmetic(e.right);
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
      return `asInt(${raw})`;
    case "duration":
      // seconds, which may have a fraction (`1500ms` is 1.5)
      return `asFloat(${raw})`;
    case "bool":
      return source === "text" ? `(${raw} == 'true')` : `(${raw} == true)`;
    case "string":
      return raw;
    default:
      return raw;
  }
}

function isOptional(t: IrType): boolean {
  return "optional" in t && t.optional === true;
}

/**
 * An optional param, left untyped for the `??` around it (the checker allows it nowhere else):
 * nil when its value is empty (`""`, what the Workflow gives it when it has no default), as
 * `deployed(…)` is nil when nothing is deployed. A bool goes through `fromJSON`, as the `??`
 * converts JSON values.
 */
function optionalParam(name: string, type: IrType): string {
  const raw = `workflow.parameters[${exprString(name)}]`;
  return type.kind === "bool" ? `fromJSON(sprig.default('null', ${raw}))` : `sprig.default(nil, ${raw})`;
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
