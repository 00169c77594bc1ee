/**
 * Expressions and member values are well typed (language reference, "Types" and
 * "Expressions"): gate conditions are `bool`; arithmetic and comparisons take numbers (or
 * durations); an optional `T?` is used only through `??`; param and component-input defaults are
 * literals of their declared type; `retry` is an int >= 0, `timeout` a duration, `resources`
 * typed; `env` values and option values are literals. Records every expression's type.
 */
import type { BinaryExpr, CollectExpr, Expr, Identifier, InputEntry, KeyValue, StepMember, StringLiteral, UnaryExpr } from "../../syntax/ast.js";
import type { Span } from "../../source/span.js";
import type { CheckContext } from "../context.js";
import type { PipelineScope } from "../program.js";
import {
  assignability,
  isArtifact,
  isNumeric,
  isOptional,
  isValue,
  joinNumeric,
  optionalOf,
  required,
  showType,
  T_BOOL,
  T_DURATION,
  T_ERROR,
  T_FLOAT,
  T_INT,
  T_STRING,
  type Ty,
} from "../types.js";
import { refText, unparen } from "../walk.js";
import { interpolates, interpolationRefs } from "../interpolation.js";
import { DEPLOYED_MODEL, deployedScope } from "./known-names.js";
import { literalNumber, literalType } from "../literal-types.js";

export { literalNumber, literalType };
import type { CheckRule } from "../rule.js";

export const wellTyped: CheckRule = {
  name: "well-typed",
  phase: "types",
  codes: ["MLP3001", "MLP3002", "MLP3003", "MLP3006", "MLP3008", "MLP3009", "MLP3010", "MLP3012", "MLP3021", "MLP3022"],
  check: (ctx) => checkTypes(ctx),
};

const CRON_FIELD = /^[0-9A-Za-z*?,\-/#LW]+$/;

export function checkTypes(ctx: CheckContext): void {
  const checkedComponents = new Set<object>();
  for (const file of ctx.files()) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Component" && !checkedComponents.has(decl)) {
        checkedComponents.add(decl);
        checkComponentInputs(ctx, decl.members);
        checkStepMembers(ctx, decl.members, "component", decl.name);
      }
    }
  }
  for (const scope of ctx.scopes()) checkPipeline(ctx, scope);
}

function checkPipeline(ctx: CheckContext, scope: PipelineScope): void {
  const decls = scope.flat;
  for (let i = 0; i < decls.length; i++) {
    const m = decls[i]!;
    switch (m.kind) {
      case "Param": {
        const sym = scope.members.get(m.name.name);
        if (m.default !== undefined && sym?.kind === "param" && sym.decl === m) checkLiteralDefault(ctx, m.default, sym.type, `param \`${m.name.name}\``);
        break;
      }
      case "Step":
        if (m.call === undefined) {
          const members = m.members ?? [];
          for (let j = 0; j < members.length; j++) {
            const mm = members[j]!;
            if (mm.kind === "Inputs") for (let k = 0; k < mm.entries.length; k++) checkStepInput(ctx, scope, mm.entries[k]!);
          }
          checkStepMembers(ctx, members, "step", m.name);
        }
        break;
      case "Gate":
        if (m.conditions.length === 0) {
          ctx.error("MLP3010", `gate \`${m.name.name}\` has no conditions`, m.name.span, {
            help: ["write one condition per line, for example `evaluate.accuracy >= 0.8`"],
          });
        }
        for (const c of m.conditions) {
          const t = typeOf(ctx, scope, c);
          if (isOptional(t)) optionalError(ctx, t, c.span);
          else if (t.kind !== "bool" && t.kind !== "error") {
            ctx.error("MLP3001", `gate condition must be \`bool\`, found \`${showType(t)}\``, c.span, {
              help: ["compare it, for example `step.metric >= 0.8`"],
            });
          }
        }
        break;
      case "Deploy": {
        let hasModel = false;
        for (const dm of m.members) {
          if (dm.kind === "DeployModel") {
            hasModel = true;
            const ref = unparen(dm.ref);
            const res = ref.kind === "Ref" ? ctx.analysis.resolutions.get(ref) : undefined;
            if (ref.kind !== "Ref" || (res !== undefined && res.kind !== "output" && res.kind !== "sweepOutput")) {
              if (ref.kind === "Ref" && res === undefined) continue; // unresolved, already reported
              ctx.error("MLP3006", `\`model\` must name a step output, like \`train.model\``, dm.ref.span);
            }
          }
          if (dm.kind === "DeployTo") {
            checkOptions(ctx, dm.options);
            // option strings that interpolate: each placeholder a present param or metric
            for (const kv of dm.options) if (kv.value.kind === "String" && interpolates(kv.value)) typeOf(ctx, scope, kv.value);
          }
        }
        if (!hasModel) {
          ctx.error("MLP3010", `deploy \`${m.env.name}\` has no \`model\``, m.env.span, {
            help: ["name the model to ship, for example `model train.model`"],
          });
        }
        break;
      }
      case "Schedule": {
        const fields = m.cron.value.trim().split(/\s+/);
        if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
          ctx.error("MLP3008", `\`${m.cron.value}\` is not a five-field cron expression`, m.cron.span, {
            notes: ["fields: minute hour day-of-month month day-of-week"],
            help: ["for example `schedule \"0 3 * * *\"` runs every day at 03:00"],
          });
        }
        break;
      }
      case "Target":
        checkOptions(ctx, m.options);
        break;
      default:
        break;
    }
  }
}

