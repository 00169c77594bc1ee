/**
 * Places the sweep boxes of a laid-out graph. dagre keeps a cluster's members (and the bends of
 * the edges between them) inside the cluster's box and every other node outside it, but leaves
 * no room for a title: each box gets a strip on top by moving everything from the box's top edge
 * down by the strip's height. Nodes above, and nodes beside the box, stay where they are; an edge
 * crossing the strip just gets longer.
 */
import type { GraphCluster, GraphEdge, GraphNode } from "./model.js";

interface Placed {
  /** Centre and size, in px. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedCluster extends GraphCluster, Placed {
  /** The title as drawn: shortened in the middle when the box is narrower than the full title. */
  readonly shownLabel: string;
}

type PlacedNode = GraphNode & Placed;
type Point = { readonly x: number; readonly y: number };
type PlacedEdge = GraphEdge & { readonly points: readonly Point[]; readonly labelAt?: Point };

/** The title strip: one line of 11px bold text with room around it. */
export const CLUSTER_TITLE_HEIGHT = 22;
/** Room between the box's side and its title. */
const TITLE_PADDING = 8;
const TITLE_CHAR_WIDTH = 6.8;

/** `boxes`: each cluster with the box dagre gave it. */
export function placeClusters(
  boxes: readonly (GraphCluster & Placed)[],
  nodes: readonly PlacedNode[],
  edges: readonly PlacedEdge[],
): { nodes: PlacedNode[]; edges: PlacedEdge[]; clusters: PlacedCluster[] } {
  let ns = [...nodes];
  let es = [...edges];
  const clusters = boxes.map((b) => ({ ...b }));
  // Top to bottom, so each strip opens below the ones already opened (their boxes move with it).
  const order = [...clusters].sort((a, b) => a.y - a.height / 2 - (b.y - b.height / 2) || (a.id < b.id ? -1 : 1));
  for (const c of order) {
    const top = c.y - c.height / 2;
    const below = (y: number): boolean => y >= top - 0.01;
    const moved = new Set(ns.filter((n) => below(n.y - n.height / 2)).map((n) => n.id));
    ns = ns.map((n) => (moved.has(n.id) ? { ...n, y: n.y + CLUSTER_TITLE_HEIGHT } : n));
    // An edge's ends sit on its nodes' outlines and move with them; its bends follow the line.
    es = es.map((e) => {
      const last = e.points.length - 1;
      const moves = (y: number, i: number): boolean => (i === 0 ? moved.has(e.from) : i === last ? moved.has(e.to) : below(y));
      const points = e.points.map((p, i) => (moves(p.y, i) ? { x: p.x, y: p.y + CLUSTER_TITLE_HEIGHT } : p));
      const label = e.labelAt;
      return label !== undefined && below(label.y) ? { ...e, points, labelAt: { x: label.x, y: label.y + CLUSTER_TITLE_HEIGHT } } : { ...e, points };
    });
    for (const other of clusters) {
      if (other !== c && below(other.y - other.height / 2)) other.y += CLUSTER_TITLE_HEIGHT;
      else if (other.y + other.height / 2 > top) {
        // This box (or one beside it, spanning the line) grows by the strip: its contents below the line moved down.
        other.height += CLUSTER_TITLE_HEIGHT;
        other.y += CLUSTER_TITLE_HEIGHT / 2;
      }
    }
  }
  const placed = clusters.map((c): PlacedCluster => ({ ...c, shownLabel: fitTitle(c.label, c.width - 2 * TITLE_PADDING) }));
  return { nodes: ns, edges: es, clusters: placed };
}

/** `title`, shortened in the middle to fit `width` px (the full title is the box's tooltip). */
function fitTitle(title: string, width: number): string {
  const fits = Math.max(3, Math.floor(width / TITLE_CHAR_WIDTH));
  if (title.length <= fits) return title;
  const half = Math.floor((fits - 1) / 2);
  return `${title.slice(0, half)}…${title.slice(title.length - half)}`;
}
