/**
 * Every name refers to a declaration (language reference, "Names"): references in expressions
 * (`param`, `dataset`, `step.output`, `step.metric`, `deployed(ENV).metric`), `after` lists,
 * `secrets [..]` and `trigger on change(..)`. Unknown names get a "did you mean" suggestion;
 * a name of the wrong kind (a param in `after`, a dataset in `secrets`) is MLP3006.
 */
import type { DeployedExpr, Expr, Identifier, RefExpr, StepMember } from "../../syntax/ast.js";
import type { Span } from "../../source/span.js";
import type { CheckContext } from "../context.js";
import type { MemberSymbol, PipelineScope, Resolution } from "../program.js";
import { suggestionHelp } from "../suggest.js";
import { forEachRef, refText } from "../walk.js";
import type { CheckRule } from "../rule.js";

export const knownNames: CheckRule = {
  name: "known-names",
  phase: "names",
  codes: ["MLP2004", "MLP2007", "MLP2011", "MLP2017", "MLP2019", "MLP3006"],
  check: (ctx) => resolveNames(ctx),
};

type Kind = MemberSymbol["kind"];

const ARTICLE: Record<Kind, string> = { param: "a param", secret: "a secret", dataset: "a dataset", step: "a step", gate: "a gate", deploy: "a deploy", sweep: "a sweep" };

/** The sweep whose block holds the node being resolved: its dimensions are names there. */
type Within = Extract<MemberSymbol, { kind: "sweep" }> | undefined;

function withinOf(scope: PipelineScope, sym: { readonly sweep?: string }): Within {
  if (sym.sweep === undefined) return undefined;
  const s = scope.members.get(sym.sweep);
  return s?.kind === "sweep" ? s : undefined;
}

export function resolveNames(ctx: CheckContext): void {
  const reportedShared = new Set<Identifier>();
  for (const scope of ctx.scopes()) {
    for (const sym of scope.members.values()) {
      switch (sym.kind) {
        case "step": {
          const step = sym.decl;
          const within = withinOf(scope, sym);
          if (step.call !== undefined) {
            for (const arg of step.call.args) resolveExpr(ctx, scope, arg.value, within);
            // a component's `after` and `secrets` name members of the calling pipeline
            resolveMembers(ctx, scope, sym.sig.members, reportedShared, true, within);
          } else if (step.members !== undefined) {
            const members = step.members;
            for (let i = 0; i < members.length; i++) {
              const m = members[i]!;
              if (m.kind !== "Inputs") continue;
              for (let j = 0; j < m.entries.length; j++) {
                const value = m.entries[j]!.value;
                if (value !== undefined) resolveExpr(ctx, scope, value, within);
              }
            }
            resolveMembers(ctx, scope, members, reportedShared, false, within);
          }
          break;
        }
        case "gate": {
          const within = withinOf(scope, sym);
          for (const c of sym.decl.conditions) resolveExpr(ctx, scope, c, within);
          break;
        }
        case "sweep":
          for (const m of sym.decl.members) {
            // `over x: PARAM` names a param; `best max STEP.METRIC` a member's metric
            if (m.kind === "Over") resolveExpr(ctx, scope, m.values);
            if (m.kind === "Best") resolveExpr(ctx, scope, m.metric, sym);
          }
          break;
        case "deploy":
          for (const m of sym.decl.members) {
            if (m.kind === "DeployModel") resolveExpr(ctx, scope, m.ref);
            if (m.kind === "After") for (const n of m.names) resolveAfter(ctx, scope, m.not === true, n);
            // option strings may interpolate params and metrics (`"${version}"`)
            if (m.kind === "DeployTo") for (const kv of m.options) if (kv.value.kind === "String") resolveExpr(ctx, scope, kv.value);
            if (m.kind === "Secrets") resolveSecrets(ctx, scope, m.names, reportedShared, false);
          }
          break;
        default:
          break;
      }
    }
    for (const m of scope.decl.members) {
      if (m.kind === "ChangeTrigger") resolveName(ctx, scope, m.dataset, ["dataset"], "`trigger on change(…)`");
    }
  }
}