/** A step input binds a value; its type is inferred (the parser guarantees the form). */
function checkStepInput(ctx: CheckContext, scope: PipelineScope, e: InputEntry): void {
  if (e.value === undefined) return;
  checkBindable(ctx, typeOf(ctx, scope, e.value), e.value.span);
}

/** A value bound to an input (or a call argument) is a value or an artifact, never optional. */
export function checkBindable(ctx: CheckContext, t: Ty, span: Span): boolean {
  if (t.kind === "error") return false;
  // `deployed(ENV).model` binds as is: when nothing is deployed, the step fails, naming ENV
  if (isOptional(t) && t.kind !== "Model") {
    optionalError(ctx, t, span);
    return false;
  }
  if (t.kind === "list" && t.element !== undefined && isArtifact(t.element)) return true; // `collect(…)`
  if (!isValue(t) && !isArtifact(t)) {
    ctx.error("MLP3001", `a \`${showType(t)}\` cannot be bound to an input`, span, {
      notes: ["inputs take a dataset, a step output, a param, a literal or an expression over them"],
    });
    return false;
  }
  return true;
}

function optionalError(ctx: CheckContext, t: Ty, span: Span): void {
  ctx.error("MLP3002", `optional \`${showType(t)}\` used without \`??\``, span, {
    label: "this value may be absent",
    notes: ["`deployed(ENV).metric` is absent when nothing is deployed to ENV"],
    help: ["give a default for the absent case, for example `(deployed(production).auc ?? 0)`"],
  });
}

function checkComponentInputs(ctx: CheckContext, members: readonly StepMember[]): void {
  for (const m of members) {
    if (m.kind !== "Inputs") continue;
    for (const e of m.entries) {
      if (e.type === undefined || e.value === undefined) continue;
      const t = ctx.analysis.declaredTypes.get(e.type);
      if (t === undefined || t.kind === "error") continue;
      checkLiteralDefault(ctx, e.value, t, `input \`${e.name.name}\``);
    }
  }
}

/** `= default` is a literal of the declared type. */
function checkLiteralDefault(ctx: CheckContext, value: Expr, declared: Ty, what: string): void {
  if (reportNonFinite(ctx, value)) return;
  const lit = literalType(value);
  if (lit === undefined) {
    ctx.error("MLP3009", `the default of ${what} must be a literal`, value.span, {
      help: ["write a number, string, boolean or duration"],
    });
    return;
  }
  if (declared.kind === "error") return;
  const items = unparen(value);
  if (declared.kind === "list" && declared.element !== undefined && items.kind === "List") {
    // `list<int> = [1, 2]`: each item is a literal of the element type
    for (const item of items.items) checkLiteralDefault(ctx, item, declared.element, what);
    return;
  }
  const ok = assignability(lit, declared, ctx.analysis.schemaColumns);
  if (ok !== true) {
    ctx.error("MLP3001", `the default of ${what} has type \`${showType(lit)}\`, expected \`${showType(declared)}\``, value.span, {
      ...(lit.kind === "float" && declared.kind === "int" ? { notes: ["`int` widens to `float`, not the other way"] } : {}),
    });
  }
}

/**
 * Reports number literals too large to represent (`1e999`): the IR is JSON, which has no
 * infinity. Iterative, so a long operator chain cannot overflow. Returns whether it reported.
 */
