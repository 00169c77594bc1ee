/**
 * The drawable graph of one pipeline, built from the pipeline's view (`src/ir/view.ts`): datasets,
 * registry records read with `deployed(…)`, steps, gates, asserts, deploys, sweeps' fan-ins and
 * `finally` steps as nodes; artifact flow, metric reads, `after` ordering, `collect`, `after not`
 * and registry reads as six kinds of edge; each sweep as a cluster (one box) holding its member
 * steps and gates and its fan-in. Every renderer (Mermaid, DOT, SVG, HTML) draws this one model.
 */
import type { IrBinding, IrExpr } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { pipelineView, type PipelineNode } from "../ir/view.js";
import { RegistrySources } from "./registry-sources.js";
import { sweepBoxLabel, sweepFanInDetail } from "./sweep-box.js";

/**
 * `sweep`: a sweep's fan-in, where the best point is picked and `collect` lists are gathered.
 * `assert`: a gate whose unmet condition fails the run. `finally`: a step that always runs, last.
 * `registry`: a model recorded by a deploy (of this pipeline or another), read with `deployed(…)`.
 */
export type GraphNodeKind = "dataset" | "registry" | "step" | "finally" | "gate" | "assert" | "deploy" | "sweep";
/**
 * `data`: an artifact flows; `metric`: a gate or input reads a metric; `control`: `after` ordering
 * (or a member's point only has to finish before the fan-in); `collect`: every point's output;
 * `else`: `after not GATE`, from the gate to what runs when it does not hold; `registry`: a
 * `deployed(…)` read (the model, or another pipeline's recorded metric), outside this run.
 */
export type GraphEdgeKind = "data" | "metric" | "control" | "collect" | "else" | "registry";

