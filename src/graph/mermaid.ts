/** Mermaid `flowchart` text: paste into Markdown on GitHub, GitLab or a Mermaid live editor. */
import type { GraphNode, PipelineGraphModel } from "./model.js";
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
      return `${n.id}[(${text})]`;
    case "step":
      return `${n.id}[${text}]`;
    case "gate":
      return `${n.id}{${text}}`;
    case "deploy":
      return `${n.id}[/${text}/]`;
    case "sweep":
      return `${n.id}{{${text}}}`;
  }
}

const ARROW = { data: "-->", metric: "==>", control: "-.->", collect: "-->" } as const;

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
  const legend = `solid = data, thick = metrics, dotted = after${sweeps ? ", purple = collect; a box is a sweep, its hexagon the best point" : ""}`;
  const lines = [`flowchart LR`, `  %% pipeline ${g.name}: ${legend}`, ...nodeLines(g)];
  for (const e of g.edges) lines.push(`  ${e.from} ${ARROW[e.kind]}${e.label ? `|${label(e.label)}|` : ""} ${e.to}`);
  for (const kind of ["dataset", "step", "gate", "deploy", "sweep"] as const) {
    const ids = g.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${kind}`);
  }
  lines.push(
    "  classDef dataset fill:#e8f1fb,stroke:#2f6db3",
    "  classDef step fill:#ffffff,stroke:#333333",
    "  classDef gate fill:#fff4d6,stroke:#b38600",
    "  classDef deploy fill:#e6f6ea,stroke:#2e7d32",
  );
  if (sweeps) {
    lines.push("  classDef sweep fill:#f3e8fa,stroke:#7b3fa0,stroke-width:2px");
    for (const c of g.clusters) lines.push(`  style ${c.id} fill:#faf6fd,stroke:#7b3fa0,stroke-dasharray:6 4`);
    // Links have no ids: `linkStyle` numbers them in the order they are written.
    const collect = g.edges.flatMap((e, i) => (e.kind === "collect" ? [i] : []));
    if (collect.length > 0) lines.push(`  linkStyle ${collect.join(",")} stroke:#7b3fa0,stroke-width:2px`);
  }
  return lines.join("\n") + "\n";
}
