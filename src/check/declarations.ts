/**
 * The declarations phase (language reference, "Declarations"): builds the tables every rule
 * reads — the program-wide namespace (schemas, components, pipelines), each pipeline's namespace
 * (params, secrets, datasets, steps, gates, deploys), schema columns, declared types, and every
 * step's signature (its outputs and metrics, and for calls the inputs it takes).
 *
 * It reports nothing: where a name is declared twice the first declaration wins, and an unknown
 * or misplaced type is `error`. The rules under `rules/` report those problems, each its own.
 */
import type { ComponentDecl, Expr, PipelineDecl, StepDecl, StepMember, SweepDecl, TypeRef, TypedEntry } from "../syntax/ast.js";
import { STD_BUILTINS } from "../std/signatures.js";
import { resolveCallee } from "./callees.js";
import type { CheckContext } from "./context.js";
import type { GlobalSymbol, MemberSymbol, PipelineScope, Port, StepSignature, SweepInfo } from "./program.js";
import { interpretType, type TypeSlot } from "./type-refs.js";
import { T_ERROR, T_FLOAT, VALUE_KINDS, type Ty, type ValueKind } from "./types.js";
import { literalType } from "./literal-types.js";
import { flatPipelineMembers } from "../syntax/pipeline-members.js";

export function declare(ctx: CheckContext): void {
  collectGlobals(ctx);
  collectSchemas(ctx);
  const componentSigs = new Map<ComponentDecl, StepSignature>();
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind === "component") componentSigs.set(sym.decl, componentSignature(ctx, sym.decl, sym.file));
  }
  for (const file of ctx.files()) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Pipeline") collectPipeline(ctx, decl, file.path, componentSigs);
    }
  }
}

/** The type `ref` denotes (an `error` is recorded with its place, for `valid-type-references`). */
function resolveType(ctx: CheckContext, ref: TypeRef, file: string, slot: TypeSlot): Ty {
  const t = interpretType(ctx, ref, file, slot, undefined);
  if (t.kind === "error") ctx.typeErrors.push({ ref, file, slot });
  return t;
}

function collectGlobals(ctx: CheckContext): void {
  const { globals, visible } = ctx.analysis;
  const declaredIn = new Map<string, string[]>();
  for (const file of ctx.files()) {
    const names: string[] = [];
    declaredIn.set(file.path, names);
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Import") continue;
      const name = decl.name;
      if (globals.has(name.name)) {
        ctx.analysis.duplicatedGlobals.add(name.name);
        continue;
      }
      const kind = decl.kind === "Schema" ? "schema" : decl.kind === "Component" ? "component" : "pipeline";
      globals.set(name.name, { kind, name: name.name, decl, file: file.path } as GlobalSymbol);
      names.push(name.name);
    }
  }
  for (const file of ctx.files()) {
    const set = new Set(declaredIn.get(file.path));
    for (const imp of file.imports) for (const n of declaredIn.get(imp.path) ?? []) set.add(n);
    visible.set(file.path, set);
  }
}

function collectSchemas(ctx: CheckContext): void {
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind !== "schema") continue;
    const columns = new Map<string, ValueKind>();
    const seen = new Set<string>();
    for (const field of sym.decl.fields) {
      if (seen.has(field.name.name)) continue;
      seen.add(field.name.name);
      const t = resolveType(ctx, field.type, sym.file, "column");
      if (VALUE_KINDS.has(t.kind)) columns.set(field.name.name, t.kind as ValueKind);
    }
    ctx.analysis.schemaColumns.set(sym.name, columns);
  }
}

/**
 * Ports from `outputs {}` and `metrics {}` into the (empty) `outputs` and `metrics`: one
 * namespace, the first declaration of a name wins. (Indexed loops, no per-step closures or maps:
 * this runs for every step, and an iterator in cold code allocates per element.)
 */
function collectPorts(ctx: CheckContext, members: readonly StepMember[], file: string, outputs: Map<string, Port>, metrics: Map<string, Port>): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind !== "Outputs" && m.kind !== "Metrics") continue;
    const isOutput = m.kind === "Outputs";
    const entries = m.entries;
    for (let j = 0; j < entries.length; j++) addPort(ctx, entries[j]!, file, outputs, metrics, isOutput);
  }
}

function addPort(ctx: CheckContext, entry: TypedEntry, file: string, outputs: Map<string, Port>, metrics: Map<string, Port>, isOutput: boolean): void {
  const name = entry.name.name;
  if (outputs.has(name) || metrics.has(name)) return;
  (isOutput ? outputs : metrics).set(name, { name, type: resolveType(ctx, entry.type, file, isOutput ? "artifact" : "metric"), span: entry.name.span });
}

