/**
 * The pipeline graph: steps, gates and deploys as nodes; data edges from references
 * (`step.output`, `step.metric` in inputs, arguments, gate conditions, `model`) and control edges
 * from `after`. Plain maps and iterative algorithms: a 10,000-step chain cannot overflow the
 * stack, ties break by declaration order, and building it costs a few milliseconds (building
 * the same graph in @dagrejs/graphlib took ~0.5 s, half the budget; the tests cross-check these
 * results against graphlib's own algorithms). Consumers of the lowered IR read `src/ir/view.ts`.
 */
import type { DeployedExpr, Expr, Identifier, RefExpr, StepMember } from "../syntax/ast.js";
import type { Span } from "../source/span.js";
import type { Analysis, PipelineScope } from "./program.js";
import { forEachRef } from "./walk.js";

export type GraphNodeKind = "step" | "gate" | "deploy" | "sweep";

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
  /** Positions in `nodes` of `order`, when there is an order (lowering walks these, not names). */
  readonly orderPositions?: readonly number[];
  /** `needs` and `after` by position in `nodes` (undefined: none), for walks by position. */
  readonly needsAt?: readonly (readonly string[] | undefined)[];
  readonly afterAt?: readonly (readonly string[] | undefined)[];
}

/**
 * Builds the graph of one pipeline from resolved references. Every edge into a node comes from
 * that node's own declaration, so the edges into one node are added together: repeats are
 * caught with a per-node stamp instead of a map keyed by strings, each `needs` list is sorted as
 * soon as it is complete, and the topological order works on declaration positions. The
 * string-keyed views (`edges`, `usedOutputs`) are built only when something reads them.
 */
