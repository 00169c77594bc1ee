/**
 * Compiles gate conditions and computed inputs (`IrExpr`) to JavaScript run by
 * `actions/github-script`. Values never enter the code: references become calls (`metric(…)`,
 * `param(…)`, `deployed(…)`) that read them at run time from `needs`/`inputs` passed through
 * `env:`; literals are printed with `JSON.stringify`, so a string literal stays a string.
 */
import type { IrExpr, IrType, IrValue } from "../../src/ir/ir.js";

/** What an expression reads, so the job can `need` the jobs that provide it. */
export interface ExprRefs {
  readonly params: Set<string>;
  readonly metrics: Map<string, Set<string>>;
  readonly deployed: Map<string, Set<string>>;
}

export function emptyRefs(): ExprRefs {
  return { params: new Set(), metrics: new Map(), deployed: new Map() };
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(value);
}

/** Collects every reference in `expr` into `refs`. */
export function collectRefs(expr: IrExpr, refs: ExprRefs): ExprRefs {
  switch (expr.kind) {
    case "literal":
      break;
    case "param":
      refs.params.add(expr.name);
      break;
    case "metric":
      add(refs.metrics, expr.step, expr.metric);
      break;
    case "deployed":
      add(refs.deployed, expr.env, expr.metric);
      break;
    case "binary":
      collectRefs(expr.left, refs);
      collectRefs(expr.right, refs);
      break;
    case "unary":
      collectRefs(expr.operand, refs);
      break;
  }
  return refs;
}

/** The id of the job that looks up what is deployed to `env` (hyphenated: no step can clash). */
export function lookupJobId(env: string): string {
  return `deployed-${env}`;
}

function literal(value: IrValue): string {
  // JSON is valid JavaScript for numbers, strings, booleans and arrays; U+2028/9 are escaped too.
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function typeName(t: IrType): string {
  return t.kind;
}

function isOptional(t: IrType): boolean {
  return "optional" in t && t.optional === true;
}

/** JavaScript source for `expr`. */
export function toJs(expr: IrExpr): string {
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "param":
      return `param(${JSON.stringify(expr.name)}, ${JSON.stringify(typeName(expr.type))}, ${isOptional(expr.type)})`;
    case "metric":
      return `metric(${JSON.stringify(expr.step)}, ${JSON.stringify(expr.metric)})`;
    case "deployed":
      return `deployed(${JSON.stringify(expr.env)}, ${JSON.stringify(expr.metric)})`;
    case "unary":
      return expr.op === "not" ? `(!${toJs(expr.operand)})` : `(-${toJs(expr.operand)})`;
    case "binary": {
      const l = toJs(expr.left);
      const r = toJs(expr.right);
      switch (expr.op) {
        case "and":
          return `(${l} && ${r})`;
        case "or":
          return `(${l} || ${r})`;
        case "??":
          return `(${l} ?? ${r})`;
        case "==":
          return `(${l} === ${r})`;
        case "!=":
          return `(${l} !== ${r})`;
        case "/":
          return expr.type.kind === "int" ? `Math.trunc(${l} / ${r})` : `(${l} / ${r})`;
        default:
          return `(${l} ${expr.op} ${r})`;
      }
    }
    default:
      throw new Error("internal: sweeps are not compiled here yet");
  }
}

/**
 * Shared helpers every generated script starts with. They read `MLP_NEEDS` (`toJSON(needs)`),
 * `MLP_INPUTS` (`toJSON(inputs)`) and `MLP_PARAM_DEFAULTS` (defaults for runs not started by
 * hand); a metric that is missing fails the step rather than evaluating to something.
 */
export const JS_PRELUDE = `const needs = JSON.parse(process.env.MLP_NEEDS || '{}');
const inputs = JSON.parse(process.env.MLP_INPUTS || '{}');
const defaults = JSON.parse(process.env.MLP_PARAM_DEFAULTS || '{}');
const dispatched = process.env.GITHUB_EVENT_NAME === 'workflow_dispatch';
const absent = (v) => v === undefined || v === null || v === '';
function param(name, type, optional) {
  const v = dispatched ? inputs[name] : defaults[name];
  if (absent(v)) {
    if (optional) return undefined;
    throw new Error('param ' + name + ' has no value');
  }
  if (type === 'bool') return v === true || v === 'true';
  if (type === 'int' || type === 'float' || type === 'duration') return Number(v);
  return String(v);
}
function metric(step, name) {
  const raw = needs[step] && needs[step].outputs ? needs[step].outputs[name] : undefined;
  if (absent(raw)) throw new Error('step ' + step + ' did not report metric ' + name);
  return JSON.parse(raw);
}
function deployed(env, name) {
  const job = needs['deployed-' + env];
  const raw = job && job.outputs ? job.outputs[name] : undefined;
  return absent(raw) ? undefined : JSON.parse(raw);
}
`;
