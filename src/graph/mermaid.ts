/** Mermaid `flowchart` text: paste into Markdown on GitHub, GitLab or a Mermaid live editor. */
import type { GraphEdge, GraphNode, PipelineGraphModel } from "./model.js";
import { finallyAnchors } from "./finally-anchors.js";
import { nodeGroups } from "./node-groups.js";

/** Mermaid label text, with `"`, `#` and markup characters as Mermaid entities (`#34;`). */
function escape(text: string): string {
  return text.replace(/[&"<>#\n\r]/g, (c) => `#${c.charCodeAt(0)};`);
}

function label(text: string): string {
  return `"${escape(text)}"`;
}

function shape(n: GraphNode): string {
  const text = `"${escape(n.name)}${n.detail ? `<br/>${escape(n.detail)}` : ""}"`;
  switch (n.kind) {
    case "dataset":
    case "registry":
      return `${n.id}[(${text})]`;
    case "step":
      return `${n.id}[${text}]`;
    case "finally":
      return `${n.id}([${text}])`;
    case "gate":
    case "assert":
      return `${n.id}{${text}}`;
    case "deploy":
      return `${n.id}[/${text}/]`;
    case "sweep":
      return `${n.id}{{${text}}}`;
  }
}

const ARROW: Record<GraphEdge["kind"], string> = { data: "-->", metric: "==>", control: "-.->", collect: "-->", else: "-.->", registry: "-.->" };

/** Node lines; each sweep's members in a `subgraph` block. */
function nodeLines(g: PipelineGraphModel): string[] {
  return nodeGroups(g).flatMap((group) =>
    "node" in group
      ? [`  ${shape(group.node)}`]
      : [`  subgraph ${group.cluster.id}[${label(group.cluster.label)}]`, ...group.nodes.map((n) => `    ${shape(n)}`), "  end"],
  );
}

export function renderMermaid(g: PipelineGraphModel): string {
  const sweeps = g.clusters.length > 0;
  const has = (kind: GraphNode["kind"]) => g.nodes.some((n) => n.kind === kind);
  const legend = [
    "solid = data, thick = metrics, dotted = after",
    ...(sweeps ? ["purple = collect; a box is a sweep, its hexagon the best point"] : []),
    ...controlFlowLegend(g),
  ].join(", ");
  const lines = [`flowchart LR`, `  %% pipeline ${g.name}: ${legend}`, ...nodeLines(g)];
  for (const e of g.edges) lines.push(`  ${e.from} ${ARROW[e.kind]}${e.label ? `|${label(e.label)}|` : ""} ${e.to}`);
  // `finally` steps have no edges: invisible links from every sink place them after everything.
  for (const [from, to] of finallyAnchors(g)) lines.push(`  ${from} ~~~ ${to}`);
  for (const kind of ["dataset", "registry", "step", "finally", "gate", "assert", "deploy", "sweep"] as const) {
    const ids = g.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${kind}`);
  }
  lines.push(
    "  classDef dataset fill:#e8f1fb,stroke:#2f6db3",
    "  classDef step fill:#ffffff,stroke:#333333",
    "  classDef gate fill:#fff4d6,stroke:#b38600",
    "  classDef deploy fill:#e6f6ea,stroke:#2e7d32",
  );
  // Only a pipeline with control flow says so: the others' output stays as it was.
  if (has("registry")) lines.push("  classDef registry fill:#f1f8f2,stroke:#2e7d32,stroke-dasharray:5 3");
  if (has("finally")) lines.push("  classDef finally fill:#f2f2f2,stroke:#555555,stroke-dasharray:6 3");
  if (has("assert")) lines.push("  classDef assert fill:#fdecea,stroke:#c62828");
  if (sweeps) {
    lines.push("  classDef sweep fill:#f3e8fa,stroke:#7b3fa0,stroke-width:2px");
    for (const c of g.clusters) lines.push(`  style ${c.id} fill:#faf6fd,stroke:#7b3fa0,stroke-dasharray:6 4`);
  }
  // Links have no ids: `linkStyle` numbers them in the order they are written (the invisible ones last).
  const styled = (kind: GraphEdge["kind"]) => g.edges.flatMap((e, i) => (e.kind === kind ? [i] : []));
  for (const [kind, style] of LINK_STYLE) {
    const ids = styled(kind);
    if (ids.length > 0) lines.push(`  linkStyle ${ids.join(",")} ${style}`);
  }
  return lines.join("\n") + "\n";
}

const LINK_STYLE: readonly (readonly [GraphEdge["kind"], string])[] = [
  ["collect", "stroke:#7b3fa0,stroke-width:2px"],
  ["else", "stroke:#b38600"],
  ["registry", "stroke:#2e7d32"],
];

/** The legend's words for the control-flow shapes and edges the drawing has. */
function controlFlowLegend(g: PipelineGraphModel): string[] {
  const nodes = new Set(g.nodes.map((n) => n.kind));
  return [
    ...(g.edges.some((e) => e.kind === "else") ? ["dotted `not` = after not (the gate did not hold)"] : []),
    ...(nodes.has("assert") ? ["red diamond = assert (fails the run)"] : []),
    ...(nodes.has("finally") ? ["dashed stadium = finally (always runs, last)"] : []),
    ...(nodes.has("registry") ? ["green cylinder = a deployed model, read from the registry"] : []),
  ];
}
