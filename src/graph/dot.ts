/** Graphviz DOT text (`dot -Tpng`), for tools that already speak DOT. */
import type { GraphNode, PipelineGraphModel } from "./model.js";
import { nodeGroups } from "./node-groups.js";

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const NODE_STYLE: Record<GraphNode["kind"], string> = {
  dataset: 'shape=cylinder, style=filled, fillcolor="#e8f1fb", color="#2f6db3"',
  step: 'shape=box, style="rounded,filled", fillcolor="#ffffff", color="#333333"',
  gate: 'shape=diamond, style=filled, fillcolor="#fff4d6", color="#b38600"',
  deploy: 'shape=parallelogram, style=filled, fillcolor="#e6f6ea", color="#2e7d32"',
  sweep: 'shape=hexagon, style="filled,bold", fillcolor="#f3e8fa", color="#7b3fa0"',
};

const EDGE_STYLE = {
  data: "style=solid",
  metric: 'style=bold, color="#b38600"',
  control: "style=dashed",
  collect: 'style=bold, color="#7b3fa0", fontcolor="#7b3fa0", arrowhead=normalnormal',
} as const;

const CLUSTER_STYLE = 'style="rounded,dashed,filled", color="#7b3fa0", fillcolor="#faf6fd", fontname="Helvetica", fontsize=11';

function nodeLine(n: GraphNode, indent: string): string {
  const text = n.detail ? `${n.name}\n${n.detail}` : n.name;
  return `${indent}${dotString(n.id)} [label=${dotString(text)}, ${NODE_STYLE[n.kind]}];`;
}

/** Node lines; each sweep's members in a `cluster_` subgraph (Graphviz draws a box only for those). */
function nodeLines(g: PipelineGraphModel): string[] {
  return nodeGroups(g).flatMap((group) =>
    "node" in group
      ? [nodeLine(group.node, "  ")]
      : [
          `  subgraph ${dotString(group.cluster.id)} {`,
          `    graph [label=${dotString(group.cluster.label)}, ${CLUSTER_STYLE}];`,
          ...group.nodes.map((n) => nodeLine(n, "    ")),
          "  }",
        ],
  );
}

export function renderDot(g: PipelineGraphModel): string {
  const lines = [`digraph ${dotString(g.name)} {`, "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];', ...nodeLines(g)];
  for (const e of g.edges) {
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${EDGE_STYLE[e.kind]}${e.label ? `, label=${dotString(e.label)}` : ""}];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
