/**
 * Lowers a checked program to the IR (`mlp/v1`, see `ir.ts` and docs/ir.md): components are
 * expanded into steps, imports inlined, `std.*` calls marked `builtin`, paths made relative to
 * the entry file's directory with `/` (`root` places that directory in the repository), `run`
 * commands split into text and typed placeholders, every element given its origin. The output is
 * deterministic: fixed key order, topological orders with ties broken by declaration order,
 * sorted `needs`, no timestamps, and no absolute paths but those the source writes.
 */
import { BUILTIN_PLACEHOLDERS, STATUS_PLACEHOLDER } from "../check/rules/known-placeholders.js";
import { DEPLOYED_MODEL } from "../check/rules/known-names.js";
import { interpolates, interpolationParts } from "../check/interpolation.js";
import { optionForAlias, isDeployKind } from "../deploy/kinds.js";
import { posix } from "node:path";
import type { CheckedProgram, MemberSymbol, PipelineScope, Port, StepSignature } from "../check/program.js";
import { isArtifact, type Ty } from "../check/types.js";
import { unparen } from "../check/walk.js";
import type { Span } from "../source/span.js";
import type { AfterMember, Expr, KeyValue, StepDecl, StringLiteral } from "../syntax/ast.js";
import { printExpr } from "../syntax/print-expr.js";
import { lowerDeployTo } from "./deploy-to.js";
import {
  IR_VERSION,
  type IrBinding,
  type IrCommand,
  type IrCommandPart,
  type IrDataset,
  type IrDeploy,
  type IrSweep,
  type IrSweepBest,
  type IrSweepDimension,
  type IrDocument,
  type IrExpr,
  type IrTextPart,
  type IrGate,
  type IrInput,
  type IrMetric,
  type IrNodeRef,
  type IrOutput,
  type IrParam,
  type IrPipeline,
  type IrResources,
  type IrSchema,
  type IrStep,
  type IrTargetOptions,
  type IrTrigger,
  type IrType,
  type IrValue,
  type Origin,
} from "./ir.js";

export interface LowerOptions {
  /**
   * The current directory (absolute), against which relative loaded paths are read. With it, an
   * entry file and its imports relate the same way whatever their spelling (relative or
   * absolute), so the IR does not depend on where the compiler ran.
   */
  readonly cwd?: string;
  /**
   * The repository root (absolute; see `src/source/find-repo-root.ts`): `root` is the entry
   * file's directory relative to it. Without it, the current directory stands for the root (and
   * without either, a relative entry path is read as relative to the root, an absolute one as
   * being at the root).
   */
  readonly repoRoot?: string;
}

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// The placeholders every step has, as the checker defines them (`${metrics}`, `${run_id}`, `${workdir}`).
const BUILTINS: ReadonlySet<string> = new Set([...BUILTIN_PLACEHOLDERS, STATUS_PLACEHOLDER]);

/** Lowers every pipeline of the entry file. */
export function lowerProgram(checked: CheckedProgram, options: LowerOptions = {}): IrDocument {
  const entry = checked.program.entry;
  const entryDir = posix.dirname(entry);
  const cwd = options.cwd === undefined ? undefined : slashes(options.cwd);
  const lowerer = new Lowerer(checked, entryDir, cwd);
  const pipelines: IrPipeline[] = [];
  for (const scope of checked.pipelines.values()) {
    if (scope.file !== entry) continue;
    pipelines.push(lowerer.pipeline(scope));
  }
  return {
    ir: IR_VERSION,
    source: posix.basename(entry),
    root: irRoot(entryDir, cwd, options.repoRoot === undefined ? cwd : slashes(options.repoRoot)),
    schemas: lowerer.schemas(),
    pipelines,
  };
}

/** The entry directory relative to the repository root, `/`-separated, `.` at the root. */
function irRoot(entryDir: string, cwd: string | undefined, repoRoot: string | undefined): string {
  if (repoRoot !== undefined && (cwd !== undefined || posix.isAbsolute(entryDir))) {
    return posix.relative(repoRoot, cwd === undefined ? entryDir : posix.resolve(cwd, entryDir)) || ".";
  }
  return posix.isAbsolute(entryDir) ? "." : posix.normalize(entryDir);
}

function slashes(path: string): string {
  return path.replace(/\\/g, "/");
}

