/** Mermaid `flowchart` text: paste into Markdown on GitHub, GitLab or a Mermaid live editor. */
import type { GraphNode, PipelineGraphModel } from "./model.js";

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
  }
}

export function renderMermaid(g: PipelineGraphModel): string {
  const lines = [`flowchart LR`, `  %% pipeline ${g.name}: solid = data, thick = metrics, dotted = after`];
  for (const n of g.nodes) lines.push(`  ${shape(n)}`);
  for (const e of g.edges) {
    const arrow = e.kind === "data" ? "-->" : e.kind === "metric" ? "==>" : "-.->";
    lines.push(`  ${e.from} ${arrow}${e.label ? `|${label(e.label)}|` : ""} ${e.to}`);
  }
  for (const kind of ["dataset", "step", "gate", "deploy"] as const) {
    const ids = g.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${kind}`);
  }
  lines.push(
    "  classDef dataset fill:#e8f1fb,stroke:#2f6db3",
    "  classDef step fill:#ffffff,stroke:#333333",
    "  classDef gate fill:#fff4d6,stroke:#b38600",
    "  classDef deploy fill:#e6f6ea,stroke:#2e7d32",
  );
  return lines.join("\n") + "\n";
}