export interface GraphNode {
  /** Unique id, safe in every output format: `<kind>_<name>` (`registry_<n>` for registry records). */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  /**
   * Second line of the label: component, built-in, deploy kind, how a sweep picks its best point,
   * `assert`, `finally: always runs`, or `deployed model`.
   */
  readonly detail?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** What flows: an output or metric name (`STEP.NAME` from a sweep's fan-in). */
  readonly label?: string;
}

/** A sweep's box: its member steps and gates, then its fan-in node. */
export interface GraphCluster {
  /** Unique id, safe in every output format and distinct from every node id: `cluster_<name>`. */
  readonly id: string;
  readonly name: string;
  /** The sweep's name and grid size: `tune: 3×2 = 6 points`. */
  readonly label: string;
  /** Node ids, in node order; the fan-in node is last. */
  readonly members: readonly string[];
}

export interface PipelineGraphModel {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** One per sweep, in topological order; empty for a pipeline without sweeps. */
  readonly clusters: readonly GraphCluster[];
}

const nodeId = (kind: GraphNodeKind, name: string): string => `${kind}_${name}`;

/** The drawing's kind of a pipeline node: an assert and a `finally` step are drawn apart from gates and steps. */
function graphKind(n: PipelineNode): GraphNodeKind {
  if (n.kind === "gate" && n.gate.assert === true) return "assert";
  if (n.kind === "step" && n.step.finally === true) return "finally";
  return n.kind;
}

export function graphModel(pipeline: ValidPipeline): PipelineGraphModel {
  const view = pipelineView(pipeline);
  const registry = new RegistrySources(pipeline.name);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (kind: GraphNodeKind, name: string, detail?: string) => {
    nodes.push({ id: nodeId(kind, name), kind, name, ...(detail ? { detail } : {}) });
  };
  for (const n of view.nodes) {
    const kind = graphKind(n);
    if (n.kind === "step") {
      const what = n.step.builtin ? `std.${n.step.builtin}` : n.step.component;
      add(kind, n.name, kind === "finally" ? [what, "finally: always runs"].filter(Boolean).join(", ") : what);
    } else if (n.kind === "gate") add(kind, n.name, kind === "assert" ? "assert" : undefined);
    else if (n.kind === "deploy") add("deploy", n.name, `to ${n.deploy.to.kind}${n.deploy.approval ? ", approval" : ""}`);
    else add("sweep", n.name, sweepFanInDetail(n.sweep));
  }
  // Every reference resolves in a valid pipeline, so a name's node is always there.
  const idOf = (name: string): string => nodeId(graphKind(view.node(name)!), name);
  const seen = new Set<string>();
  const edge = (from: string, to: string, kind: GraphEdgeKind, label?: string) => {
    const key = `${from}\u0000${to}\u0000${kind}\u0000${label ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind, ...(label ? { label } : {}) });
  };
  // What nodes outside read of each sweep's members: the fan-in's incoming edges, drawn last.
  const fanIn = new Map<string, { step: string; kind: "data" | "metric"; name: string }[]>();
  const readSweep = (sweep: string, step: string, kind: "data" | "metric", name: string) => {
    const reads = fanIn.get(sweep) ?? [];
    reads.push({ step, kind, name });
    fanIn.set(sweep, reads);
  };
  const metricEdges = (expr: IrExpr, to: string) => {
    walkExpr(expr, (e) => {
      if (e.kind === "metric") edge(idOf(e.step), to, "metric", e.metric);
      else if (e.kind === "best") {
        edge(nodeId("sweep", e.sweep), to, "metric", `${e.step}.${e.metric}`);
        readSweep(e.sweep, e.step, "metric", e.metric);
      }
      // Another pipeline's record is a dependency the reader must see; this pipeline's own
      // (a champion/challenger comparison) stays a condition's detail, as before.
      else if (e.kind === "deployed" && registry.isOtherPipeline(e.pipeline)) edge(registry.id(e.env, e.pipeline), to, "registry", e.metric);
    });
  };
  /** The edge of one input binding; `fallback` marks the right side of `deployed(…).model ?? …`. */
  const bindingEdges = (b: IrBinding, to: string, fallback = false) => {
    const label = (what?: string) => (fallback ? `??${what ? ` ${what}` : ""}` : what);
    if (b.kind === "dataset") edge(nodeId("dataset", b.dataset), to, "data", label());
    else if (b.kind === "output") edge(idOf(b.step), to, "data", label(b.output));
    else if (b.kind === "expr") metricEdges(b.expr, to);
    else if (b.kind === "best") {
      edge(nodeId("sweep", b.sweep), to, "data", label(`${b.step}.${b.output}`));
      readSweep(b.sweep, b.step, "data", b.output);
    } else if (b.kind === "collect") {
      edge(nodeId("sweep", b.sweep), to, "collect", `collect(${b.step}.${b.output})`);
      readSweep(b.sweep, b.step, "data", b.output);
    } else if (b.kind === "deployed") {
      edge(registry.id(b.env, b.pipeline), to, "registry", "model");
      if (b.fallback !== undefined) bindingEdges(b.fallback, to, true);
    }
  };
  for (const step of pipeline.steps) {
    const to = idOf(step.name);
    for (const input of step.inputs) bindingEdges(input.binding, to);
    for (const a of step.after) edge(idOf(a), to, "control");
    for (const g of step.afterNot ?? []) edge(idOf(g), to, "else", "not");
  }
  for (const gate of pipeline.gates) for (const c of gate.conditions) metricEdges(c.expr, idOf(gate.name));
  for (const d of pipeline.deploys) {
    const to = nodeId("deploy", d.name);
    if (d.model.sweep !== undefined) {
      edge(nodeId("sweep", d.model.sweep), to, "data", `${d.model.step}.${d.model.output}`);
      readSweep(d.model.sweep, d.model.step, "data", d.model.output);
    } else edge(idOf(d.model.step), to, "data", d.model.output);
    for (const a of d.after) edge(idOf(a), to, "control");
    for (const g of d.afterNot ?? []) edge(idOf(g), to, "else", "not");
    const options = d.optionExprs ?? {};
    for (const option of Object.keys(options).sort()) metricEdges(options[option]!, to);
  }
  const clusters = view.sweeps.map((sweep) => {
    const to = nodeId("sweep", sweep.name);
    // Into the fan-in: the metric `best` compares, what nodes outside read, and every member
    // whose point must otherwise just finish (one with no dependent in the block).
    if (sweep.best) edge(idOf(sweep.best.step), to, "metric", sweep.best.metric);
    for (const r of fanIn.get(sweep.name) ?? []) edge(idOf(r.step), to, r.kind, r.name);
    const members = view.members(sweep.name);
    for (const m of members)
      if (!edges.some((e) => e.from === idOf(m.name)) && view.dependents(m.name).every((d) => d.name === sweep.name)) edge(idOf(m.name), to, "control");
    return { id: `cluster_${sweep.name}`, name: sweep.name, label: sweepBoxLabel(sweep, pipeline.params), members: [...members.map((m) => idOf(m.name)), to] };
  });
  // Sources first: datasets, then the registry records read, in order of first read.
  const sources: GraphNode[] = pipeline.datasets.map((d) => ({ id: nodeId("dataset", d.name), kind: "dataset", name: d.name, ...(d.uri ? { detail: d.uri } : {}) }));
  return { name: pipeline.name, nodes: [...sources, ...registry.nodes, ...nodes], edges, clusters };
}

function walkExpr(e: IrExpr, visit: (e: IrExpr) => void): void {
  visit(e);
  if (e.kind === "binary") {
    walkExpr(e.left, visit);
    walkExpr(e.right, visit);
  } else if (e.kind === "unary") walkExpr(e.operand, visit);
  else if (e.kind === "interpolate") for (const part of e.parts) if (part.kind === "expr") walkExpr(part.expr, visit);
}
