/**
 * Where `finally` steps go in a drawing: they need nothing and nothing needs them, so a layered
 * layout would put them first (leftmost). Links from every sink (a node no edge leaves) to each
 * `finally` step, used for placement only and never drawn, put them after everything instead.
 */
import type { PipelineGraphModel } from "./model.js";

/** `[from, to]` id pairs, in node order: each sink to each `finally` step. */
export function finallyAnchors(g: PipelineGraphModel): [string, string][] {
  const finals = g.nodes.filter((n) => n.kind === "finally");
  if (finals.length === 0) return [];
  const from = new Set(g.edges.map((e) => e.from));
  const sinks = g.nodes.filter((n) => n.kind !== "finally" && !from.has(n.id));
  return sinks.flatMap((s) => finals.map((f): [string, string] => [s.id, f.id]));
}
