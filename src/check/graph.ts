/**
 * The pipeline graph: steps, gates and deploys as nodes; data edges from references
 * (`step.output`, `step.metric` in inputs, arguments, gate conditions, `model`) and control edges
 * from `after`. Plain maps and iterative algorithms: a 10,000-step chain cannot overflow the
 * stack, ties break by declaration order, and building it costs a few milliseconds (building
 * the same graph in @dagrejs/graphlib took ~0.5 s, half the budget; `toGraphlib` in
 * `src/ir/graph.ts` gives that view of the lowered pipeline to tools that want it, and the tests
 * cross-check these results against graphlib's own algorithms).
 */
import type { Expr, Identifier, StepMember } from "../syntax/ast.js";
import type { Span } from "../source/span.js";
import type { Analysis, PipelineScope } from "./program.js";
import { forEachRef } from "./walk.js";

export type GraphNodeKind = "step" | "gate" | "deploy";

export interface GraphNode {
  readonly name: string;
  readonly kind: GraphNodeKind;
  /** Declaration order within the pipeline. */
  readonly index: number;
}

/** Why `to` depends on `from`: the reference (or `after` entry) that created the edge. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: "data" | "control";
  readonly span: Span;
}

export interface PipelineGraph {
  /** Nodes in declaration order. */
  readonly nodes: readonly GraphNode[];
  /** The first reason for each edge, keyed by `edgeKey(from, to)`. */
  readonly edges: ReadonlyMap<string, GraphEdge>;
  /** Direct predecessors (data and control), sorted. */
  readonly needs: ReadonlyMap<string, readonly string[]>;
  /** Predecessors from `after` only, sorted. */
  readonly after: ReadonlyMap<string, readonly string[]>;
  /** Outputs read by another node, as `step.output`. */
  readonly usedOutputs: ReadonlySet<string>;
  /** A topological order (ties by declaration order); undefined when there is a cycle. */
  readonly order?: readonly string[];
  /** Cycles found (at most 10), each as its edges in order, starting at the earliest-declared node. */
  readonly cycles: readonly (readonly GraphEdge[])[];
}

/** Builds the graph of one pipeline from resolved references. */
export function buildPipelineGraph(analysis: Analysis, scope: PipelineScope): PipelineGraph {
  const edges = new Map<string, GraphEdge>();
  const nodes: GraphNode[] = [];
  for (const sym of scope.members.values()) {
    if (sym.kind === "step" || sym.kind === "gate" || sym.kind === "deploy") {
      const node: GraphNode = { name: sym.name, kind: sym.kind, index: sym.index };
      nodes.push(node);
    }
  }
  nodes.sort((a, b) => a.index - b.index);
  const isNode = new Set(nodes.map((n) => n.name));
  const needsArr = new Map<string, string[]>();
  const afterArr = new Map<string, string[]>();
  for (const n of nodes) {
    needsArr.set(n.name, []);
    afterArr.set(n.name, []);
  }
  /** Keys of edges that come (also) from `after`. */
  const controlKeys = new Set<string>();
  const usedOutputs = new Set<string>();
  const addEdge = (from: string, to: string, kind: "data" | "control", span: Span): void => {
    if (!isNode.has(from) || !isNode.has(to)) return;
    const key = edgeKey(from, to);
    if (!edges.has(key)) {
      edges.set(key, { from, to, kind, span });
      needsArr.get(to)!.push(from);
    }
    if (kind === "control" && !controlKeys.has(key)) {
      controlKeys.add(key);
      afterArr.get(to)!.push(from);
    }
  };
  const refsIn = (expr: Expr, to: string): void => {
    forEachRef(expr, (node) => {
      if (node.kind !== "Ref") return;
      const res = analysis.resolutions.get(node);
      if (res === undefined) return;
      if (res.kind === "output") {
        usedOutputs.add(`${res.step}.${res.output}`);
        addEdge(res.step, to, "data", node.span);
      } else if (res.kind === "metric") addEdge(res.step, to, "data", node.span);
    });
  };
  const afterIn = (ids: readonly Identifier[], to: string): void => {
    for (const id of ids) {
      const target = scope.members.get(id.name);
      if (target !== undefined && (target.kind === "step" || target.kind === "gate" || target.kind === "deploy")) {
        addEdge(target.name, to, "control", id.span);
      }
    }
  };
  const members = (ms: readonly StepMember[], to: string, bindInputs: boolean): void => {
    for (const m of ms) {
      if (m.kind === "After") afterIn(m.names, to);
      if (bindInputs && m.kind === "Inputs") for (const e of m.entries) if (e.value !== undefined) refsIn(e.value, to);
    }
  };
  for (const sym of scope.members.values()) {
    switch (sym.kind) {
      case "step":
        if (sym.decl.call !== undefined) {
          for (const a of sym.decl.call.args) refsIn(a.value, sym.name);
          members(sym.sig.members, sym.name, false);
        } else members(sym.decl.members ?? [], sym.name, true);
        break;
      case "gate":
        for (const c of sym.decl.conditions) refsIn(c, sym.name);
        break;
      case "deploy":
        for (const m of sym.decl.members) {
          if (m.kind === "DeployModel") refsIn(m.ref, sym.name);
          if (m.kind === "After") afterIn(m.names, sym.name);
        }
        break;
      default:
        break;
    }
  }
  for (const list of needsArr.values()) if (list.length > 1) list.sort(compareStrings);
  for (const list of afterArr.values()) if (list.length > 1) list.sort(compareStrings);
  const { order, cycles } = orderAndCycles(edges, nodes, needsArr);
  return { nodes, edges, needs: needsArr, after: afterArr, usedOutputs, ...(order !== undefined ? { order } : {}), cycles };
}