/** `after` and `secrets` of a step body or a called component. */
function resolveMembers(ctx: CheckContext, scope: PipelineScope, members: readonly StepMember[], reported: Set<Identifier>, shared: boolean, within?: Within): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind === "After") {
      for (const n of m.names) {
        if (shared && reported.has(n)) continue;
        if (!resolveAfter(ctx, scope, m.not === true, n, shared, within) && shared) reported.add(n);
      }
    }
    if (m.kind === "Secrets") resolveSecrets(ctx, scope, m.names, reported, shared);
  }
}

/** A name of `after` (a node), or of `after not` (a gate, not an assert). Returns whether it resolved. */
function resolveAfter(ctx: CheckContext, scope: PipelineScope, not: boolean, n: Identifier, shared = false, within?: Within): boolean {
  if (!not) return resolveName(ctx, scope, n, ["step", "gate", "deploy", "sweep"], "`after`", shared, within);
  if (!resolveName(ctx, scope, n, ["gate"], "`after not`", shared, within)) return false;
  const sym = scope.members.get(n.name);
  if (sym?.kind === "gate" && sym.decl.assert === true) {
    ctx.error("MLP3006", `\`${n.name}\` is an assert, but \`after not\` takes a gate`, n.span, {
      notes: ["an assert that does not hold fails the run, so nothing runs in its place"],
      help: [`to branch on the condition, declare it \`gate ${n.name} { … }\``],
    });
    return false;
  }
  return true;
}

/**
 * `secrets [..]` of a step, a called component or a deploy: each name a declared secret, none
 * listed twice (MLP2011). A component's list is checked once, not once per calling pipeline.
 */
function resolveSecrets(ctx: CheckContext, scope: PipelineScope, names: readonly Identifier[], reported: Set<Identifier>, shared: boolean): void {
  const seen = new Map<string, Identifier>();
  for (const n of names) {
    if (shared && reported.has(n)) continue;
    const first = seen.get(n.name);
    if (first !== undefined) {
      ctx.error("MLP2011", `secret \`${n.name}\` is listed twice in \`secrets [..]\``, n.span, {
        labels: [{ span: first.span, message: "first listed here" }],
        help: ["list each secret once"],
      });
      if (shared) reported.add(n);
      continue;
    }
    seen.set(n.name, n);
    if (!resolveName(ctx, scope, n, ["secret"], "`secrets [..]`", shared) && shared) reported.add(n);
  }
}

/**
 * Resolves a bare name that must be of one of `kinds`. Returns whether it resolved. Names in a
 * component body (`shared`) resolve per calling pipeline, so they are not recorded.
 */
function resolveName(ctx: CheckContext, scope: PipelineScope, id: Identifier, kinds: readonly Kind[], where: string, shared = false, within?: Within): boolean {
  const sym = scope.members.get(id.name);
  if (sym !== undefined && crossesSweep(ctx, sym, within, id.name, id.span)) return false;
  if (sym === undefined) {
    const candidates: string[] = [];
    for (const s of scope.members.values()) if (kinds.includes(s.kind)) candidates.push(s.name);
    const what = kinds.length === 1 ? kinds[0]! : "name";
    ctx.error("MLP2004", `unknown ${what} \`${id.name}\` in pipeline \`${scope.name}\``, id.span, {
      help: [
        ...suggestionHelp(id.name, candidates),
        ...(kinds.length === 1 && kinds[0] === "secret" ? [`declare it in the pipeline: \`secret ${id.name}\``] : []),
      ],
    });
    return false;
  }
  if (!kinds.includes(sym.kind)) {
    ctx.error("MLP3006", `\`${id.name}\` is ${ARTICLE[sym.kind]}, but ${where} takes ${orList(kinds.map((k) => ARTICLE[k]))}`, id.span);
    return false;
  }
  if (!shared) ctx.analysis.resolutions.set(id, resolutionOf(sym));
  return true;
}