/** What a step's members lower to (everything but its name, inputs and edges). */
interface StepFields {
  description?: string;
  workingDir: string;
  image?: string;
  run?: IrCommand;
  outputs: IrOutput[];
  metrics: IrMetric[];
  code: string[];
  env: Record<string, string>;
  secrets: string[];
  resources: IrResources;
  retry: number;
  timeoutSeconds?: number;
  cache: boolean;
}

class Lowerer {
  private readonly usedSchemas = new Set<string>();
  private readonly fieldsCache = new Map<StepSignature, StepFields>();
  /** `relative()` results by path: `posix.relative` resolves against the cwd on every call. */
  private readonly relativeCache = new Map<string, string>();
  private lastPath: string | undefined;
  private lastRelative = "";
  /** `dir()` results by file. */
  private readonly dirCache = new Map<string, string>();
  /** `path()` results by file and written path: the same `code "…"` recurs on many steps. */
  private readonly pathCache = new Map<string, Map<string, string>>();
  /**
   * IR types, one object per distinct type of this document (they are read-only): a 10,000-step
   * pipeline would otherwise allocate one per input, output, metric and expression.
   */
  private readonly types = new Map<string, IrType>();
  private readonly tableTypes = new Map<string, IrType>();

  constructor(
    private readonly checked: CheckedProgram,
    /** The entry file's directory, as loaded (every relative path is made relative to it). */
    private readonly entryDir: string,
    /** The current directory, when known: loaded paths are compared as absolute paths then. */
    private readonly cwd?: string,
  ) {}

  schemas(): Record<string, IrSchema> {
    const out: Record<string, IrSchema> = {};
    for (const name of [...this.usedSchemas].sort()) {
      const sym = this.checked.globals.get(name);
      if (sym?.kind !== "schema") continue;
      const columns = this.checked.schemaColumns.get(name) ?? new Map();
      out[name] = {
        name,
        columns: [...columns].map(([column, type]) => ({ name: column, type })),
        origin: this.origin(sym.decl.name.span),
      };
    }
    return out;
  }

  pipeline(scope: PipelineScope): IrPipeline {
    const graph = this.checked.graphs.get(scope.decl)!;
    let description: string | undefined;
    let schedule: IrPipeline["schedule"];
    const triggers: IrTrigger[] = [];
    const params: IrParam[] = [];
    const secrets: IrPipeline["secrets"][number][] = [];
    const datasets: IrDataset[] = [];
    const targets: Record<string, IrTargetOptions> = {};
    for (const m of scope.decl.members) {
      switch (m.kind) {
        case "Description":
          description = text(m.text);
          break;
        case "Schedule":
          schedule = { cron: m.cron.value.trim(), origin: this.origin(m.span) };
          break;
        case "ChangeTrigger":
          triggers.push({ kind: "change", dataset: m.dataset.name, origin: this.origin(m.span) });
          break;
        case "PushTrigger":
          triggers.push({ kind: "push", paths: m.globs.map(text), origin: this.origin(m.span) });
          break;
        case "PullRequestTrigger":
          triggers.push({ kind: "pull_request", paths: m.globs.map(text), origin: this.origin(m.span) });
          break;
        case "Param": {
          const sym = scope.members.get(m.name.name);
          if (sym?.kind !== "param") break;
          params.push({
            name: m.name.name,
            type: this.type(sym.type),
            ...(m.default !== undefined ? { default: literalValue(m.default) } : {}),
            origin: this.origin(m.name.span),
          });
          break;
        }
        case "Secret":
          secrets.push({ name: m.name.name, origin: this.origin(m.name.span) });
          break;
        case "Dataset": {
          const sym = scope.members.get(m.name.name);
          if (sym?.kind !== "dataset") break;
          datasets.push({ name: m.name.name, type: this.type(sym.type), uri: this.uri(text(m.uri), scope.file), origin: this.origin(m.name.span) });
          break;
        }
        case "Target":
          targets[m.name.name] = { options: options(m.options), origin: this.origin(m.name.span) };
          break;
        default:
          break;
      }
    }
    const steps: IrStep[] = [];
    const gates: IrGate[] = [];
    const deploys: IrDeploy[] = [];
    const sweeps: IrSweep[] = [];
    const graphOrder = graph.order ?? [];
    const order = finallyLast(scope, graphOrder);
    const orderRefs: IrNodeRef[] = [];
    // by position when the graph offers it (no lookups by name), else by name
    const positions = graph.orderPositions;
    const needsAt = graph.needsAt;
    const afterAt = graph.afterAt;
    // (positions are the graph's order's: moving `finally` steps to the end means lookups by name)
    const byPosition = order === graphOrder && positions !== undefined && needsAt !== undefined && afterAt !== undefined;
    for (let k = 0; k < order.length; k++) {
      const name = order[k]!;
      const sym = scope.members.get(name)!;
      const needs = byPosition ? needsAt[positions[k]!] : graph.needs.get(name);
      const after = byPosition ? afterAt[positions[k]!] : graph.after.get(name);
      if (sym.kind === "step") {
        const step = this.step(scope, sym, needs, after);
        steps.push(sym.sweep === undefined ? withControlFlow(step, sym.decl) : { ...step, sweep: sym.sweep });
      } else if (sym.kind === "gate") gates.push(this.gate(scope, sym, needs));
      else if (sym.kind === "deploy") deploys.push(this.deploy(scope, sym, needs, after));
      else if (sym.kind === "sweep") sweeps.push(this.sweep(scope, sym, needs, order));
      orderRefs.push({ kind: sym.kind as IrNodeRef["kind"], name });
    }
    return {
      name: scope.name,
      ...(description !== undefined ? { description } : {}),
      origin: this.origin(scope.decl.name.span),
      ...(schedule !== undefined ? { schedule } : {}),
      triggers,
      params,
      secrets,
      datasets,
      steps,
      gates,
      deploys,
      ...(sweeps.length > 0 ? { sweeps } : {}),
      order: orderRefs,
      targets,
    };
  }

