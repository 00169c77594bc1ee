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
  /** Sweeps whose best point's metrics are read (`best` expressions). */
  readonly sweeps: Set<string>;
  /** Whether a sweep dimension's value is read (`over`, inside a sweep). */
  over: boolean;
  /** Whether a value is turned into text (`interpolate`): the script needs `JS_TEXT`. */
  text: boolean;
}

export function emptyRefs(): ExprRefs {
  return { params: new Set(), metrics: new Map(), deployed: new Map(), sweeps: new Set(), over: false, text: false };
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
      add(refs.deployed, lookupKey(expr.env, expr.pipeline), expr.metric);
      break;
    case "interpolate":
      refs.text = true;
      for (const part of expr.parts) if (part.kind === "expr") collectRefs(part.expr, refs);
      break;
    case "best":
      refs.sweeps.add(expr.sweep);
      break;
    case "over":
      refs.over = true;
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

/**
 * The key of one deployment record: `env` when this pipeline's own, `env-pipeline` when another
 * pipeline's (`deployed(env, from: pipeline)`). Names are identifiers, so the hyphen is unambiguous.
 * The caller passes `pipeline` only when it differs from the pipeline being compiled.
 */
export function lookupKey(env: string, pipeline: string | undefined): string {
  return pipeline === undefined ? env : `${env}-${pipeline}`;
}

/** The environment and pipeline (undefined: this one) of a `lookupKey`. */
export function parseLookupKey(key: string): { env: string; pipeline: string | undefined } {
  const [env, pipeline] = key.split("-");
  return { env: env!, pipeline };
}

/** The id of the job that looks up the record of `key` (a `lookupKey`; hyphenated: no step can clash). */
export function lookupJobId(key: string): string {
  return `deployed-${key}`;
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

/**
 * Where a script runs: inside a sweep's point (a matrix leg), the metrics of the same sweep's
 * members are read from the point's files (`pointMetric`), not from `needs`.
 */
export interface JsScope {
  readonly pointSteps?: ReadonlySet<string>;
}

/** JavaScript source for `expr`. */
export function toJs(expr: IrExpr, scope: JsScope = {}): string {
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "param":
      return `param(${JSON.stringify(expr.name)}, ${JSON.stringify(typeName(expr.type))}, ${isOptional(expr.type)})`;
    case "metric":
      return `${scope.pointSteps?.has(expr.step) === true ? "pointMetric" : "metric"}(${JSON.stringify(expr.step)}, ${JSON.stringify(expr.metric)})`;
    case "deployed":
      return `deployed(${JSON.stringify(lookupKey(expr.env, expr.pipeline))}, ${JSON.stringify(expr.metric)})`;
    case "best":
      return `best(${JSON.stringify(expr.sweep)}, ${JSON.stringify(expr.step)}, ${JSON.stringify(expr.metric)})`;
    case "over":
      return `over(${JSON.stringify(expr.name)}, ${JSON.stringify(typeName(expr.type))})`;
    case "interpolate":
      // Each part's text form (JS_TEXT), concatenated: values stay strings, never code.
      return `[${expr.parts.map((p) => (p.kind === "text" ? literal(p.text) : `text(${toJs(p.expr, scope)})`)).join(", ")}].join('')`;
    case "unary":
      return expr.op === "not" ? `(!${toJs(expr.operand, scope)})` : `(-${toJs(expr.operand, scope)})`;
    case "binary": {
      const l = toJs(expr.left, scope);
      const r = toJs(expr.right, scope);
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

/**
 * What a script reading `best` expressions adds to `JS_PRELUDE`: the best point's metrics, which
 * the sweep's fan-in job exposes as outputs `<step>-<metric>` (JSON-encoded, as step metrics).
 */
export const JS_BEST = `function best(sweep, step, name) {
  const raw = needs[sweep] && needs[sweep].outputs ? needs[sweep].outputs[step + '-' + name] : undefined;
  if (absent(raw)) throw new Error('sweep ' + sweep + ' has no best point with metric ' + step + '.' + name);
  return JSON.parse(raw);
}
`;

/**
 * What a script inside a sweep's point adds to `JS_PRELUDE`: the point's values
 * (`MLP_POINT_VALUES`, the matrix leg's, as text) and the metrics the point's members wrote,
 * downloaded to `_mlp/point-in/<entry>/<step>.metrics.json` (`POINT_IN_DIR`; `MLP_POINT` is the
 * entry).
 */
export const JS_POINT = `function over(name, type) {
  const v = JSON.parse(process.env.MLP_POINT_VALUES)[name];
  if (v === undefined) throw new Error('the point has no value for ' + name);
  if (type === 'bool') return v === true || v === 'true';
  if (type === 'int' || type === 'float') return Number(v);
  return String(v);
}
function pointMetric(step, name) {
  const f = require('path').join(process.env.GITHUB_WORKSPACE, '_mlp', 'point-in', process.env.MLP_POINT, step + '.metrics.json');
  let d;
  try { d = JSON.parse(require('fs').readFileSync(f, 'utf8')); } catch (e) { throw new Error('step ' + step + ' did not report metrics at point ' + process.env.MLP_POINT + ': ' + e.message); }
  if (d[name] === undefined) throw new Error('step ' + step + ' did not report metric ' + name + ' at point ' + process.env.MLP_POINT);
  return d[name];
}
`;

/**
 * What a script that interpolates adds to `JS_PRELUDE`: a value's text form as the runtime writes
 * it (docs/ir.md, "Input bindings"): numbers as JavaScript prints them (durations are seconds
 * already), booleans `true`/`false`, strings as they are, lists as JSON.
 */
export const JS_TEXT = `function text(v) {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}
`;

/** The prelude of a script whose expressions read `refs`, inside a point or not. */
export function jsPrelude(refs: ExprRefs, inPoint: boolean): string {
  return JS_PRELUDE + (refs.sweeps.size > 0 ? JS_BEST : "") + (inPoint ? JS_POINT : "") + (refs.text ? JS_TEXT : "");
}