/** `a, b or c`. */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function resolutionOf(sym: MemberSymbol): Resolution {
  return { kind: sym.kind, name: sym.name } as Resolution;
}

/**
 * A reference to a member step or gate of a sweep from outside its block (or from another
 * sweep's block): which point's would it be? MLP2019, with the spellings that say.
 */
function crossesSweep(ctx: CheckContext, sym: MemberSymbol, within: Within, text: string, span: Span): boolean {
  if ((sym.kind !== "step" && sym.kind !== "gate") || sym.sweep === undefined || sym.sweep === within?.name) return false;
  const sweep = sym.sweep;
  ctx.error("MLP2019", `\`${sym.name}\` is a ${sym.kind} of sweep \`${sweep}\`: it runs once per point, so \`${text}\` names no one value here`, span, {
    label: `inside sweep \`${sweep}\``,
    help:
      sym.kind === "step"
        ? [`read the best point's with \`${sweep}.${text}\`, or every point's output with \`collect(${sweep}.${text})\``, `to wait for every point, write \`after ${sweep}\``]
        : [`to wait for every point, write \`after ${sweep}\``],
  });
  return true;
}

/** Resolves every reference in an expression (`within`: the sweep whose block holds it). */
export function resolveExpr(ctx: CheckContext, scope: PipelineScope, expr: Expr, within?: Within): void {
  // the commonest expression, a bare reference: no walk
  if (expr.kind === "Ref") {
    resolveRef(ctx, scope, expr, within, false);
    return;
  }
  // (the parser refused trees deeper than MAX_EXPR_DEPTH, MLP3013: `src/syntax/expr-depth.ts`)
  forEachRef(expr, (node, inCollect) => {
    if (node.kind === "Ref") resolveRef(ctx, scope, node, within, inCollect);
    else resolveDeployed(ctx, scope, node);
  });
}

function resolveRef(ctx: CheckContext, scope: PipelineScope, ref: RefExpr, within: Within, inCollect: boolean): void {
  const head = ref.path[0]!;
  if (within !== undefined && ref.path.length === 1 && within.info.dims.has(head.name)) {
    ctx.analysis.resolutions.set(ref, { kind: "over", sweep: within.name, name: head.name });
    return;
  }
  const sym = scope.members.get(head.name);
  if (sym?.kind === "sweep" && ref.path.length > 1) {
    resolveSweepRef(ctx, scope, ref, sym, within, inCollect);
    return;
  }
  if (sym !== undefined && crossesSweep(ctx, sym, within, refText(ref), ref.span)) return;
  if (sym === undefined) {
    if (head.name === "std" && ref.path.length === 2) {
      ctx.error("MLP3006", `\`${refText(ref)}\` is a built-in component, not a value`, ref.span, {
        help: [`call it in a step: \`step NAME = ${refText(ref)}(…)\``],
      });
      return;
    }
    const global = ctx.analysis.globals.get(head.name);
    if (global !== undefined && (ctx.analysis.visible.get(scope.file)?.has(head.name) ?? false)) {
      ctx.error("MLP3006", `\`${head.name}\` is a ${global.kind}, not a value`, head.span, {
        ...(global.kind === "component" ? { help: [`call it in a step: \`step NAME = ${head.name}(…)\``] } : {}),
      });
      return;
    }
    ctx.error("MLP2004", `unknown name \`${head.name}\` in pipeline \`${scope.name}\``, head.span, {
      label: "not declared in this pipeline",
      help: suggestionHelp(head.name, scope.members.keys()),
    });
    return;
  }
  if (ref.path.length === 1) {
    ctx.analysis.resolutions.set(ref, resolutionOf(sym));
    return;
  }
  if (sym.kind !== "step") {
    ctx.error("MLP3006", `\`${head.name}\` is ${ARTICLE[sym.kind]}; only steps have outputs and metrics`, ref.span, {
      ...(sym.kind === "dataset" || sym.kind === "param" ? { help: [`write \`${head.name}\``] } : {}),
    });
    return;
  }
  const member = ref.path[1]!;
  if (ref.path.length > 2) {
    ctx.error("MLP3006", `\`${head.name}.${member.name}\` has no members`, ref.path[2]!.span, {
      help: [`write \`${head.name}.${member.name}\``],
    });
    return;
  }
  const sig = sym.sig;
  if (sig.unresolved === true) return; // the component was already reported unknown
  if (sig.outputs.has(member.name)) {
    ctx.analysis.resolutions.set(ref, { kind: "output", step: sym.name, output: member.name });
    return;
  }
  if (sig.metrics.has(member.name)) {
    ctx.analysis.resolutions.set(ref, { kind: "metric", step: sym.name, metric: member.name });
    return;
  }
  if (scope.duplicated.has(sym.name)) return; // it may be the other declaration's member
  const candidates = [...sig.outputs.keys(), ...sig.metrics.keys()];
  const notes: string[] = [];
  if (sig.form === "std" && sig.columnsKnown !== true) {
    notes.push(`per-column metrics of \`${sig.component}\` are only known when its table input has a declared schema (\`Table<Schema>\`)`);
  }
  notes.push(
    candidates.length === 0
      ? `step \`${sym.name}\` declares no outputs or metrics`
      : `step \`${sym.name}\` has ${candidates.slice(0, 8).map((c) => `\`${c}\``).join(", ")}${candidates.length > 8 ? ", …" : ""}`,
  );
  ctx.error("MLP2007", `step \`${sym.name}\` has no output or metric \`${member.name}\``, member.span, {
    label: "unknown output or metric",
    notes,
    help: suggestionHelp(member.name, candidates),
  });
}

