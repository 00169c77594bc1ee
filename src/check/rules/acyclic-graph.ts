/**
 * A pipeline is a directed acyclic graph (language reference, "Semantics"): a cycle of data
 * reads and `after` entries is MLP4001, with its full path and a label on every edge.
 */
import type { CheckRule } from "../rule.js";

function edgeLabel(e: { from: string; to: string; kind: "data" | "control" }): string {
  return e.kind === "control" ? `\`${e.to}\` runs after \`${e.from}\`` : `\`${e.to}\` reads from \`${e.from}\``;
}

export const acyclicGraph: CheckRule = {
  name: "acyclic-graph",
  phase: "graph",
  codes: ["MLP4001"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      for (const edges of ctx.graphs.get(scope.decl)!.cycles) {
        const names = [...edges.map((e) => e.from), edges[0]!.from];
        const path = names.map((n) => `\`${n}\``).join(" -> ");
        const first = edges[0]!;
        ctx.error("MLP4001", `cycle in pipeline \`${scope.name}\`: ${path}`, first.span, {
          label: edgeLabel(first),
          labels: edges.slice(1).map((e) => ({ span: e.span, message: edgeLabel(e) })),
          notes: ["a pipeline runs as a directed acyclic graph: every step, gate and deploy runs after the ones it depends on"],
          help: ["remove one of these dependencies (an `after` entry or a reference)"],
        });
      }
    }
  },
};
