/**
 * The pipeline is a DAG and ships models (language reference, "Semantics"): a cycle is MLP4001
 * with its full path and a label on every edge; a deploy's `model` must be a `Model` output
 * (MLP4002); an output nobody reads, on a step whose other outputs are read, is MLP4003 (warning).
 */
import type { CheckContext } from "../context.js";
import { buildPipelineGraph, type PipelineGraph } from "../graph.js";
import type { MemberSymbol, PipelineScope } from "../program.js";
import { showType } from "../types.js";
import { unparen } from "../walk.js";
import type { DeployDecl, PipelineDecl } from "../../syntax/ast.js";

export function checkGraph(ctx: CheckContext, graphs: Map<PipelineDecl, PipelineGraph>): void {
  for (const scope of ctx.scopes()) {
    const g = buildPipelineGraph(ctx.analysis, scope);
    graphs.set(scope.decl, g);
    reportCycles(ctx, scope, g);
    // one walk over the members for both checks (their diagnostics have different codes, so
    // the sorted output does not depend on which is reported first)
    for (const sym of scope.members.values()) {
      if (sym.kind === "deploy") checkDeployModel(ctx, scope, sym.decl);
      else if (sym.kind === "step") reportUnusedOutputs(ctx, sym, g);
    }
  }
}

function reportCycles(ctx: CheckContext, scope: PipelineScope, g: PipelineGraph): void {
  for (const edges of g.cycles) {
    const names = [...edges.map((e) => e.from), edges[0]!.from];
    const path = names.map((n) => `\`${n}\``).join(" -> ");
    const first = edges[0]!;
    ctx.error("MLP4001", `cycle in pipeline \`${scope.name}\`: ${path}`, first.span, {
      label: edgeLabel(first),
      labels: edges.slice(1).map((e) => ({ span: e.span, message: edgeLabel(e) })),
      notes: ["a pipeline runs as a directed acyclic graph: every step, gate and deploy runs after the ones it depends on"],
      help: ["remove one of these dependencies (an `after` entry or a reference)"],
    });
  }
}

function edgeLabel(e: { from: string; to: string; kind: "data" | "control" }): string {
  return e.kind === "control" ? `\`${e.to}\` runs after \`${e.from}\`` : `\`${e.to}\` reads from \`${e.from}\``;
}

/** A deploy's `model` is a `Model` output (MLP4002). */
function checkDeployModel(ctx: CheckContext, scope: PipelineScope, decl: DeployDecl): void {
  for (const m of decl.members) {
    if (m.kind !== "DeployModel") continue;
    const ref = unparen(m.ref);
    const res = ref.kind === "Ref" ? ctx.analysis.resolutions.get(ref) : undefined;
    if (res?.kind !== "output") continue;
    const step = scope.members.get(res.step);
    const port = step?.kind === "step" ? step.sig.outputs.get(res.output) : undefined;
    if (port === undefined || port.type.kind === "Model" || port.type.kind === "error") continue;
    ctx.error("MLP4002", `deploy of a non-Model: \`${res.step}.${res.output}\` is a \`${showType(port.type)}\``, m.ref.span, {
      labels: step?.kind === "step" && step.sig.form !== "std" ? [{ span: port.span, message: `declared as \`${showType(port.type)}\` here` }] : [],
      help: ["deploy an output declared as `Model`, for example `outputs { model: Model }`"],
    });
  }
}

/** Outputs of a step body that nothing reads while its other outputs are read (MLP4003, a warning). */
function reportUnusedOutputs(ctx: CheckContext, sym: Extract<MemberSymbol, { kind: "step" }>, g: PipelineGraph): void {
  // only a step body can stop producing an output; a shared component may serve other callers
  if (sym.sig.form !== "body" || sym.sig.outputs.size < 2) return;
  const unused = [...sym.sig.outputs.values()].filter((p) => !g.usedOutputs.has(`${sym.name}.${p.name}`));
  if (unused.length === 0 || unused.length === sym.sig.outputs.size) return;
  for (const p of unused) {
    ctx.warning("MLP4003", `output \`${sym.name}.${p.name}\` is never used`, p.span, {
      notes: [`other outputs of \`${sym.name}\` are read by later steps, but nothing reads \`${p.name}\``],
      help: [`read it in a later step (\`inputs { x: ${sym.name}.${p.name} }\`) or stop producing it`],
    });
  }
}
