/**
 * The drawable graph of one pipeline, built from the IR: datasets, steps, gates and deploys as
 * nodes; artifact flow, metric reads and `after` ordering as three kinds of edge. Every renderer
 * (Mermaid, DOT, SVG, HTML) draws this one model.
 */
import type { IrExpr, IrPipeline } from "../ir/ir.js";

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

export function graphModel(pipeline: IrPipeline): PipelineGraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const idOf = new Map<string, string>();
  const add = (kind: GraphNodeKind, name: string, detail?: string) => {
    const id = `${kind}_${name}`;
    idOf.set(name, id);
    nodes.push({ id, kind, name, ...(detail ? { detail } : {}) });
  };
  for (const d of pipeline.datasets) add("dataset", d.name, d.uri);
  for (const ref of pipeline.order) {
    if (ref.kind === "step") {
      const step = pipeline.steps.find((s) => s.name === ref.name)!;
      add("step", step.name, step.builtin ? `std.${step.builtin}` : step.component);
    } else if (ref.kind === "gate") add("gate", ref.name);
    else {
      const deploy = pipeline.deploys.find((d) => d.name === ref.name)!;
      add("deploy", deploy.name, `to ${deploy.to.kind}${deploy.approval ? ", approval" : ""}`);
    }
  }
  const seen = new Set<string>();
  const edge = (fromName: string, toName: string, kind: GraphEdgeKind, label?: string) => {
    const from = idOf.get(fromName);
    const to = idOf.get(toName);
    if (!from || !to) return;
    const key = `${from}\u0000${to}\u0000${kind}\u0000${label ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind, ...(label ? { label } : {}) });
  };
  const metricEdges = (expr: IrExpr, to: string) => {
    walkExpr(expr, (e) => {
      if (e.kind === "metric") edge(e.step, to, "metric", e.metric);
    });
  };
  for (const step of pipeline.steps) {
    for (const input of step.inputs) {
      const b = input.binding;
      if (b.kind === "dataset") edge(b.dataset, step.name, "data");
      else if (b.kind === "output") edge(b.step, step.name, "data", b.output);
      else if (b.kind === "expr") metricEdges(b.expr, step.name);
    }
    for (const a of step.after) edge(a, step.name, "control");
  }
  for (const gate of pipeline.gates) for (const c of gate.conditions) metricEdges(c.expr, gate.name);
  for (const d of pipeline.deploys) {
    edge(d.model.step, d.name, "data", d.model.output);
    for (const a of d.after) edge(a, d.name, "control");
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
