/**
 * The drawable graph of one pipeline, built from the pipeline's view (`src/ir/view.ts`): datasets,
 * steps, gates and deploys as nodes; artifact flow, metric reads and `after` ordering as three
 * kinds of edge. Every renderer (Mermaid, DOT, SVG, HTML) draws this one model.
 */
import type { IrExpr } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { pipelineView } from "../ir/view.js";

export type GraphNodeKind = "dataset" | "step" | "gate" | "deploy";
/** `data`: an artifact flows; `metric`: a gate or input reads a metric; `control`: `after` ordering. */
export type GraphEdgeKind = "data" | "metric" | "control";

export interface GraphNode {
  /** Unique id, safe in every output format: `<kind>_<name>`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  /** Second line of the label: component, built-in or deploy kind. */
  readonly detail?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** What flows: an output or metric name. */
  readonly label?: string;
}

export interface PipelineGraphModel {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
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
  }
  // Every reference resolves in a valid pipeline, so a name's node is always there.
  const idOf = (name: string): string => nodeId(view.node(name)!.kind as GraphNodeKind, name);
  const seen = new Set<string>();
  const edge = (from: string, to: string, kind: GraphEdgeKind, label?: string) => {
    const key = `${from}\u0000${to}\u0000${kind}\u0000${label ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind, ...(label ? { label } : {}) });
  };
  const metricEdges = (expr: IrExpr, to: string) => {
    walkExpr(expr, (e) => {
      if (e.kind === "metric") edge(idOf(e.step), to, "metric", e.metric);
    });
  };
  for (const step of pipeline.steps) {
    const to = nodeId("step", step.name);
    for (const input of step.inputs) {
      const b = input.binding;
      if (b.kind === "dataset") edge(nodeId("dataset", b.dataset), to, "data");
      else if (b.kind === "output") edge(idOf(b.step), to, "data", b.output);
      else if (b.kind === "expr") metricEdges(b.expr, to);
    }
    for (const a of step.after) edge(idOf(a), to, "control");
  }
  for (const gate of pipeline.gates) for (const c of gate.conditions) metricEdges(c.expr, nodeId("gate", gate.name));
  for (const d of pipeline.deploys) {
    const to = nodeId("deploy", d.name);
    edge(idOf(d.model.step), to, "data", d.model.output);
    for (const a of d.after) edge(idOf(a), to, "control");
  }
  return { name: pipeline.name, nodes, edges };
}

function walkExpr(e: IrExpr, visit: (e: IrExpr) => void): void {
  visit(e);
  if (e.kind === "binary") {
    walkExpr(e.left, visit);
    walkExpr(e.right, visit);
  } else if (e.kind === "unary") walkExpr(e.operand, visit);
}
