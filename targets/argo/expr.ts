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

/**
 * Where the values an expression reads are, as expr-lang source: in the main DAG, other tasks'
 * output parameters; in a sweep's point DAG, also the point's input parameters (`point-scope.ts`).
 */
export interface ExprScope {
  /** The JSON text of step `step`'s metrics (for `step.metric`). */
  metricsJson(step: string): string;
  /** The JSON text of what `deployed(env)` found. */
  deployedJson(env: string): string;
  /** The JSON text of sweep `sweep`'s `best.json` (`src/ir/fan-in-spec.ts`; for `SWEEP.STEP.metric`). */
  bestJson(sweep: string): string;
  /** The text of the current point's value of dimension `name` (inside a sweep only). */
  overText(name: string): string;
}

/** The scope of the main DAG: metrics and lookups are other tasks' `metrics` output parameters. */
export function mainExprScope(task: { step(name: string): string; lookup(env: string): string; node(name: string): string }): ExprScope {
  return {
    metricsJson: (step) => taskParameter(task.step(step), "metrics"),
    deployedJson: (env) => taskParameter(task.lookup(env), "metrics"),
    bestJson: (sweep) => taskParameter(task.node(sweep), BEST_PARAMETER),
    overText: (name) => {
      throw new Error(`internal: dimension \`${name}\` read outside its sweep`);
    },
  };
}

/** The output parameter of a sweep's fan-in task that holds `best.json`. */
export const BEST_PARAMETER = "best";

/** expr-lang source of output parameter `param` of DAG task `task`. */
export function taskParameter(task: string, param: string): string {
  return `tasks[${exprString(task)}].outputs.parameters[${exprString(param)}]`;
}

/** `{{=body}}`, after checking the invariants that keep Argo from misreading it. */
export function exprTag(body: string): string {
  if (body.includes("{{") || body.includes("}}") || body.includes('"') || (body.includes("?") && body.includes(":"))) {
    throw new Error(`internal: unsafe Argo expression ${JSON.stringify(body)}`);
  }
  return `{{=${body}}}`;
}

/** expr-lang source for the value of `e`, typed as its IR type. */
export function printExpr(e: IrExpr, scope: ExprScope): string {
  switch (e.kind) {
    case "literal":
      return literal(e.value, e.type);
    case "param":
      return isOptional(e.type) ? optionalParam(e.name, e.type) : typed(`workflow.parameters[${exprString(e.name)}]`, e.type, "text");
    case "metric":
      return typed(`fromJSON(${scope.metricsJson(e.step)})[${exprString(e.metric)}]`, e.type, "json");
    case "best":
      // best.json: `{index, entry, values, metrics: {STEP: {METRIC: value}}}`
      return typed(`fromJSON(${scope.bestJson(e.sweep)})['metrics'][${exprString(e.step)}][${exprString(e.metric)}]`, e.type, "json");
    case "over":
      return typed(scope.overText(e.name), e.type, "text");
    case "deployed":
      // Left untyped: `??` supplies the fallback first, then the caller converts.
      return `fromJSON(${scope.deployedJson(deployedKey(e))})[${exprString(e.metric)}]`;
    case "interpolate":
      // `+` on strings concatenates in expr-lang; each part is its value's text form, as `mlp run` writes it
      return e.parts.length === 0 ? "''" : `(${e.parts.map((part) => (part.kind === "text" ? exprString(part.text) : printText(part.expr, scope))).join(" + ")})`;
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

/**
 * expr-lang source for the text form of `e` as a string (docs/ir.md, input bindings): a string as
 * it is, a float or duration as JavaScript prints it (`printValue`), an int in decimal, a bool as
 * `true`/`false`.
 */
export function printText(e: IrExpr, scope: ExprScope): string {
  switch (e.type.kind) {
    case "string":
      return printExpr(e, scope);
    case "float":
    case "duration":
      return printValue(e, scope);
    default:
      return `sprig.toString(${printExpr(e, scope)})`;
  }
}

/** Whether `e` computes (the only way to a non-finite number: params and metrics are finite). */
function hasArithmetic(e: IrExpr): boolean {
  if (e.kind === "unary") return e.op === "-" || hasArithmetic(e.operand);
  if (e.kind !== "binary") return false;
  return e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/" || hasArithmetic(e.left) || hasArithmetic(e.right);
}

/** The sub-expressions of `e` (operands and interpolated parts). */
export function exprChildren(e: IrExpr): readonly IrExpr[] {
  switch (e.kind) {
    case "unary":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "interpolate":
      return e.parts.flatMap((p) => (p.kind === "expr" ? [p.expr] : []));
    default:
      return [];
  }
}

/** Every node of `e`, depth first. */
function* exprNodes(e: IrExpr): Generator<IrExpr> {
  yield e;
  for (const c of exprChildren(e)) yield* exprNodes(c);
}

/**
 * The lookup a `deployed(…)` expression reads: its environment, or `PIPELINE.ENV` when it names the
 * pipeline that deploys (`from: PIPELINE`; a dot is in no identifier, so the two never meet).
 */
export function deployedKey(e: { readonly env: string; readonly pipeline?: string }): string {
  return e.pipeline === undefined ? e.env : `${e.pipeline}.${e.env}`;
}

/** The `deployed(…)` lookups `e` needs, as `deployedKey`s. */
export function deployedEnvs(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  for (const n of exprNodes(e)) if (n.kind === "deployed") out.add(deployedKey(n));
  return out;
}

/** The sweeps whose best point's metrics `e` reads. */
export function bestSweeps(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  for (const n of exprNodes(e)) if (n.kind === "best") out.add(n.sweep);
  return out;
}

/** The steps whose metrics `e` reads. */
export function metricSteps(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  for (const n of exprNodes(e)) if (n.kind === "metric") out.add(n.step);
  return out;
}

/** The params `e` reads. */
export function exprParams(e: IrExpr, out: Set<string> = new Set()): Set<string> {
  for (const n of exprNodes(e)) if (n.kind === "param") out.add(n.name);
  return out;
}

/** The values `e` reads (metrics, params, `best` and `deployed` references), each once, in order. */
export function exprLeaves(e: IrExpr): IrExpr[] {
  const seen = new Set<string>();
  const out: IrExpr[] = [];
  for (const n of exprNodes(e)) {
    if (n.kind !== "metric" && n.kind !== "param" && n.kind !== "best" && n.kind !== "deployed" && n.kind !== "over") continue;
    const key = leafName(n);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}

/** How a value reference is written in a `.mlp` file (`train.score`, `min_score`, `deployed(prod).auc`). */
export function leafName(e: IrExpr): string {
  switch (e.kind) {
    case "metric":
      return `${e.step}.${e.metric}`;
    case "param":
      return e.name;
    case "over":
      return e.name;
    case "best":
      return `${e.sweep}.${e.step}.${e.metric}`;
    case "deployed":
      return `deployed(${e.env}${e.pipeline !== undefined ? `, from: ${e.pipeline}` : ""}).${e.metric}`;
    default:
      return e.kind;
  }
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