  private step(scope: PipelineScope, sym: Extract<MemberSymbol, { kind: "step" }>, needs: readonly string[] | undefined, after: readonly string[] | undefined): IrStep {
    const sig = sym.sig;
    const inputs = sig.form === "body" ? this.bodyInputs(scope, sym.decl) : this.callInputs(scope, sym.decl, sig);
    const f = this.fields(sig, inputs);
    if (f.description === undefined && sig.builtin === undefined && f.image !== undefined && f.run !== undefined) {
      // The common shapes as whole literals: V8 builds one from a template, where adding 20 keys
      // one by one regrows the object's property store several times (measured ~10x slower).
      const name = sym.name;
      const origin = this.origin(sym.decl.name.span);
      const { workingDir, image, run, outputs, metrics, code, env, secrets, resources, retry, timeoutSeconds, cache } = f;
      const n = needs ?? [];
      const a = after ?? [];
      const component = sig.component;
      if (component === undefined) {
        return timeoutSeconds === undefined
          ? { name, origin, workingDir, image, run, inputs, outputs, metrics, code, env, secrets, resources, retry, cache, needs: n, after: a }
          : { name, origin, workingDir, image, run, inputs, outputs, metrics, code, env, secrets, resources, retry, timeoutSeconds, cache, needs: n, after: a };
      }
      return timeoutSeconds === undefined
        ? { name, origin, component, workingDir, image, run, inputs, outputs, metrics, code, env, secrets, resources, retry, cache, needs: n, after: a }
        : { name, origin, component, workingDir, image, run, inputs, outputs, metrics, code, env, secrets, resources, retry, timeoutSeconds, cache, needs: n, after: a };
    }
    // Any other shape key by key, in the IR's documented key order (JSON output depends on it).
    const out: { -readonly [K in keyof IrStep]?: IrStep[K] } = { name: sym.name };
    if (f.description !== undefined) out.description = f.description;
    out.origin = this.origin(sym.decl.name.span);
    if (sig.component !== undefined) out.component = sig.component;
    if (sig.builtin !== undefined) out.builtin = sig.builtin;
    out.workingDir = f.workingDir;
    if (f.image !== undefined) out.image = f.image;
    if (f.run !== undefined) out.run = f.run;
    out.inputs = inputs;
    out.outputs = f.outputs;
    out.metrics = f.metrics;
    out.code = f.code;
    out.env = f.env;
    out.secrets = f.secrets;
    out.resources = f.resources;
    out.retry = f.retry;
    if (f.timeoutSeconds !== undefined) out.timeoutSeconds = f.timeoutSeconds;
    out.cache = f.cache;
    out.needs = needs ?? [];
    out.after = after ?? [];
    return out as IrStep;
  }

