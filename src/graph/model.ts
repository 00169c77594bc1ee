/**
 * The drawable graph of one pipeline, built from the pipeline's view (`src/ir/view.ts`): datasets,
 * steps, gates, deploys and sweeps' fan-ins as nodes; artifact flow, metric reads, `after`
 * ordering and `collect` as four kinds of edge; each sweep as a cluster (one box) holding its
 * member steps and gates and its fan-in. Every renderer (Mermaid, DOT, SVG, HTML) draws this one
 * model.
 */
import type { IrExpr } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { pipelineView } from "../ir/view.js";
import { sweepBoxLabel, sweepFanInDetail } from "./sweep-box.js";

/** `sweep`: a sweep's fan-in, where the best point is picked and `collect` lists are gathered. */
export type GraphNodeKind = "dataset" | "step" | "gate" | "deploy" | "sweep";
/**
 * `data`: an artifact flows; `metric`: a gate or input reads a metric; `control`: `after` ordering
 * (or a member's point only has to finish before the fan-in); `collect`: every point's output.
 */
export type GraphEdgeKind = "data" | "metric" | "control" | "collect";

export interface GraphNode {
  /** Unique id, safe in every output format: `<kind>_<name>`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  /** Second line of the label: component, built-in, deploy kind, or how a sweep picks its best point. */
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

export function graphModel(pipeline: ValidPipeline): PipelineGraphModel {
  const view = pipelineView(pipeline);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (kind: GraphNodeKind, name: string, detail?: string) => {
    nodes.push({ id: nodeId(kind, name), kind, name, ...(detail ? { detail } : {}) });
  };
  for (const d of pipeline.datasets) add("dataset", d.name, d.uri);
  for (const n of view.nodes) {
    if (n.kind === "step") add("step", n.name, n.step.builtin ? `std.${n.step.builtin}` : n.step.component);
    else if (n.kind === "gate") add("gate", n.name);
    else if (n.kind === "deploy") add("deploy", n.name, `to ${n.deploy.to.kind}${n.deploy.approval ? ", approval" : ""}`);
    else add("sweep", n.name, sweepFanInDetail(n.sweep));
  }
  // Every reference resolves in a valid pipeline, so a name's node is always there.
  const idOf = (name: string): string => nodeId(view.node(name)!.kind, name);
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
    });
  };
  for (const step of pipeline.steps) {
    const to = nodeId("step", step.name);
    for (const input of step.inputs) {
      const b = input.binding;
      if (b.kind === "dataset") edge(nodeId("dataset", b.dataset), to, "data");
      else if (b.kind === "output") edge(idOf(b.step), to, "data", b.output);
      else if (b.kind === "expr") metricEdges(b.expr, to);
      else if (b.kind === "best") {
        edge(nodeId("sweep", b.sweep), to, "data", `${b.step}.${b.output}`);
        readSweep(b.sweep, b.step, "data", b.output);
      } else if (b.kind === "collect") {
        edge(nodeId("sweep", b.sweep), to, "collect", `collect(${b.step}.${b.output})`);
        readSweep(b.sweep, b.step, "data", b.output);
      }
    }
    for (const a of step.after) edge(idOf(a), to, "control");
  }
  for (const gate of pipeline.gates) for (const c of gate.conditions) metricEdges(c.expr, nodeId("gate", gate.name));
  for (const d of pipeline.deploys) {
    const to = nodeId("deploy", d.name);
    if (d.model.sweep !== undefined) {
      edge(nodeId("sweep", d.model.sweep), to, "data", `${d.model.step}.${d.model.output}`);
      readSweep(d.model.sweep, d.model.step, "data", d.model.output);
    } else edge(idOf(d.model.step), to, "data", d.model.output);
    for (const a of d.after) edge(idOf(a), to, "control");
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
  return { name: pipeline.name, nodes, edges, clusters };
}

function walkExpr(e: IrExpr, visit: (e: IrExpr) => void): void {
  visit(e);
  if (e.kind === "binary") {
    walkExpr(e.left, visit);
    walkExpr(e.right, visit);
  } else if (e.kind === "unary") walkExpr(e.operand, visit);
}