function componentSignature(ctx: CheckContext, decl: ComponentDecl, file: string): StepSignature {
  const params = new Map<string, Port>();
  for (const m of decl.members) {
    if (m.kind !== "Inputs") continue;
    for (const e of m.entries) {
      if (params.has(e.name.name)) continue;
      if (e.type === undefined) continue; // the parser requires a type here
      const type = resolveType(ctx, e.type, file, "any");
      ctx.analysis.declaredTypes.set(e.type, type);
      params.set(e.name.name, { name: e.name.name, type, span: e.name.span, ...(e.value !== undefined ? { default: e.value } : {}) });
    }
  }
  const outputs = new Map<string, Port>();
  const metrics = new Map<string, Port>();
  collectPorts(ctx, decl.members, file, outputs, metrics);
  return { form: "component", component: decl.name.name, componentDecl: decl, membersFile: file, members: decl.members, params, outputs, metrics };
}

function collectPipeline(ctx: CheckContext, decl: PipelineDecl, file: string, componentSigs: Map<ComponentDecl, StepSignature>): void {
  const scope: PipelineScope = { name: decl.name.name, decl, file, members: new Map(), metricIndex: new Map(), duplicated: new Set(), flat: flatPipelineMembers(decl) };
  ctx.analysis.pipelines.set(decl, scope);
  const members = scope.members;
  let index = 0;
  const stdSteps: { sym: Extract<MemberSymbol, { kind: "step" }>; builtin: string }[] = [];
  /** The step symbols in `members`, in order. */
  const steps: Extract<MemberSymbol, { kind: "step" }>[] = [];
  const decls = scope.flat;
  /** The sweep whose members are being declared, until the next pipeline member. */
  let sweep: SweepDecl | undefined;
  let sweepInfo: { members: string[] } | undefined;
  const sweeps: Extract<MemberSymbol, { kind: "sweep" }>[] = [];
  for (let i = 0; i < decls.length; i++) {
    const m = decls[i]!;
    if (sweep !== undefined && !sweep.members.includes(m as never)) sweep = undefined;
    let sym: MemberSymbol | undefined;
    switch (m.kind) {
      case "Param":
        sym = { kind: "param", name: m.name.name, decl: m, type: resolveType(ctx, m.type, file, "param") };
        break;
      case "Secret":
        sym = { kind: "secret", name: m.name.name, decl: m };
        break;
      case "Dataset":
        sym = { kind: "dataset", name: m.name.name, decl: m, type: resolveType(ctx, m.type, file, "artifact") };
        break;
      case "Step": {
        const s = stepSignature(ctx, m, file, componentSigs);
        // (two literals, not a spread of `{}`: copying properties in is a runtime call per step)
        sym = sweep
          ? { kind: "step", name: m.name.name, decl: m, sig: s.sig, index: index++, sweep: sweep.name.name }
          : { kind: "step", name: m.name.name, decl: m, sig: s.sig, index: index++ };
        if (s.builtin !== undefined) stdSteps.push({ sym, builtin: s.builtin });
        if (sweep) sweepInfo!.members.push(m.name.name);
        break;
      }
      case "Gate":
        sym = sweep ? { kind: "gate", name: m.name.name, decl: m, index: index++, sweep: sweep.name.name } : { kind: "gate", name: m.name.name, decl: m, index: index++ };
        if (sweep) sweepInfo!.members.push(m.name.name);
        break;
      case "Sweep": {
        sweep = m;
        const info: SweepInfo = { dims: new Map(), members: [], ...bestOf(m) };
        sweepInfo = info;
        // (numbered before its members; the graph puts the fan-in after them, as it needs them)
        sym = { kind: "sweep", name: m.name.name, decl: m, index: index++, info };
        sweeps.push(sym);
        break;
      }
      case "Deploy":
        sym = { kind: "deploy", name: m.env.name, decl: m, index: index++ };
        break;
      default:
        break;
    }
    if (sym === undefined) continue;
    if (members.has(sym.name)) {
      scope.duplicated.add(sym.name);
      continue;
    }
    members.set(sym.name, sym);
    if (sym.kind === "step") steps.push(sym);
  }
  for (const s of sweeps) {
    for (const d of s.decl.members) if (d.kind === "Over" && !s.info.dims.has(d.name.name)) s.info.dims.set(d.name.name, { decl: d, element: overElement(d.values, scope) });
  }
  // `std.*` per-column metrics need the table's schema, known from datasets and other steps' outputs.
  for (const { sym, builtin } of stdSteps) sym.sig = stdSignature(ctx, sym.decl, file, builtin, scope);
  for (let i = 0; i < steps.length; i++) {
    const sym = steps[i]!;
    for (const port of sym.sig.metrics.values()) {
      if (!scope.metricIndex.has(port.name)) scope.metricIndex.set(port.name, { step: sym.name, port });
    }
  }
}