export function buildPipelineGraph(analysis: Analysis, scope: PipelineScope): PipelineGraph {
  const nodes: GraphNode[] = [];
  for (const sym of scope.members.values()) {
    if (sym.kind === "step" || sym.kind === "gate" || sym.kind === "deploy" || sym.kind === "sweep") {
      const node: GraphNode = { name: sym.name, kind: sym.kind, index: sym.index };
      nodes.push(node);
    }
  }
  // already in declaration order unless a name was declared twice: sort only then
  let sorted = true;
  for (let i = 1; i < nodes.length && sorted; i++) sorted = nodes[i - 1]!.index < nodes[i]!.index;
  if (!sorted) nodes.sort((a, b) => a.index - b.index);
  const n = nodes.length;
  // a node's position from its declaration index (no map keyed by name: `scope.members` is one)
  let maxIndex = -1;
  for (let i = 0; i < n; i++) if (nodes[i]!.index > maxIndex) maxIndex = nodes[i]!.index;
  const posOfIndex = new Int32Array(maxIndex + 1).fill(-1);
  for (let i = 0; i < n; i++) posOfIndex[nodes[i]!.index] = i;
  const positionOf = (name: string): number => {
    const sym = scope.members.get(name);
    return sym !== undefined && (sym.kind === "step" || sym.kind === "gate" || sym.kind === "deploy" || sym.kind === "sweep") ? posOfIndex[sym.index]! : -1;
  };
  /** `needs` and `after` lists by position (undefined: none yet). */
  const needsAt: (string[] | undefined)[] = new Array(n);
  const afterAt: (string[] | undefined)[] = new Array(n);
  const edgeList: GraphEdge[] = [];
  const usedOutputs: { readonly step: string; readonly output: string }[] = [];
  // While the edges into node `t` are added, hasEdge[f] === t + 1 means `f -> t` exists, and
  // hasControl[f] === t + 1 that it comes (also) from `after`.
  const hasEdge = new Int32Array(n);
  const hasControl = new Int32Array(n);
  /** Positions of the nodes that need node `i`; undefined while there are none. */
  const succs: (number[] | undefined)[] = new Array(n);
  const indegree = new Int32Array(n);
  let to = "";
  let toPos = -1;
  let needs: string[] | undefined;
  let after: string[] | undefined;
  const addEdge = (from: string, kind: "data" | "control", span: Span): void => {
    const f = positionOf(from);
    if (f < 0 || toPos < 0) return;
    if (hasEdge[f] !== toPos + 1) {
      hasEdge[f] = toPos + 1;
      edgeList.push({ from, to, kind, span });
      // `[from]` is allocated at size 1 (a `[]` grown by `push` keeps room for 16; these lists end up in the IR)
      if (needs === undefined) {
        needs = [from];
        needsAt[toPos] = needs;
      } else needs.push(from);
      const next = succs[f];
      if (next === undefined) succs[f] = [toPos];
      else next.push(toPos);
      indegree[toPos]!++;
    }
    if (kind === "control" && hasControl[f] !== toPos + 1) {
      hasControl[f] = toPos + 1;
      if (after === undefined) {
        after = [from];
        afterAt[toPos] = after;
      } else after.push(from);
    }
  };
  const refAt = (node: RefExpr | DeployedExpr): void => {
    if (node.kind !== "Ref") return;
    const res = analysis.resolutions.get(node);
    if (res === undefined) return;
    if (res.kind === "output") {
      usedOutputs.push(res);
      addEdge(res.step, "data", node.span);
    } else if (res.kind === "metric") addEdge(res.step, "data", node.span);
    else if (res.kind === "sweepOutput") {
      // a member's output read through its sweep is read: the fan-in hands it on
      usedOutputs.push(res);
      addEdge(res.sweep, "data", node.span);
    } else if (res.kind === "sweepMetric") addEdge(res.sweep, "data", node.span);
  };
  const refsIn = (expr: Expr): void => {
    if (expr.kind === "Ref") refAt(expr);
    else forEachRef(expr, refAt);
  };
  const afterIn = (ids: readonly Identifier[]): void => {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const target = scope.members.get(id.name);
      if (target !== undefined && (target.kind === "step" || target.kind === "gate" || target.kind === "deploy" || target.kind === "sweep")) {
        addEdge(target.name, "control", id.span);
      }
    }
  };
  const members = (ms: readonly StepMember[], bindInputs: boolean): void => {
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]!;
      if (m.kind === "After") afterIn(m.names);
      if (bindInputs && m.kind === "Inputs") {
        for (let j = 0; j < m.entries.length; j++) {
          const value = m.entries[j]!.value;
          if (value !== undefined) refsIn(value);
        }
      }
    }
  };
  for (const sym of scope.members.values()) {
    if (sym.kind !== "step" && sym.kind !== "gate" && sym.kind !== "deploy" && sym.kind !== "sweep") continue;
    to = sym.name;
    toPos = posOfIndex[sym.index] ?? -1;
    needs = undefined;
    after = undefined;
    switch (sym.kind) {
      case "step":
        if (sym.decl.call !== undefined) {
          const args = sym.decl.call.args;
          for (let i = 0; i < args.length; i++) refsIn(args[i]!.value);
          members(sym.sig.members, false);
        } else if (sym.decl.members !== undefined) members(sym.decl.members, true);
        break;
      case "gate": {
        const conditions = sym.decl.conditions;
        for (let i = 0; i < conditions.length; i++) refsIn(conditions[i]!);
        break;
      }
      case "deploy":
        for (const m of sym.decl.members) {
          if (m.kind === "DeployModel") refsIn(m.ref);
          if (m.kind === "After") afterIn(m.names);
        }
        break;
      case "sweep":
        // the fan-in waits for every point of every member
        for (const member of sym.info.members) addEdge(member, "data", sym.decl.name.span);
        break;
    }
    // every edge into `to` is in: its lists are complete
    if (needs !== undefined) sortNames(needs);
    if (after !== undefined) sortNames(after);
  }
  const order = topologicalOrder(nodes, succs, indegree);
  return new BuiltGraph(nodes, edgeList, needsAt, afterAt, usedOutputs, order);
}

/** A built graph; `edges`, `needs`, `after` and `usedOutputs` are materialised on first read. */
class BuiltGraph implements PipelineGraph {
  private edgeMap: Map<string, GraphEdge> | undefined;
  private used: Set<string> | undefined;
  private needsMap: Map<string, readonly string[]> | undefined;
  private afterMap: Map<string, readonly string[]> | undefined;
  // `declare`d: `order` is absent, not undefined, when there is a cycle (as in a plain object)
  declare readonly order?: readonly string[];
  readonly cycles: readonly (readonly GraphEdge[])[];