/** `SWEEP.STEP.X` from outside the sweep's block: the best point's, or under `collect` every point's. */
function resolveSweepRef(ctx: CheckContext, scope: PipelineScope, ref: RefExpr, sweep: Extract<MemberSymbol, { kind: "sweep" }>, within: Within, inCollect: boolean): void {
  const text = refText(ref);
  if (within?.name === sweep.name) {
    ctx.error("MLP2019", `\`${text}\` reads sweep \`${sweep.name}\` from inside its own block`, ref.span, {
      notes: ["inside the block, a member's output or metric is the same point's"],
      help: [`write \`${ref.path.slice(1).map((p) => p.name).join(".")}\``],
    });
    return;
  }
  if (ref.path.length !== 3) {
    ctx.error("MLP3006", `\`${text}\` is not an output or metric of sweep \`${sweep.name}\``, ref.span, {
      help: [`name a member step's output or metric: \`${sweep.name}.STEP.NAME\``],
    });
    return;
  }
  const stepId = ref.path[1]!;
  const step = scope.members.get(stepId.name);
  if (step?.kind !== "step" || step.sweep !== sweep.name) {
    ctx.error("MLP2007", `sweep \`${sweep.name}\` has no step \`${stepId.name}\``, stepId.span, {
      label: "not a step of this sweep",
      help: suggestionHelp(stepId.name, sweep.info.members.filter((n) => scope.members.get(n)?.kind === "step")),
    });
    return;
  }
  const port = ref.path[2]!;
  const sig = step.sig;
  if (sig.unresolved === true) return;
  let res: Resolution;
  if (sig.outputs.has(port.name)) res = { kind: "sweepOutput", sweep: sweep.name, step: step.name, output: port.name };
  else if (sig.metrics.has(port.name)) res = { kind: "sweepMetric", sweep: sweep.name, step: step.name, metric: port.name };
  else {
    const candidates = [...sig.outputs.keys(), ...sig.metrics.keys()];
    ctx.error("MLP2007", `step \`${step.name}\` has no output or metric \`${port.name}\``, port.span, { label: "unknown output or metric", help: suggestionHelp(port.name, candidates) });
    return;
  }
  if (!inCollect && sweep.info.best === undefined) {
    ctx.error("MLP2017", `\`${text}\` is the best point's ${res.kind === "sweepOutput" ? "output" : "metric"}, but sweep \`${sweep.name}\` has no \`best\``, ref.span, {
      label: "which point's?",
      help: [`say how to choose the best point in the block: \`best max ${step.name}.METRIC\``, ...(res.kind === "sweepOutput" ? [`or read every point's: \`collect(${text})\``] : [])],
    });
    return;
  }
  ctx.analysis.resolutions.set(ref, res);
}

