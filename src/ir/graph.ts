/**
 * A @dagrejs/graphlib view of a lowered pipeline, for tools that lay out or analyse the graph
 * (dagre layouts, reachability queries). Nodes are the pipeline's steps, gates and deploys;
 * an edge `a -> b` means `b` needs `a` (`control` when it comes from `after` only).
 */
import { Graph } from "@dagrejs/graphlib";
import type { IrNodeRef, IrPipeline } from "./ir.js";

export interface IrGraphEdge {
  readonly kind: "data" | "control";
}

/** Builds the graph of `pipeline` (nodes in `order`). */
export function toGraphlib(pipeline: IrPipeline): Graph<Record<string, never>, IrNodeRef, IrGraphEdge> {
  const g = new Graph<Record<string, never>, IrNodeRef, IrGraphEdge>({ directed: true });
  for (const n of pipeline.order) g.setNode(n.name, n);
  const add = (to: string, needs: readonly string[], after: readonly string[]): void => {
    const control = new Set(after);
    for (const from of needs) g.setEdge(from, to, { kind: control.has(from) ? "control" : "data" });
  };
  for (const s of pipeline.steps) add(s.name, s.needs, s.after);
  for (const gate of pipeline.gates) add(gate.name, gate.needs, []);
  for (const d of pipeline.deploys) add(d.name, d.needs, d.after);
  return g;
}