  constructor(
    readonly nodes: readonly GraphNode[],
    private readonly edgeList: readonly GraphEdge[],
    readonly needsAt: readonly (readonly string[] | undefined)[],
    readonly afterAt: readonly (readonly string[] | undefined)[],
    private readonly usedOutputRefs: readonly { readonly step: string; readonly output: string }[],
    order: { names: string[]; positions: number[] } | undefined,
  ) {
    if (order !== undefined) {
      (this as { order?: readonly string[] }).order = order.names;
      (this as { orderPositions?: readonly number[] }).orderPositions = order.positions;
      this.cycles = [];
    } else this.cycles = findCycles(this.edges, nodes, this.needs);
  }

  // `declare`d like `order`: present only when there is an order
  declare readonly orderPositions?: readonly number[];

  get needs(): ReadonlyMap<string, readonly string[]> {
    return (this.needsMap ??= byName(this.nodes, this.needsAt));
  }

  get after(): ReadonlyMap<string, readonly string[]> {
    return (this.afterMap ??= byName(this.nodes, this.afterAt));
  }

  get edges(): ReadonlyMap<string, GraphEdge> {
    if (this.edgeMap === undefined) {
      this.edgeMap = new Map();
      for (const e of this.edgeList) this.edgeMap.set(edgeKey(e.from, e.to), e);
    }
    return this.edgeMap;
  }

  get usedOutputs(): ReadonlySet<string> {
    if (this.used === undefined) {
      this.used = new Set();
      for (const r of this.usedOutputRefs) this.used.add(`${r.step}.${r.output}`);
    }
    return this.used;
  }
}

/** The lists of `lists` (by position in `nodes`) keyed by node name, in node order, leaving out the missing ones. */
function byName(nodes: readonly GraphNode[], lists: readonly (readonly string[] | undefined)[]): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (let i = 0; i < nodes.length; i++) {
    const list = lists[i];
    if (list !== undefined) map.set(nodes[i]!.name, list);
  }
  return map;
}

/** Sorts a list of distinct names in place; a short one by insertion (`Array#sort` allocates a work array per call). */
function sortNames(list: string[]): void {
  if (list.length > 8) {
    list.sort(compareStrings);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const v = list[i]!;
    let j = i - 1;
    while (j >= 0 && compareStrings(list[j]!, v) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = v;
  }
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
  const order = topologicalOrder(nodes, succs, indegree);
  if (order !== undefined) return { order: order.names, cycles: [] };
  return { cycles: findCycles(edgeMap, nodes, needs) };
}

/**
 * Kahn's algorithm over positions in `nodes` (`succs[i]`: positions that need node `i`;
 * `indegree` is consumed), ties broken by declaration index. Undefined when there is a cycle.
 */
function topologicalOrder(
  nodes: readonly GraphNode[],
  succs: readonly (readonly number[] | undefined)[],
  indegree: Int32Array,
): { names: string[]; positions: number[] } | undefined {
  const heap = new MinHeap();
  for (let i = 0; i < nodes.length; i++) if (indegree[i] === 0) heap.push(i);
  const order: string[] = [];
  const positions: number[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(nodes[i]!.name);
    positions.push(i);
    const next = succs[i];
    if (next === undefined) continue;
    for (let k = 0; k < next.length; k++) {
      const j = next[k]!;
      if (--indegree[j]! === 0) heap.push(j);
    }
  }
  return order.length === nodes.length ? { names: order, positions } : undefined;
}

/** The cycles of a graph that has some (at most 10), each from its earliest-declared node. */
function findCycles(edgeMap: ReadonlyMap<string, GraphEdge>, nodes: readonly GraphNode[], needs: ReadonlyMap<string, readonly string[]>): GraphEdge[][] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const succNames = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const n of nodes) for (const p of needs.get(n.name) ?? []) succNames.get(p)?.push(n.name);
  // nodes left after Kahn's algorithm: those on or after a cycle
  const left = new Set(nodes.map((n) => n.name));
  trim(left, needs, succNames);
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
  return cycles;
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
