/** Graphviz DOT text (`dot -Tpng`), for tools that already speak DOT. */
import type { GraphEdge, GraphNode, PipelineGraphModel } from "./model.js";
import { nodeGroups } from "./node-groups.js";

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const NODE_STYLE: Record<GraphNode["kind"], string> = {
  dataset: 'shape=cylinder, style=filled, fillcolor="#e8f1fb", color="#2f6db3"',
  registry: 'shape=cylinder, style="dashed,filled", fillcolor="#f1f8f2", color="#2e7d32"',
  step: 'shape=box, style="rounded,filled", fillcolor="#ffffff", color="#333333"',
  finally: 'shape=box, style="rounded,dashed,filled", fillcolor="#f2f2f2", color="#555555"',
  gate: 'shape=diamond, style=filled, fillcolor="#fff4d6", color="#b38600"',
  assert: 'shape=octagon, style=filled, fillcolor="#fdecea", color="#c62828"',
  deploy: 'shape=parallelogram, style=filled, fillcolor="#e6f6ea", color="#2e7d32"',
  sweep: 'shape=hexagon, style="filled,bold", fillcolor="#f3e8fa", color="#7b3fa0"',
};

const EDGE_STYLE: Record<GraphEdge["kind"], string> = {
  data: "style=solid",
  metric: 'style=bold, color="#b38600"',
  control: "style=dashed",
  collect: 'style=bold, color="#7b3fa0", fontcolor="#7b3fa0", arrowhead=normalnormal',
  else: 'style=dashed, color="#b38600", fontcolor="#b38600"',
  registry: 'style=dashed, color="#2e7d32", fontcolor="#2e7d32"',
};

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
  // `finally` steps need nothing and nothing needs them: the last rank puts them after everything.
  const finals = g.nodes.filter((n) => n.kind === "finally");
  if (finals.length > 0) lines.push(`  { rank=sink; ${finals.map((n) => `${dotString(n.id)};`).join(" ")} }`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