/**
 * The pipeline whose registry `deployed(ENV[, from: P])` reads: this one, or `P`, a pipeline this
 * file declares or imports. Undefined (after reporting) when `P` is unknown.
 */
export function deployedScope(ctx: CheckContext, scope: PipelineScope, node: DeployedExpr, report = true): PipelineScope | undefined {
  if (node.from === undefined) return scope;
  const name = node.from.name;
  const global = ctx.analysis.globals.get(name);
  const visible = ctx.analysis.visible.get(scope.file);
  if (global?.kind === "pipeline" && (visible?.has(name) ?? false)) return ctx.analysis.pipelines.get(global.decl);
  if (!report) return undefined;
  if (global !== undefined && (visible?.has(name) ?? false)) {
    ctx.error("MLP3006", `\`${name}\` is a ${global.kind}, but \`from:\` takes a pipeline`, node.from.span);
    return undefined;
  }
  const pipelines: string[] = [];
  for (const n of visible ?? []) if (ctx.analysis.globals.get(n)?.kind === "pipeline") pipelines.push(n);
  ctx.error("MLP2004", `unknown pipeline \`${name}\``, node.from.span, {
    notes: ["`deployed(ENV, from: PIPELINE)` reads the registry of a pipeline declared in this file or in a file it imports"],
    help: [...suggestionHelp(name, pipelines), ...(pipelines.length === 0 || suggestionHelp(name, pipelines).length === 0 ? [`import the file that declares it: \`import "….mlp"\``] : [])],
  });
  return undefined;
}

/** `deployed(ENV[, from: P]).NAME`: P a visible pipeline, ENV one of its deploys, NAME `model` or a metric it reports. */
function resolveDeployed(ctx: CheckContext, scope: PipelineScope, node: DeployedExpr): void {
  const target = deployedScope(ctx, scope, node);
  if (target === undefined) return;
  const env = target.members.get(node.env.name);
  if (env === undefined) {
    const deploys: string[] = [];
    for (const s of target.members.values()) if (s.kind === "deploy") deploys.push(s.name);
    ctx.error("MLP2004", `unknown environment \`${node.env.name}\` in pipeline \`${target.name}\``, node.env.span, {
      notes: [
        node.from === undefined
          ? "`deployed(ENV)` names an environment the pipeline deploys to with `deploy ENV { … }`"
          : `\`deployed(ENV, from: ${target.name})\` names an environment pipeline \`${target.name}\` deploys to with \`deploy ENV { … }\``,
      ],
      help: [
        ...suggestionHelp(node.env.name, deploys),
        ...(node.from === undefined && deploys.length === 0 ? ["to read what another pipeline deployed, write `deployed(ENV, from: PIPELINE)`"] : []),
      ],
    });
    return;
  }
  if (env.kind !== "deploy") {
    ctx.error("MLP3006", `\`${node.env.name}\` is ${ARTICLE[env.kind]}, but \`deployed(…)\` takes a deploy environment`, node.env.span);
    return;
  }
  if (node.metric.name === DEPLOYED_MODEL) return;
  if (!target.metricIndex.has(node.metric.name)) {
    ctx.error("MLP2007", `no step of pipeline \`${target.name}\` reports a metric \`${node.metric.name}\``, node.metric.span, {
      notes: ["`deployed(ENV).metric` reads a metric recorded when the model live in ENV was deployed; `deployed(ENV).model` is the model itself"],
      help: suggestionHelp(node.metric.name, [...target.metricIndex.keys(), DEPLOYED_MODEL]),
    });
  }
}

/** `deployed(ENV).model`: the model artifact itself, not a metric (a metric named `model` is shadowed). */
export const DEPLOYED_MODEL = "model";