function bestOf(s: SweepDecl): { best?: import("../syntax/ast.js").BestDecl } {
  const best = s.members.find((m) => m.kind === "Best");
  return best?.kind === "Best" ? { best } : {};
}

/**
 * The element type of an `over`'s values: a list literal's (int widening to float; `error` when
 * the items are not literals of one value type, which `valid-sweeps` reports), or a `list<T>`
 * param's `T`.
 */
function overElement(values: Expr, scope: PipelineScope): Ty {
  let e = values;
  while (e.kind === "Paren") e = e.expr;
  if (e.kind === "Ref" && e.path.length === 1) {
    const sym = scope.members.get(e.path[0]!.name);
    return sym?.kind === "param" && sym.type.kind === "list" && sym.type.element !== undefined ? sym.type.element : T_ERROR;
  }
  if (e.kind !== "List" || e.items.length === 0) return T_ERROR;
  let element: Ty | undefined;
  for (const item of e.items) {
    const t = literalType(item);
    if (t === undefined || !VALUE_KINDS.has(t.kind) || t.kind === "duration") return T_ERROR;
    if (element === undefined || element.kind === t.kind) element = t;
    else if ((element.kind === "int" || element.kind === "float") && (t.kind === "int" || t.kind === "float")) element = T_FLOAT;
    else return T_ERROR;
  }
  return element!;
}

const EMPTY_PORTS: ReadonlyMap<string, Port> = new Map();

function stepSignature(ctx: CheckContext, step: StepDecl, file: string, componentSigs: Map<ComponentDecl, StepSignature>): { sig: StepSignature; builtin?: string } {
  if (step.call === undefined) {
    const members = step.members ?? [];
    const outputs = new Map<string, Port>();
    const metrics = new Map<string, Port>();
    collectPorts(ctx, members, file, outputs, metrics);
    return { sig: { form: "body", membersFile: file, members, params: EMPTY_PORTS, outputs, metrics } };
  }
  const unresolved: StepSignature = { form: "component", unresolved: true, membersFile: file, members: [], params: EMPTY_PORTS, outputs: EMPTY_PORTS, metrics: EMPTY_PORTS };
  const callee = resolveCallee(ctx, step, file, undefined);
  switch (callee.kind) {
    case "builtin":
      return { sig: unresolved, builtin: callee.name };
    case "component":
      return { sig: componentSigs.get(callee.decl)! };
    default:
      return { sig: unresolved };
  }
}

/** A `std.*` step's signature; per-column metrics when the first `Table` argument's schema is known. */
function stdSignature(ctx: CheckContext, step: StepDecl, file: string, builtin: string, scope: PipelineScope): StepSignature {
  const b = STD_BUILTINS[builtin]!;
  const params = new Map<string, Port>();
  const span = step.call!.callee.span;
  for (const input of b.inputs) {
    params.set(input.name, {
      name: input.name,
      type: { kind: input.type } as Ty,
      span,
      ...(input.default !== undefined ? { builtinDefault: input.default } : {}),
    });
  }
  const outputs = new Map<string, Port>();
  for (const o of b.outputs) outputs.set(o.name, { name: o.name, type: { kind: o.type }, span });
  const metrics = new Map<string, Port>();
  for (const m of b.metrics) metrics.set(m.name, { name: m.name, type: { kind: m.type }, span });
  let columnsKnown = false;
  const firstTable = b.inputs.find((i) => i.type === "Table");
  const arg = firstTable === undefined ? undefined : step.call!.args.find((a) => a.name.name === firstTable.name);
  const schema = arg === undefined ? undefined : tableSchemaOf(arg.value, scope);
  const columns = schema === undefined ? undefined : ctx.analysis.schemaColumns.get(schema);
  if (columns !== undefined) {
    columnsKnown = true;
    for (const cm of b.columnMetrics) {
      for (const [col, type] of columns) {
        if (cm.numericOnly && type !== "int" && type !== "float") continue;
        const name = `${cm.prefix}_${col}`;
        if (!metrics.has(name)) metrics.set(name, { name, type: { kind: cm.type }, span });
      }
    }
  }
  return { form: "std", component: `std.${builtin}`, builtin, membersFile: file, members: [], params, outputs, metrics, columnsKnown };
}

/** The schema of a `Table<S>` reference to a dataset or a step output, when statically known. */
function tableSchemaOf(expr: Expr, scope: PipelineScope): string | undefined {
  let e = expr;
  while (e.kind === "Paren") e = e.expr;
  if (e.kind !== "Ref") return undefined;
  const first = scope.members.get(e.path[0]!.name);
  if (first === undefined) return undefined;
  let t: Ty | undefined;
  if (e.path.length === 2 && first.kind === "step") t = first.sig.outputs.get(e.path[1]!.name)?.type;
  if (e.path.length === 1 && first.kind === "dataset") t = first.type;
  return t?.kind === "Table" ? t.schema : undefined;
}