  /**
   * The parts of a step that come from its members. A component's are the same for every call,
   * so they are computed once per component and shared (the IR is read-only).
   */
  private fields(sig: StepSignature, inputs: readonly IrInput[]): StepFields {
    const shared = sig.form === "component";
    if (shared) {
      const known = this.fieldsCache.get(sig);
      if (known !== undefined) return known;
    }
    // Arrays are allocated at their final size throughout: an array grown by `push` from `[]`
    // keeps room for 16 elements, which for 10,000 steps is megabytes of empty slots.
    const outputs = new Array<IrOutput>(sig.outputs.size);
    let k = 0;
    for (const p of sig.outputs.values()) outputs[k++] = { name: p.name, type: this.type(p.type) };
    const metrics = new Array<IrMetric>(sig.metrics.size);
    k = 0;
    for (const p of sig.metrics.values()) metrics[k++] = { name: p.name, type: this.metricType(p.type) };
    // every key from the start (the optional ones undefined), so that setting them adds none
    const f: StepFields = {
      description: undefined,
      workingDir: this.dir(sig.membersFile),
      image: undefined,
      run: undefined,
      outputs,
      metrics,
      code: NO_CODE,
      env: NO_ENV,
      secrets: NO_SECRETS,
      resources: NO_RESOURCES,
      retry: 0,
      timeoutSeconds: undefined,
      cache: true,
    };
    const members = sig.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      switch (m.kind) {
        case "Description":
          f.description = text(m.text);
          break;
        case "Image":
          f.image = text(m.image);
          break;
        case "Run":
          // a component's placeholders name its declared inputs; a body's, the inputs it binds
          f.run = command(m.command, shared ? sig.params : undefined, inputs, sig.outputs);
          break;
        case "Code": {
          const code = new Array<string>(m.paths.length);
          for (let i = 0; i < m.paths.length; i++) code[i] = this.path(text(m.paths[i]!), sig.membersFile);
          f.code = f.code.length === 0 ? code : [...f.code, ...code];
          break;
        }
        case "Env":
          if (f.env === NO_ENV) f.env = {};
          for (const kv of m.entries) f.env[kv.key.name] = String(literalValue(kv.value));
          break;
        case "Secrets":
          if (f.secrets === NO_SECRETS) f.secrets = [];
          for (const n of m.names) if (!f.secrets.includes(n.name)) f.secrets.push(n.name);
          break;
        case "Resources":
          f.resources = lowerResources(m.entries);
          break;
        case "Retry":
          f.retry = Number(literalValue(m.count));
          break;
        case "Timeout":
          f.timeoutSeconds = Number(literalValue(m.duration));
          break;
        case "Cache":
          f.cache = m.enabled;
          break;
        default:
          break;
      }
    }
    if (shared) this.fieldsCache.set(sig, f);
    return f;
  }

  private bodyInputs(scope: PipelineScope, step: StepDecl): IrInput[] {
    const members = step.members ?? [];
    let n = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind === "Inputs") for (let j = 0; j < m.entries.length; j++) if (m.entries[j]!.value !== undefined) n++;
    }
    const out = new Array<IrInput>(n);
    n = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind !== "Inputs") continue;
      for (let j = 0; j < m.entries.length; j++) {
        const e = m.entries[j]!;
        if (e.value === undefined) continue;
        const t = this.checked.types.get(e.value) ?? { kind: "error" };
        out[n++] = { name: e.name.name, type: this.type(t), binding: this.binding(scope, e.value) };
      }
    }
    return out;
  }

  /** Component and built-in inputs in declaration order; defaults fill in missing arguments. */
  private callInputs(scope: PipelineScope, step: StepDecl, sig: StepSignature): IrInput[] {
    const args = new Map((step.call?.args ?? []).map((a) => [a.name.name, a.value]));
    const out: IrInput[] = [];
    for (const port of sig.params.values()) {
      const arg = args.get(port.name);
      if (arg !== undefined) {
        const argType = this.checked.types.get(arg) ?? port.type;
        // an artifact keeps the argument's (narrower) type; a value takes the declared type
        const t = isArtifact(argType) ? argType : port.type;
        out.push({ name: port.name, type: this.type(t), binding: this.binding(scope, arg) });
      } else {
        const value = defaultValue(port);
        if (value === undefined) continue;
        out.push({ name: port.name, type: this.type(port.type), binding: { kind: "literal", value } });
      }
    }
    return out;
  }

  private binding(scope: PipelineScope, expr: Expr): IrBinding {
    const e = unparen(expr);
    if (e.kind === "Ref") {
      const res = this.checked.resolutions.get(e);
      if (res?.kind === "dataset") return { kind: "dataset", dataset: res.name };
      if (res?.kind === "output") return { kind: "output", step: res.step, output: res.output };
      if (res?.kind === "param") return { kind: "param", param: res.name };
      if (res?.kind === "over") return { kind: "over", name: res.name };
      if (res?.kind === "sweepOutput") return { kind: "best", sweep: res.sweep, step: res.step, output: res.output };
    }
    if (e.kind === "Collect") {
      const operand = unparen(e.operand);
      const res = operand.kind === "Ref" ? this.checked.resolutions.get(operand) : undefined;
      if (res?.kind === "sweepOutput") return { kind: "collect", sweep: res.sweep, step: res.step, output: res.output };
    }
    const model = deployedModel(e);
    if (model !== undefined) return { kind: "deployed", env: model.env.name, ...(model.from !== undefined ? { pipeline: model.from.name } : {}) };
    if (e.kind === "Binary" && e.op === "??") {
      const left = deployedModel(unparen(e.left));
      if (left !== undefined) {
        const fallback = this.binding(scope, e.right);
        return { kind: "deployed", env: left.env.name, ...(left.from !== undefined ? { pipeline: left.from.name } : {}), fallback };
      }
    }
    if (isLiteral(e)) return { kind: "literal", value: literalValue(e) };
    return { kind: "expr", expr: this.expr(scope, expr) };
  }

  private gate(scope: PipelineScope, sym: Extract<MemberSymbol, { kind: "gate" }>, needs: readonly string[] | undefined): IrGate {
    return {
      name: sym.name,
      origin: this.origin(sym.decl.name.span),
      ...(sym.decl.assert === true ? { assert: true as const } : {}),
      conditions: sym.decl.conditions.map((c) => ({
        expr: this.expr(scope, c),
        // printed from the tree, not sliced from the source: `mlp fmt` must not change the IR
        text: printExpr(c, (span) => this.sourceText(span)),
        origin: this.origin(c.span),
      })),
      needs: needs ?? [],
      ...(sym.sweep !== undefined ? { sweep: sym.sweep } : {}),
    };
  }

  /** A sweep: its dimensions, its members in `order`'s order, `best`, and the members it needs. */
  private sweep(scope: PipelineScope, sym: Extract<MemberSymbol, { kind: "sweep" }>, needs: readonly string[] | undefined, order: readonly string[]): IrSweep {
    const over: IrSweepDimension[] = [];
    for (const [name, dim] of sym.info.dims) {
      const values = unparen(dim.decl.values);
      const res = values.kind === "Ref" ? this.checked.resolutions.get(values) : undefined;
      over.push({
        name,
        type: this.type(dim.element),
        values: res?.kind === "param" ? { kind: "param", param: res.name } : { kind: "literal", values: literalValue(values) as IrValue[] },
        origin: this.origin(dim.decl.name.span),
      });
    }
    const members = new Set(sym.info.members);
    let best: IrSweepBest | undefined;
    if (sym.info.best !== undefined) {
      const ref = unparen(sym.info.best.metric);
      const res = ref.kind === "Ref" ? this.checked.resolutions.get(ref) : undefined;
      if (res?.kind === "metric")
        best = { direction: sym.info.best.direction.name as IrSweepBest["direction"], step: res.step, metric: res.metric, origin: this.origin(sym.info.best.span) };
    }
    void scope;
    return {
      name: sym.name,
      origin: this.origin(sym.decl.name.span),
      over,
      members: order.filter((n) => members.has(n)),
      ...(best !== undefined ? { best } : {}),
      needs: needs ?? [],
    };
  }

  private deploy(scope: PipelineScope, sym: Extract<MemberSymbol, { kind: "deploy" }>, needs: readonly string[] | undefined, after: readonly string[] | undefined): IrDeploy {
    let model: IrDeploy["model"] = { step: "", output: "" };
    let approval = false;
    let to: IrDeploy["to"] = { kind: "local", options: {} };
    const secrets: string[] = [];
    const optionExprs: Record<string, IrExpr> = {};
    for (const m of sym.decl.members) {
      if (m.kind === "DeployModel") {
        const ref = unparen(m.ref);
        const res = ref.kind === "Ref" ? this.checked.resolutions.get(ref) : undefined;
        if (res?.kind === "output") model = { step: res.step, output: res.output };
        if (res?.kind === "sweepOutput") model = { step: res.step, output: res.output, sweep: res.sweep };
      } else if (m.kind === "Approval") approval = true;
      else if (m.kind === "DeployTo") {
        to = lowerDeployTo(m.target.name, options(m.options));
        // options that interpolate are computed when the deploy runs, under their lowered names
        for (const kv of m.options) {
          if (kv.value.kind !== "String" || !interpolates(kv.value)) continue;
          const kind = m.target.name;
          optionExprs[(isDeployKind(kind) ? optionForAlias(kind, kv.key.name) : undefined) ?? kv.key.name] = this.expr(scope, kv.value);
        }
      } else if (m.kind === "Secrets") for (const n of m.names) if (!secrets.includes(n.name)) secrets.push(n.name);
    }
    const not = afterNotNames(sym.decl.members);
    return {
      name: sym.name,
      origin: this.origin(sym.decl.env.span),
      model,
      approval,
      to,
      ...(secrets.length > 0 ? { secrets } : {}),
      needs: needs ?? [],
      after: not.length > 0 ? (after ?? []).filter((a) => !not.includes(a)) : (after ?? []),
      ...(not.length > 0 ? { afterNot: not } : {}),
      ...(Object.keys(optionExprs).length > 0 ? { optionExprs } : {}),
    };
  }

  /** An expression with its checked types; `-literal` is folded. */
  private expr(scope: PipelineScope, expr: Expr): IrExpr {
    const e = unparen(expr);
    const t = this.type(this.checked.types.get(e) ?? this.checked.types.get(expr) ?? { kind: "error" });
    switch (e.kind) {
      case "Ref": {
        const res = this.checked.resolutions.get(e);
        if (res?.kind === "param") return { kind: "param", type: t, name: res.name };
        if (res?.kind === "metric") return { kind: "metric", type: t, step: res.step, metric: res.metric };
        if (res?.kind === "sweepMetric") return { kind: "best", type: t, sweep: res.sweep, step: res.step, metric: res.metric };
        if (res?.kind === "over") return { kind: "over", type: t, name: res.name };
        break;
      }
      case "Deployed":
        return { kind: "deployed", type: t, env: e.env.name, metric: e.metric.name, ...(e.from !== undefined ? { pipeline: e.from.name } : {}) };
      case "String":
        if (!interpolates(e)) break;
        return {
          kind: "interpolate",
          type: t,
          parts: interpolationParts(e).map((p): IrTextPart => (p.kind === "text" ? { kind: "text", text: p.text } : { kind: "expr", expr: this.expr(scope, p.ref) })),
        };
      case "Binary":
        return { kind: "binary", type: t, op: e.op, left: this.expr(scope, e.left), right: this.expr(scope, e.right) };
      case "Unary":
        if (isLiteral(e)) return { kind: "literal", type: t, value: literalValue(e) };
        return { kind: "unary", type: t, op: e.op, operand: this.expr(scope, e.operand) };
      default:
        break;
    }
    return { kind: "literal", type: t, value: literalValue(e) };
  }

  /** A metric's type (`int`, `float` or `bool`), shared like `type`. */
  private metricType(t: Ty): IrMetric["type"] {
    const kind = t.kind as IrMetric["type"]["kind"];
    if (kind !== "int" && kind !== "float" && kind !== "bool") return { kind };
    // a metric is never optional: its type is the plain value type
    let ir = this.types.get(kind);
    if (ir === undefined) {
      ir = { kind };
      this.types.set(kind, ir);
    }
    return ir as IrMetric["type"];
  }

  /** The IR form of `t`; equal types share one (read-only) object within the document. */
  private type(t: Ty): IrType {
    if (t.kind === "Table" && t.schema !== undefined) {
      let ir = this.tableTypes.get(t.schema);
      if (ir === undefined) {
        this.usedSchemas.add(t.schema);
        ir = { kind: "Table", schema: t.schema };
        this.tableTypes.set(t.schema, ir);
      }
      return ir;
    }
    if (t.kind === "list") return { kind: "list", element: t.element === undefined ? { kind: "string" } : this.type(t.element) };
    const optional = (t.kind === "int" || t.kind === "float" || t.kind === "string" || t.kind === "bool" || t.kind === "duration") && t.optional === true;
    const key = optional ? `${t.kind}?` : t.kind;
    let ir = this.types.get(key);
    if (ir === undefined) {
      ir = newType(t);
      this.types.set(key, ir);
    }
    return ir;
  }

  private origin(span: Span): Origin {
    return { file: this.relative(span.file), start: span.start, end: span.end };
  }

  /** `path` (normalised, relative to the current directory) relative to the entry's directory. */
  private relative(path: string): string {
    // consecutive calls are nearly always for the same file
    if (path === this.lastPath) return this.lastRelative;
    let r = this.relativeCache.get(path);
    if (r === undefined) {
      r =
        (this.cwd === undefined
          ? posix.relative(this.entryDir === "." ? "" : this.entryDir, path)
          : posix.relative(posix.resolve(this.cwd, this.entryDir), posix.resolve(this.cwd, path))) || ".";
      this.relativeCache.set(path, r);
    }
    this.lastPath = path;
    this.lastRelative = r;
    return r;
  }

  /** The directory of `file`, relative to the root. */
  private dir(file: string): string {
    let d = this.dirCache.get(file);
    if (d === undefined) {
      d = this.relative(posix.dirname(file));
      this.dirCache.set(file, d);
    }
    return d;
  }

  /** A relative path written in `file`, made relative to the root. */
  private path(p: string, file: string): string {
    let byPath = this.pathCache.get(file);
    if (byPath === undefined) {
      byPath = new Map();
      this.pathCache.set(file, byPath);
    }
    let r = byPath.get(p);
    if (r === undefined) {
      r = posix.isAbsolute(p) ? p : posix.normalize(posix.join(this.dir(file), p));
      byPath.set(p, r);
    }
    return r;
  }

  private uri(u: string, file: string): string {
    return URI_SCHEME.test(u) ? u : this.path(u, file);
  }

  private sourceText(span: Span): string {
    const f = this.checked.program.files.get(span.file);
    return f === undefined ? "" : f.text.slice(span.start.offset, span.end.offset);
  }
}