/** The key of the edge `from -> to` in `PipelineGraph.edges`. */
export function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kahn's algorithm with a min-heap on declaration index; on a cycle, finds each remaining cycle. */
export function orderAndCycles(
  edgeMap: ReadonlyMap<string, GraphEdge>,
  nodes: readonly GraphNode[],
  needs: ReadonlyMap<string, readonly string[]>,
): { order?: string[]; cycles: GraphEdge[][] } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  // positions in `nodes` (declaration order) stand for nodes in the hot loop
  const pos = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) pos.set(nodes[i]!.name, i);
  const succs: number[][] = nodes.map(() => []);
  const indegree = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    for (const p of needs.get(nodes[i]!.name) ?? []) {
      const j = pos.get(p);
      if (j === undefined) continue;
      succs[j]!.push(i);
      indegree[i]!++;
    }
  }
  const heap = new MinHeap();
  for (let i = 0; i < nodes.length; i++) if (indegree[i] === 0) heap.push(i);
  const order: string[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(nodes[i]!.name);
    for (const j of succs[i]!) if (--indegree[j]! === 0) heap.push(j);
  }
  if (order.length === nodes.length) return { order, cycles: [] };
  // Nodes left have a predecessor that is left too; walk predecessors until one repeats.
  const left = new Set(nodes.filter((_, i) => indegree[i]! > 0).map((n) => n.name));
  const succNames = new Map(nodes.map((n, i) => [n.name, succs[i]!.map((j) => nodes[j]!.name)]));
  const cycles: GraphEdge[][] = [];
  while (left.size > 0 && cycles.length < 10) {
    let start: string | undefined;
    for (const n of nodes) if (left.has(n.name)) { start = n.name; break; }
    const seenAt = new Map<string, number>();
    const walk: string[] = [];
    let cur = start!;
    while (!seenAt.has(cur)) {
      seenAt.set(cur, walk.length);
      walk.push(cur);
      cur = (needs.get(cur) ?? []).find((p) => left.has(p))!;
    }
    // walk[i+1] is a predecessor of walk[i]; the cycle is walk[k..] reversed into edge order
    const cyc = walk.slice(seenAt.get(cur)!).reverse();
    // start at the earliest-declared node, so the report is stable
    let best = 0;
    for (let i = 1; i < cyc.length; i++) if (byName.get(cyc[i]!)!.index < byName.get(cyc[best]!)!.index) best = i;
    const rotated = [...cyc.slice(best), ...cyc.slice(0, best)];
    const edges: GraphEdge[] = [];
    for (let i = 0; i < rotated.length; i++) {
      const from = rotated[i]!;
      const to = rotated[(i + 1) % rotated.length]!;
      edges.push(edgeMap.get(edgeKey(from, to))!);
    }
    cycles.push(edges);
    for (const n of rotated) left.delete(n);
    trim(left, needs, succNames);
  }
  return { cycles };
}

/** Removes from `left` every node that no longer has a predecessor in `left`, transitively. */
function trim(left: Set<string>, needs: ReadonlyMap<string, readonly string[]>, succs: ReadonlyMap<string, readonly string[]>): void {
  const queue = [...left].filter((n) => !(needs.get(n) ?? []).some((p) => left.has(p)));
  for (const n of queue) left.delete(n);
  while (queue.length > 0) {
    const n = queue.pop()!;
    for (const s of succs.get(n) ?? []) {
      if (left.has(s) && !(needs.get(s) ?? []).some((p) => left.has(p))) {
        left.delete(s);
        queue.push(s);
      }
    }
  }
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
