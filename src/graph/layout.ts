/**
 * Lays out a pipeline graph with dagre (layered, left to right) so the SVG and HTML views stay
 * readable at a few hundred nodes. Text widths are estimated from character counts: the output
 * must not depend on the fonts of the machine that compiles it.
 */
import dagre from "@dagrejs/dagre";
import type { GraphEdge, GraphNode, PipelineGraphModel } from "./model.js";
import { placeClusters, type PlacedCluster } from "./cluster-layout.js";
import { finallyAnchors } from "./finally-anchors.js";

export interface PlacedNode extends GraphNode {
  /** Centre and size, in px. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge extends GraphEdge {
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Centre of the label the drawing shows on the edge (`not` on an `after not` edge), with room kept for it. */
  readonly labelAt?: { readonly x: number; readonly y: number };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Sweep boxes, each around its members with a strip on top for its title. */
  readonly clusters: readonly PlacedCluster[];
}

const CHAR_WIDTH = 7.2; // 12px sans-serif, average
const PADDING_X = 24;
const MAX_DETAIL = 32;
const EDGE_LABEL_CHAR_WIDTH = 6; // 10px

/** The detail line as drawn (long URIs are shortened in the middle). */
export function shortDetail(detail: string | undefined): string | undefined {
  if (detail === undefined || detail.length <= MAX_DETAIL) return detail;
  const half = Math.floor((MAX_DETAIL - 1) / 2);
  return `${detail.slice(0, half)}…${detail.slice(detail.length - half)}`;
}

function nodeSize(n: GraphNode): { width: number; height: number } {
  const longest = Math.max(n.name.length, shortDetail(n.detail)?.length ?? 0);
  const width = Math.max(80, Math.ceil(longest * CHAR_WIDTH + PADDING_X * 2));
  const height = (n.detail ? 46 : 32) + (n.kind === "dataset" ? 8 : 0);
  // Diamonds need room for their label inside the rhombus, hexagons and octagons beside their corners.
  if (n.kind === "gate") return { width: width + 30, height: height + 18 };
  if (n.kind === "assert") return { width: width + 16, height: height + 8 };
  if (n.kind === "registry") return { width, height: height + 8 };
  return n.kind === "sweep" ? { width: width + 24, height } : { width, height };
}

/** Edges whose label is drawn (only `not`: other labels are tooltips): the label's size, reserved by the layout. */
function shownLabel(e: GraphEdge): { width: number; height: number } | undefined {
  return e.kind === "else" && e.label ? { width: Math.ceil(e.label.length * EDGE_LABEL_CHAR_WIDTH) + 8, height: 14 } : undefined;
}

export function layoutGraph(g: PipelineGraphModel): Layout {
  const compound = g.clusters.length > 0;
  const graph = new dagre.graphlib.Graph({ multigraph: true, ...(compound ? { compound: true } : {}) });
  graph.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 56, edgesep: 12, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) graph.setNode(n.id, { ...nodeSize(n) });
  for (const c of g.clusters) {
    graph.setNode(c.id, {});
    for (const m of c.members) graph.setParent(m, c.id);
  }
  g.edges.forEach((e, i) => graph.setEdge(e.from, e.to, { minlen: 1, ...(shownLabel(e) ? { ...shownLabel(e), labelpos: "c" } : {}) }, `e${i}`));
  // Placement only, never drawn: `finally` steps after every sink.
  finallyAnchors(g).forEach(([from, to], i) => graph.setEdge(from, to, { minlen: 1 }, `f${i}`));
  dagre.layout(graph);
  const info = graph.graph() as { width?: number; height?: number };
  let nodes: PlacedNode[] = g.nodes.map((n) => {
    const p = graph.node(n.id) as { x: number; y: number; width: number; height: number };
    return { ...n, x: round(p.x), y: round(p.y), width: p.width, height: p.height };
  });
  let edges: PlacedEdge[] = g.edges.map((e, i) => {
    const p = graph.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const points = p.points.map((q) => ({ x: round(q.x), y: round(q.y) }));
    return shownLabel(e) && p.x !== undefined && p.y !== undefined ? { ...e, points, labelAt: { x: round(p.x), y: round(p.y) } } : { ...e, points };
  });
  let clusters: PlacedCluster[] = [];
  if (compound) {
    const boxes = g.clusters.map((c) => {
      const p = graph.node(c.id) as { x: number; y: number; width: number; height: number };
      return { ...c, x: round(p.x), y: round(p.y), width: round(p.width), height: round(p.height) };
    });
    ({ nodes, edges, clusters } = placeClusters(boxes, nodes, edges));
  }
  // Edges may bend outside the box dagre reports: size the drawing to everything drawn.
  const margin = 16;
  let maxX = info.width ?? 0;
  let maxY = info.height ?? 0;
  for (const n of [...nodes, ...clusters]) {
    maxX = Math.max(maxX, n.x + n.width / 2 + margin);
    maxY = Math.max(maxY, n.y + n.height / 2 + margin);
  }
  for (const e of edges) {
    for (const p of e.points) {
      maxX = Math.max(maxX, p.x + margin);
      maxY = Math.max(maxY, p.y + margin);
    }
  }
  return { width: Math.ceil(maxX), height: Math.ceil(maxY), nodes, edges, clusters };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