// What a step without `code`, `env`, `secrets` or `resources` has: one frozen object each,
// shared by every such step (the IR is read-only; 10,000 steps would otherwise allocate 40,000).
const NO_CODE: string[] = Object.freeze([]) as unknown as string[];
const NO_ENV: Record<string, string> = Object.freeze({});
const NO_SECRETS: string[] = Object.freeze([]) as unknown as string[];
const NO_RESOURCES: IrResources = Object.freeze({});

/** A fresh IR type for `t` (see `Lowerer.type`, which shares them). */
function newType(t: Ty): IrType {
  switch (t.kind) {
    case "Table":
      return { kind: "Table" };
    case "File":
    case "Dir":
    case "Model":
      return { kind: t.kind };
    case "int":
    case "float":
    case "string":
    case "bool":
    case "duration":
      return t.optional === true ? { kind: t.kind, optional: true } : { kind: t.kind };
    default:
      // quantities, lists and errors never reach a checked, bindable position
      return { kind: "string" };
  }
}

/** The text of a string outside `run`: `$$` is `$`, placeholders are kept as written. */
function text(s: StringLiteral): string {
  const parts = s.parts;
  // the common case, a string without placeholders: its one part as is
  if (parts.length === 1 && parts[0]!.kind === "text") return parts[0]!.value;
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out += p.kind === "text" ? p.value : "${" + p.name + "}";
  }
  return out;
}

