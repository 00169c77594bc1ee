/**
 * The nodes in drawing order for the text formats, each sweep's members gathered into their
 * cluster where its first member would be (Mermaid `subgraph`, DOT `subgraph cluster_…`).
 */
import type { GraphCluster, GraphNode, PipelineGraphModel } from "./model.js";

export type NodeGroup = { readonly node: GraphNode } | { readonly cluster: GraphCluster; readonly nodes: readonly GraphNode[] };

export function nodeGroups(g: PipelineGraphModel): NodeGroup[] {
  const clusterOf = new Map<string, GraphCluster>();
  for (const c of g.clusters) for (const id of c.members) clusterOf.set(id, c);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const groups: NodeGroup[] = [];
  const placed = new Set<string>();
  for (const node of g.nodes) {
    const cluster = clusterOf.get(node.id);
    if (cluster === undefined) groups.push({ node });
    else if (!placed.has(cluster.id)) {
      placed.add(cluster.id);
      groups.push({ cluster, nodes: cluster.members.map((id) => byId.get(id)!) });
    }
  }
  return groups;
}