export function reportNonFinite(ctx: CheckContext, expr: Expr): boolean {
  switch (expr.kind) {
    case "Binary":
    case "Unary":
    case "Paren":
    case "List":
    case "Call":
    case "Collect":
      break;
    default:
      // a leaf (the common case: `retry 2`, `timeout 30m`): no stack to walk
      if ((expr.kind === "Number" || expr.kind === "Duration" || expr.kind === "Quantity") && !(Number.isFinite(expr.value) && (expr.kind !== "Duration" || Number.isFinite(expr.seconds)))) {
        ctx.error("MLP3008", `\`${expr.raw}\` is too large to represent`, expr.span, { help: ["use a smaller number"] });
        return true;
      }
      return false;
  }
  let found = false;
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if ((e.kind === "Number" || e.kind === "Duration" || e.kind === "Quantity") && !(Number.isFinite(e.value) && (e.kind !== "Duration" || Number.isFinite(e.seconds)))) {
      ctx.error("MLP3008", `\`${e.raw}\` is too large to represent`, e.span, { help: ["use a smaller number"] });
      found = true;
    } else if (e.kind === "Binary") stack.push(e.left, e.right);
    else if (e.kind === "Unary") stack.push(e.operand);
    else if (e.kind === "Paren") stack.push(e.expr);
    else if (e.kind === "List") for (const item of e.items) stack.push(item);
    else if (e.kind === "Call") for (const a of e.args) stack.push(a.value);
    else if (e.kind === "Collect") stack.push(e.operand);
  }
  return found;
}

function checkOptions(ctx: CheckContext, options: readonly KeyValue[]): void {
  for (const kv of options) {
    if (reportNonFinite(ctx, kv.value)) continue;
    if (literalType(kv.value) === undefined) {
      ctx.error("MLP3009", `option \`${kv.key.name}\` must be a literal`, kv.value.span, {
        notes: ["options are passed to the target as written: strings, numbers, booleans, durations, quantities or lists of them"],
        ...(unparen(kv.value).kind === "Ref" ? { help: ["quote it as a string"] } : {}),
      });
    }
  }
}

/** Required members, literal-only members and their value types (`owner` and `name` name the step or component). */
function checkStepMembers(ctx: CheckContext, members: readonly StepMember[], owner: "step" | "component", name: Identifier): void {
  let hasRun = false;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    switch (m.kind) {
      case "Run":
        hasRun = true;
        break;
      case "Retry": {
        if (reportNonFinite(ctx, m.count)) break;
        const t = literalType(m.count);
        if (t === undefined) ctx.error("MLP3009", "`retry` must be a literal", m.count.span, { help: ["write a whole number, for example `retry 2`"] });
        else if (t.kind !== "int") ctx.error("MLP3001", `\`retry\` takes an \`int\`, found \`${showType(t)}\``, m.count.span, { help: ["write a whole number, for example `retry 2`"] });
        else if ((literalNumber(m.count) ?? 0) < 0) ctx.error("MLP3008", "`retry` must be 0 or more", m.count.span, { notes: ["`retry N` allows N extra attempts after a failure"] });
        break;
      }
      case "Timeout": {
        if (reportNonFinite(ctx, m.duration)) break;
        const t = literalType(m.duration);
        if (t === undefined) ctx.error("MLP3009", "`timeout` must be a literal", m.duration.span, { help: ["write a duration, for example `timeout 30m`"] });
        else if (t.kind !== "duration")
          ctx.error("MLP3001", `\`timeout\` takes a \`duration\`, found \`${showType(t)}\``, m.duration.span, {
            help: [`add a unit: \`ms\`, \`s\`, \`m\`, \`h\` or \`d\`, for example \`timeout 30m\``],
          });
        else if ((literalNumber(m.duration) ?? 0) <= 0) ctx.error("MLP3008", "`timeout` must be longer than zero", m.duration.span);
        break;
      }
      case "Resources":
        for (const kv of m.entries) checkResource(ctx, kv);
        break;
      case "Env":
        for (const kv of m.entries) {
          const t = literalType(kv.value);
          if (t === undefined) ctx.error("MLP3009", `environment variable \`${kv.key.name}\` must be a literal string`, kv.value.span, {
            notes: ["to pass a param or data to the command, bind it as an input and use its placeholder in `run`"],
          });
          else if (t.kind !== "string") ctx.error("MLP3001", `environment variable \`${kv.key.name}\` must be a \`string\`, found \`${showType(t)}\``, kv.value.span, {
            help: ["quote the value"],
          });
        }
        break;
      default:
        break;
    }
  }
  if (!hasRun) {
    ctx.error("MLP3010", `${owner} \`${name.name}\` has no \`run\` command`, name.span, {
      help: ["add `run \"…\"` with the command to execute, or call a component: `step NAME = COMPONENT(…)`"],
    });
  }
}