/** Whether `inputs` has one named `name` (a step has a handful: a scan beats building a set). */
function hasInput(inputs: readonly IrInput[], name: string): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.name === name) return true;
  return false;
}

/** A `run` string as an IR command; a placeholder is an input when it is in `params` (if given), else in `inputs`. */
function command(s: StringLiteral, params: ReadonlyMap<string, unknown> | undefined, inputs: readonly IrInput[], outputs: ReadonlyMap<string, unknown>): IrCommand {
  // first the kind of each IR part (runs of text merge into one), to allocate `parts` at its size
  const sp = s.parts;
  let n = 0;
  let prevText = false;
  for (let i = 0; i < sp.length; i++) {
    const p = sp[i]!;
    const kind = partKind(p, params, inputs, outputs);
    if (kind === undefined) continue;
    if (kind !== "text" || !prevText) n++;
    prevText = kind === "text";
  }
  const parts = new Array<IrCommandPart>(n);
  n = 0;
  for (let i = 0; i < sp.length; i++) {
    const p = sp[i]!;
    const kind = partKind(p, params, inputs, outputs);
    if (kind === undefined) continue;
    if (kind === "text") {
      const value = (p as { value: string }).value;
      const last = n > 0 ? parts[n - 1] : undefined;
      if (last?.kind === "text") parts[n - 1] = { kind: "text", text: last.text + value };
      else parts[n++] = { kind: "text", text: value };
    } else parts[n++] = { kind, name: (p as { name: string }).name } as IrCommandPart;
  }
  return { template: s.value, parts };
}

