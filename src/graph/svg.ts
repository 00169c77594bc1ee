/** A standalone SVG drawing of the pipeline graph (no scripts, no external references). */
import { CLUSTER_TITLE_HEIGHT, type PlacedCluster } from "./cluster-layout.js";
import { layoutGraph, shortDetail, type PlacedEdge, type PlacedNode } from "./layout.js";
import type { GraphEdgeKind, GraphNodeKind, PipelineGraphModel } from "./model.js";

/** Escapes text for XML character data and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const FILL: Record<GraphNodeKind, string> = {
  dataset: "#e8f1fb", registry: "#f1f8f2", step: "#ffffff", finally: "#f2f2f2", gate: "#fff4d6", assert: "#fdecea", deploy: "#e6f6ea", sweep: "#f3e8fa",
};
const STROKE: Record<GraphNodeKind, string> = {
  dataset: "#2f6db3", registry: "#2e7d32", step: "#333333", finally: "#555555", gate: "#b38600", assert: "#c62828", deploy: "#2e7d32", sweep: "#7b3fa0",
};
/** Outlines drawn dashed: what lies outside the run's flow (a registry record, a step that always runs last). */
const DASHED_OUTLINE: Partial<Record<GraphNodeKind, string>> = { registry: "4,3", finally: "6,3" };
/** Sweeps' colour: their boxes, fan-in nodes and `collect` edges. */
const SWEEP = "#7b3fa0";
const EDGE_COLOR: Record<GraphEdgeKind, string> = { data: "#555555", metric: "#b38600", control: "#555555", collect: SWEEP, else: "#b38600", registry: "#2e7d32" };
/** Dashed edges: ordering only (`after`, `after not`) and reads from the registry, outside this run. */
const EDGE_DASH: Partial<Record<GraphEdgeKind, string>> = { control: "5,4", else: "5,4", registry: "4,3" };

function shape(n: PlacedNode): string {
  const { x, y, width: w, height: h } = n;
  const l = x - w / 2;
  const t = y - h / 2;
  const dash = DASHED_OUTLINE[n.kind];
  const style = `fill="${FILL[n.kind]}" stroke="${STROKE[n.kind]}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}`;
  switch (n.kind) {
    case "dataset":
    case "registry": {
      const ry = 6;
      return `<path d="M${l},${t + ry} a${w / 2},${ry} 0 0,0 ${w},0 a${w / 2},${ry} 0 0,0 ${-w},0 v${h - 2 * ry} a${w / 2},${ry} 0 0,0 ${w},0 v${-(h - 2 * ry)}" ${style}/>`;
    }
    case "step":
    case "finally":
      return `<rect x="${l}" y="${t}" width="${w}" height="${h}" rx="6" ${style}/>`;
    case "gate":
      return `<polygon points="${x},${t} ${l + w},${y} ${x},${t + h} ${l},${y}" ${style}/>`;
    case "assert": {
      // An octagon, a stop sign: an unmet condition stops the run.
      const c = Math.min(12, h / 3);
      const r = l + w;
      const b = t + h;
      return `<polygon points="${l + c},${t} ${r - c},${t} ${r},${t + c} ${r},${b - c} ${r - c},${b} ${l + c},${b} ${l},${b - c} ${l},${t + c}" ${style}/>`;
    }
    case "deploy":
      return `<polygon points="${l + 10},${t} ${l + w},${t} ${l + w - 10},${t + h} ${l},${t + h}" ${style}/>`;
    case "sweep":
      return `<polygon points="${l},${y} ${l + 12},${t} ${l + w - 12},${t} ${l + w},${y} ${l + w - 12},${t + h} ${l + 12},${t + h}" ${style.replace('stroke-width="1.5"', 'stroke-width="2"')}/>`;
  }
}