function checkResource(ctx: CheckContext, kv: KeyValue): void {
  if (reportNonFinite(ctx, kv.value)) return;
  const key = kv.key.name;
  const t = literalType(kv.value);
  if (t === undefined) {
    ctx.error("MLP3009", `resource \`${key}\` must be a literal`, kv.value.span);
    return;
  }
  const n = literalNumber(kv.value);
  if (key === "memory") {
    if (t.kind !== "quantity")
      ctx.error("MLP3001", `\`memory\` takes a quantity, found \`${showType(t)}\``, kv.value.span, {
        help: ["add a unit: `Ki`, `Mi`, `Gi`, `Ti` or `K`, `M`, `G`, `T`, for example `memory: 4Gi`"],
      });
    else if (unparen(kv.value).kind === "Quantity" && (unparen(kv.value) as { value: number }).value <= 0)
      ctx.error("MLP3008", "`memory` must be more than zero", kv.value.span);
    return;
  }
  if (key === "cpu") {
    if (!isNumeric(t)) ctx.error("MLP3001", `\`cpu\` takes a number, found \`${showType(t)}\``, kv.value.span, { help: ["for example `cpu: 2` or `cpu: 0.5`"] });
    else if ((n ?? 0) <= 0) ctx.error("MLP3008", "`cpu` must be more than zero", kv.value.span);
    return;
  }
  if (key === "gpu") {
    if (t.kind !== "int") ctx.error("MLP3001", `\`gpu\` takes an \`int\`, found \`${showType(t)}\``, kv.value.span, { help: ["for example `gpu: 1`"] });
    else if ((n ?? 0) < 0) ctx.error("MLP3008", "`gpu` must be 0 or more", kv.value.span);
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** The type of `expr` in `scope`, reporting type errors once; memoised in `analysis.types`. */
export function typeOf(ctx: CheckContext, scope: PipelineScope, expr: Expr): Ty {
  const known = ctx.analysis.types.get(expr);
  if (known !== undefined) return known;
  const t = computeType(ctx, scope, expr);
  ctx.analysis.types.set(expr, t);
  return t;
}

function computeType(ctx: CheckContext, scope: PipelineScope, expr: Expr): Ty {
  switch (expr.kind) {
    case "Number":
    case "Duration":
    case "Quantity":
      if (reportNonFinite(ctx, expr)) return T_ERROR;
      return expr.kind === "Number" ? (expr.isInteger ? T_INT : T_FLOAT) : expr.kind === "Duration" ? T_DURATION : { kind: "quantity" };
    case "String":
      return interpolates(expr) ? interpolationType(ctx, scope, expr) : T_STRING;
    case "Bool":
      return T_BOOL;
    case "List":
      for (const item of expr.items) typeOf(ctx, scope, item);
      return { kind: "list" };
    case "Paren":
      return typeOf(ctx, scope, expr.expr);
    case "Ref": {
      const res = ctx.analysis.resolutions.get(expr);
      if (res === undefined) return T_ERROR;
      switch (res.kind) {
        case "param":
        case "dataset": {
          const sym = scope.members.get(res.name);
          return sym !== undefined && (sym.kind === "param" || sym.kind === "dataset") ? sym.type : T_ERROR;
        }
        case "output":
        case "metric":
        case "sweepOutput":
        case "sweepMetric": {
          const sym = scope.members.get(res.step);
          if (sym?.kind !== "step") return T_ERROR;
          const port = res.kind === "output" || res.kind === "sweepOutput" ? sym.sig.outputs.get(res.output) : sym.sig.metrics.get(res.metric);
          return port?.type ?? T_ERROR;
        }
        case "over": {
          const sweep = scope.members.get(res.sweep);
          return sweep?.kind === "sweep" ? (sweep.info.dims.get(res.name)?.element ?? T_ERROR) : T_ERROR;
        }
        case "secret":
          ctx.error("MLP3006", `secret \`${res.name}\` cannot be used as a value`, expr.span, {
            notes: ["a secret is never written into a command line or an output file"],
            help: [`expose it to a step as an environment variable with \`secrets [${res.name}]\``],
          });
          return T_ERROR;
        default:
          ctx.error("MLP3006", `\`${res.name}\` is a ${res.kind}, not a value`, expr.span, {
            ...(res.kind === "step" ? { help: [`name one of its outputs or metrics: \`${res.name}.NAME\``] } : {}),
            ...(res.kind === "gate" ? { help: [`to run after the gate, write \`after ${res.name}\``] } : {}),
          });
          return T_ERROR;
      }
    }
    case "Deployed": {
      const target = deployedScope(ctx, scope, expr, false);
      if (target === undefined) return T_ERROR;
      if (expr.metric.name === DEPLOYED_MODEL) return optionalOf({ kind: "Model" });
      const m = target.metricIndex.get(expr.metric.name);
      return m === undefined ? T_ERROR : optionalOf(m.port.type);
    }
    case "Collect":
      return collectType(ctx, scope, expr);
    case "Call":
      ctx.error("MLP3012", "a component call is not an expression", expr.span, {
        help: ["call components in their own step: `step NAME = COMPONENT(…)`, then reference `NAME.output`"],
      });
      return T_ERROR;
    case "Unary":
      return unaryType(ctx, scope, expr);
    case "Binary":
      return binaryType(ctx, scope, expr);
  }
}

/** `"v-${tag}"`: a `string`, when every placeholder names a present value (a param or a metric). */
function interpolationType(ctx: CheckContext, scope: PipelineScope, expr: StringLiteral): Ty {
  let ok = true;
  for (const ref of interpolationRefs(expr)) {
    const t = typeOf(ctx, scope, ref);
    if (t.kind === "error") ok = false;
    else if (isOptional(t)) {
      ctx.error("MLP3002", `optional \`${showType(t)}\` interpolated into a string`, ref.span, {
        label: "this value may be absent",
        help: ["bind it to an input with a default first: `inputs { x: VALUE ?? DEFAULT }`, or interpolate a param"],
      });
      ok = false;
    } else if (!isValue(t)) {
      ctx.error("MLP3022", `\`\${${refText(ref)}}\` is a \`${showType(t)}\`: a string interpolates params and metrics`, ref.span, {
        label: "not a value",
        notes: ["`${…}` in a string argument, input or deploy option puts a value's text into the string"],
        help: [isArtifact(t) ? "pass an artifact as an input of its own, and build the path in the step's `run` with `${input}`" : "interpolate a param or a step's metric"],
      });
      ok = false;
    }
  }
  return ok ? T_STRING : T_ERROR;
}

/** `collect(SWEEP.STEP.OUTPUT)`: a `List` of the output's type, one entry per point. */
function collectType(ctx: CheckContext, scope: PipelineScope, expr: CollectExpr): Ty {
  const operand = unparen(expr.operand);
  const res = operand.kind === "Ref" ? ctx.analysis.resolutions.get(operand) : undefined;
  if (operand.kind === "Ref" && res === undefined) return T_ERROR; // unresolved, already reported
  if (res?.kind !== "sweepOutput") {
    const metric = res?.kind === "sweepMetric";
    ctx.error("MLP3021", metric ? "`collect(…)` gathers step outputs, not metrics" : "`collect(…)` takes a sweep's step output: `collect(SWEEP.STEP.OUTPUT)`", expr.operand.span, {
      ...(metric ? { notes: ["every point's metrics are in the `points.json` of a collected output"] } : {}),
      help: ["for example `collect(tune.evaluate.report)`"],
    });
    return T_ERROR;
  }
  const t = typeOf(ctx, scope, operand);
  return t.kind === "error" ? T_ERROR : { kind: "list", element: t };
}

function unaryType(ctx: CheckContext, scope: PipelineScope, expr: UnaryExpr): Ty {
  const t = typeOf(ctx, scope, expr.operand);
  if (t.kind === "error") return T_ERROR;
  if (isOptional(t)) {
    optionalError(ctx, t, expr.operand.span);
    return T_ERROR;
  }
  if (expr.op === "not") {
    if (t.kind === "bool") return T_BOOL;
    ctx.error("MLP3003", `\`not\` takes a \`bool\`, found \`${showType(t)}\``, expr.operand.span);
    return T_ERROR;
  }
  if (isNumeric(t) || t.kind === "duration") return t;
  ctx.error("MLP3003", `unary \`-\` takes a number, found \`${showType(t)}\``, expr.operand.span);
  return T_ERROR;
}

function binaryType(ctx: CheckContext, scope: PipelineScope, expr: BinaryExpr): Ty {
  const l = typeOf(ctx, scope, expr.left);
  const r = typeOf(ctx, scope, expr.right);
  if (l.kind === "error" || r.kind === "error") return T_ERROR;
  const op = expr.op;
  if (op === "??") {
    if (l.kind === "Model") {
      // `deployed(ENV).model ?? train.model`: a model either way
      if (r.kind === "Model") return r;
      ctx.error("MLP3003", `the default of \`??\` must be a \`Model\`, found \`${showType(r)}\``, expr.right.span, {
        labels: [{ span: expr.left.span, message: `this is a \`${showType(l)}\`` }],
      });
      return T_ERROR;
    }
    if (!isValue(l)) return operandError(ctx, expr, l, r);
    const base = required(l);
    const rr = required(r);
    if (isValue(rr) && (rr.kind === base.kind || (isNumeric(base) && isNumeric(rr)))) {
      const t = isNumeric(base) ? joinNumeric(base, rr) : base;
      return isOptional(r) ? optionalOf(t) : t;
    }
    ctx.error("MLP3003", `the default of \`??\` must be a \`${showType(base)}\`, found \`${showType(r)}\``, expr.right.span, {
      labels: [{ span: expr.left.span, message: `this is a \`${showType(l)}\`` }],
    });
    return T_ERROR;
  }
  for (const [side, t] of [[expr.left, l], [expr.right, r]] as const) {
    if (isOptional(t)) {
      optionalError(ctx, t, side.span);
      return T_ERROR;
    }
  }
  switch (op) {
    case "and":
    case "or":
      if (l.kind === "bool" && r.kind === "bool") return T_BOOL;
      return operandError(ctx, expr, l, r, "`bool` operands");
    case "+":
      if (l.kind === "string" && r.kind === "string") return T_STRING;
      if (isNumeric(l) && isNumeric(r)) return joinNumeric(l, r);
      if (l.kind === "duration" && r.kind === "duration") return T_DURATION;
      return operandError(ctx, expr, l, r, "numbers, two durations or two strings");
    case "-":
      if (isNumeric(l) && isNumeric(r)) return joinNumeric(l, r);
      if (l.kind === "duration" && r.kind === "duration") return T_DURATION;
      return operandError(ctx, expr, l, r, "numbers or two durations");
    case "*":
      if (isNumeric(l) && isNumeric(r)) return joinNumeric(l, r);
      if ((l.kind === "duration" && isNumeric(r)) || (isNumeric(l) && r.kind === "duration")) return T_DURATION;
      return operandError(ctx, expr, l, r, "numbers");
    case "/":
      if (isNumeric(l) && isNumeric(r)) return T_FLOAT;
      if (l.kind === "duration" && isNumeric(r)) return T_DURATION;
      return operandError(ctx, expr, l, r, "numbers");
    case "<":
    case "<=":
    case ">":
    case ">=":
      if ((isNumeric(l) && isNumeric(r)) || (l.kind === "duration" && r.kind === "duration")) return T_BOOL;
      return operandError(ctx, expr, l, r, "numbers or two durations");
    case "==":
    case "!=":
      if ((isNumeric(l) && isNumeric(r)) || (isValue(l) && l.kind === r.kind)) return T_BOOL;
      return operandError(ctx, expr, l, r, "two values of the same type");
  }
}

function operandError(ctx: CheckContext, expr: BinaryExpr, l: Ty, r: Ty, wants?: string): Ty {
  ctx.error("MLP3003", `\`${expr.op}\` cannot be applied to \`${showType(l)}\` and \`${showType(r)}\``, expr.opSpan, {
    labels: [
      { span: expr.left.span, message: `\`${showType(l)}\`` },
      { span: expr.right.span, message: `\`${showType(r)}\`` },
    ],
    ...(wants !== undefined ? { notes: [`\`${expr.op}\` takes ${wants}`] } : {}),
    ...(isArtifact(l) || isArtifact(r) ? { help: ["artifacts (tables, files, models) are not values; compare a step's metrics instead"] } : {}),
  });
  return T_ERROR;
}