/** What a part of a `run` string lowers to; undefined for a placeholder that names nothing (the checker rejects those). */
function partKind(
  p: StringLiteral["parts"][number],
  params: ReadonlyMap<string, unknown> | undefined,
  inputs: readonly IrInput[],
  outputs: ReadonlyMap<string, unknown>,
): IrCommandPart["kind"] | undefined {
  if (p.kind === "text") return "text";
  if (params !== undefined ? params.has(p.name) : hasInput(inputs, p.name)) return "input";
  if (outputs.has(p.name)) return "output";
  if (BUILTINS.has(p.name)) return "builtin";
  return undefined;
}

function isLiteral(e: Expr): boolean {
  const u = unparen(e);
  switch (u.kind) {
    case "String":
      return !interpolates(u);
    case "Number":
    case "Duration":
    case "Quantity":
    case "Bool":
      return true;
    case "List":
      return u.items.every(isLiteral);
    case "Unary":
      return u.op === "-" && (unparen(u.operand).kind === "Number" || unparen(u.operand).kind === "Duration");
    default:
      return false;
  }
}

/** The value of a literal: durations in seconds, quantities as written (`"4Gi"`). */
function literalValue(expr: Expr): IrValue {
  const e = unparen(expr);
  switch (e.kind) {
    case "Number":
      return e.value;
    case "Duration":
      return e.seconds;
    case "Quantity":
      return e.raw;
    case "String":
      return text(e);
    case "Bool":
      return e.value;
    case "List":
      return e.items.map(literalValue);
    case "Unary": {
      const v = literalValue(e.operand);
      return typeof v === "number" ? -v : v;
    }
    default:
      return "";
  }
}