function nodeSvg(n: PlacedNode): string {
  const detail = shortDetail(n.detail);
  // A cylinder's top ellipse takes room: its text sits a little lower.
  const shift = n.kind === "dataset" || n.kind === "registry" ? 5 : 0;
  const nameY = (detail ? n.y - 3 : n.y + 4) + shift;
  const text = [`<text x="${n.x}" y="${nameY}" class="name">${xml(n.name)}</text>`];
  if (detail) text.push(`<text x="${n.x}" y="${n.y + 13 + shift}" class="detail">${xml(detail)}</text>`);
  return `<g class="node ${n.kind}" data-id="${xml(n.id)}"><title>${xml(`${n.kind} ${n.name}${n.detail ? ` (${n.detail})` : ""}`)}</title>${shape(n)}${text.join("")}</g>`;
}

function edgeSvg(e: PlacedEdge): string {
  const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
  const dash = EDGE_DASH[e.kind] ? ` stroke-dasharray="${EDGE_DASH[e.kind]}"` : "";
  const width = e.kind === "metric" || e.kind === "collect" ? 2 : 1.3;
  const attrs = `class="edge ${e.kind}" d="${d}" fill="none" stroke="${EDGE_COLOR[e.kind]}" stroke-width="${width}"${dash} marker-end="url(#arrow-${e.kind})"`;
  // Only `not` is drawn on its edge (the layout kept room for it); other labels have none
  // reserved: a collect edge or a registry read says what it carries as its tooltip.
  const path = (e.kind === "collect" || e.kind === "registry") && e.label ? `<path ${attrs}><title>${xml(e.label)}</title></path>` : `<path ${attrs}/>`;
  if (e.labelAt === undefined || !e.label) return path;
  return `${path}\n<text x="${e.labelAt.x}" y="${e.labelAt.y + 4}" class="edge-label" fill="${EDGE_COLOR[e.kind]}" stroke="#fafafa" stroke-width="3" paint-order="stroke">${xml(e.label)}</text>`;
}

/** A sweep's box: behind its members, titled with its name and grid size. */
function clusterSvg(c: PlacedCluster): string {
  const l = c.x - c.width / 2;
  const t = c.y - c.height / 2;
  const title = `<text x="${c.x}" y="${t + CLUSTER_TITLE_HEIGHT / 2 + 5}" class="cluster-title">${xml(c.shownLabel)}</text>`;
  return `<g class="cluster" data-id="${xml(c.id)}"><title>${xml(`sweep ${c.label}`)}</title><rect x="${l}" y="${t}" width="${c.width}" height="${c.height}" rx="8" fill="#faf6fd" stroke="${SWEEP}" stroke-width="1.5" stroke-dasharray="6,4"/>${title}</g>`;
}

export function renderSvg(g: PipelineGraphModel): string {
  const layout = layoutGraph(g);
  // Markers for the edge kinds drawn (the first three always, so older drawings stay as they were).
  const kinds: GraphEdgeKind[] = ["data", "metric", "control", ...(["collect", "else", "registry"] as const).filter((k) => g.edges.some((e) => e.kind === k))];
  const markers = kinds
    .map((k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOR[k]}"/></marker>`)
    .join("");
  const clusterStyle = layout.clusters.length > 0 ? `.cluster-title{font-size:11px;font-weight:600;fill:${SWEEP}}` : "";
  const edgeLabelStyle = layout.edges.some((e) => e.labelAt !== undefined) ? ".edge-label{font-size:10px;font-style:italic}" : "";
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${xml(`pipeline ${g.name}`)}">`,
    `<title>${xml(`pipeline ${g.name}`)}</title>`,
    `<defs>${markers}</defs>`,
    `<style>text{font-family:Helvetica,Arial,sans-serif;text-anchor:middle}.name{font-size:12px;font-weight:600}.detail{font-size:10px;fill:#555}${clusterStyle}${edgeLabelStyle}</style>`,
    `<rect width="100%" height="100%" fill="#fafafa"/>`,
    ...layout.clusters.map(clusterSvg),
    ...layout.edges.map(edgeSvg),
    ...layout.nodes.map(nodeSvg),
    `</svg>`,
  ];
  return parts.join("\n") + "\n";
}