function defaultValue(port: Port): IrValue | undefined {
  if (port.default !== undefined) return literalValue(port.default);
  return port.builtinDefault;
}

function options(entries: readonly KeyValue[]): Record<string, IrValue> {
  const out: Record<string, IrValue> = {};
  for (const kv of entries) out[kv.key.name] = literalValue(kv.value);
  return out;
}

function lowerResources(entries: readonly KeyValue[]): IrResources {
  let cpu: number | undefined;
  let memory: string | undefined;
  let gpu: number | undefined;
  for (const kv of entries) {
    const v = literalValue(kv.value);
    if (kv.key.name === "cpu") cpu = Number(v);
    if (kv.key.name === "memory") memory = String(v);
    if (kv.key.name === "gpu") gpu = Number(v);
  }
  return { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}), ...(gpu !== undefined ? { gpu } : {}) };
}

/** `deployed(ENV[, from: P]).model`, or undefined for any other expression. */
function deployedModel(e: Expr): Extract<Expr, { kind: "Deployed" }> | undefined {
  return e.kind === "Deployed" && e.metric.name === DEPLOYED_MODEL ? e : undefined;
}

/** The gates of `after not GATE` members. */
function afterNotNames(members: readonly { readonly kind: string }[]): string[] {
  let out: string[] | undefined;
  // indexed, and no array unless there is one: this runs for every step
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind === "After" && (m as AfterMember).not === true) for (const n of (m as AfterMember).names) if (!(out ??= []).includes(n.name)) out.push(n.name);
  }
  return out === undefined ? NO_NAMES : out.sort();
}

/** What `afterNotNames` returns without `after not` (callers only read it). */
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

/** A step with its `after not` gates moved from `after` to `afterNot`, and `finally` marked. */
function withControlFlow(step: IrStep, decl: StepDecl): IrStep {
  const not = afterNotNames(decl.members ?? []);
  if (not.length === 0 && decl.finally !== true) return step;
  return {
    ...step,
    after: step.after.filter((a) => !not.includes(a)),
    ...(not.length > 0 ? { afterNot: not } : {}),
    ...(decl.finally === true ? { finally: true as const } : {}),
  };
}

/** `order` with the `finally` steps moved to the end (they run after every other node). */
function finallyLast(scope: PipelineScope, order: readonly string[]): readonly string[] {
  let any = false;
  for (const m of scope.decl.members) if (m.kind === "Step" && m.finally === true) any = true;
  if (!any) return order;
  const isFinal = (n: string): boolean => {
    const sym = scope.members.get(n);
    return sym?.kind === "step" && sym.decl.finally === true;
  };
  return [...order.filter((n) => !isFinal(n)), ...order.filter(isFinal)];
}
