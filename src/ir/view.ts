/**
 * The one reading of a validated pipeline that every consumer shares: the runtime's scheduler, the
 * three targets and `mlp graph`. It indexes the IR once (nodes by name, direct edges both ways) and
 * answers the graph questions they all ask: what a node needs, what depends on it, everything
 * upstream or downstream of it, and which steps' metrics a gate or deploy can see.
 *
 * Orders are always `order`'s (the IR's deterministic topological order), so anything a target
 * prints from the view comes out the same on every run.
 */
import type { IrDataset, IrDeploy, IrGate, IrParam, IrPipeline, IrStep, IrSweep, Origin } from "./ir.js";
import type { ValidPipeline } from "./validate.js";

/** A node of the pipeline graph, tagged by kind; `index` is its position in `order`. */
export type PipelineNode =
  | { readonly kind: "step"; readonly name: string; readonly index: number; readonly step: IrStep }
  | { readonly kind: "gate"; readonly name: string; readonly index: number; readonly gate: IrGate }
  | { readonly kind: "deploy"; readonly name: string; readonly index: number; readonly deploy: IrDeploy }
  /** A sweep's fan-in: after every point of its members (which are nodes of their own). */
  | { readonly kind: "sweep"; readonly name: string; readonly index: number; readonly sweep: IrSweep };


export class PipelineView {
  /** Every node in topological order. */
  readonly nodes: readonly PipelineNode[];
  private readonly byName = new Map<string, PipelineNode>();
  private readonly needsOf: (readonly number[])[];
  private readonly dependentsOf: number[][];
  private readonly paramsByName: ReadonlyMap<string, IrParam>;
  private readonly datasetsByName: ReadonlyMap<string, IrDataset>;

  constructor(readonly pipeline: ValidPipeline) {
    const steps = byName(pipeline.steps);
    const gates = byName(pipeline.gates);
    const deploys = byName(pipeline.deploys);
    const sweeps = byName(pipeline.sweeps ?? []);
    this.nodes = pipeline.order.map((ref, index): PipelineNode => {
      switch (ref.kind) {
        case "step":
          return { kind: "step", name: ref.name, index, step: steps.get(ref.name)! };
        case "gate":
          return { kind: "gate", name: ref.name, index, gate: gates.get(ref.name)! };
        case "deploy":
          return { kind: "deploy", name: ref.name, index, deploy: deploys.get(ref.name)! };
        case "sweep":
          return { kind: "sweep", name: ref.name, index, sweep: sweeps.get(ref.name)! };
      }
    });
    for (const n of this.nodes) this.byName.set(n.name, n);
    this.needsOf = this.nodes.map((n) => needsOfNode(n).map((name) => this.byName.get(name)!.index));
    this.dependentsOf = this.nodes.map(() => []);
    // Visiting nodes in order keeps every dependents list in order too.
    this.nodes.forEach((n) => {
      for (const need of this.needsOf[n.index]!) this.dependentsOf[need]!.push(n.index);
    });
    this.paramsByName = byName(pipeline.params);
    this.datasetsByName = byName(pipeline.datasets);
  }

  node(name: string): PipelineNode | undefined {
    return this.byName.get(name);
  }

  step(name: string): IrStep | undefined {
    const n = this.byName.get(name);
    return n?.kind === "step" ? n.step : undefined;
  }

  gate(name: string): IrGate | undefined {
    const n = this.byName.get(name);
    return n?.kind === "gate" ? n.gate : undefined;
  }

  deploy(name: string): IrDeploy | undefined {
    const n = this.byName.get(name);
    return n?.kind === "deploy" ? n.deploy : undefined;
  }

  sweep(name: string): IrSweep | undefined {
    const n = this.byName.get(name);
    return n?.kind === "sweep" ? n.sweep : undefined;
  }

  /** The sweeps of the pipeline, in topological order. */
  get sweeps(): readonly IrSweep[] {
    return this.pipeline.sweeps ?? [];
  }

  /** The sweep whose block declares node `name` (a step or gate run once per point), if any. */
  sweepOf(name: string): IrSweep | undefined {
    const n = this.byName.get(name);
    const sweep = n?.kind === "step" ? n.step.sweep : n?.kind === "gate" ? n.gate.sweep : undefined;
    return sweep === undefined ? undefined : this.sweep(sweep);
  }

  /** The member nodes of sweep `name` (its steps and gates), in topological order. */
  members(name: string): readonly PipelineNode[] {
    return [...this.needs(name)].sort((a, b) => a.index - b.index);
  }

  /** The `finally` steps, in `order` (they come after every other node). */
  get finallySteps(): readonly IrStep[] {
    return this.pipeline.steps.filter((s) => s.finally === true);
  }

  /** Whether `name` is a `finally` step. */
  isFinally(name: string): boolean {
    return this.step(name)?.finally === true;
  }

  /** The gates node `name` runs after `not` of (its else-branch conditions), as the IR lists them. */
  afterNot(name: string): readonly string[] {
    const n = this.byName.get(name);
    return (n?.kind === "step" ? n.step.afterNot : n?.kind === "deploy" ? n.deploy.afterNot : undefined) ?? [];
  }

  /** The nodes that run only when gate `gate` does not hold (`after not gate`), in topological order. */
  elseBranches(gate: string): readonly PipelineNode[] {
    return this.dependents(gate).filter((n) => this.afterNot(n.name).includes(gate));
  }

  param(name: string): IrParam | undefined {
    return this.paramsByName.get(name);
  }

  dataset(name: string): IrDataset | undefined {
    return this.datasetsByName.get(name);
  }

  /** The nodes `name` needs directly (data and `after`), as the IR lists them. */
  needs(name: string): readonly PipelineNode[] {
    return this.indexesToNodes(this.needsOf[this.indexOf(name)]!);
  }

  /** The nodes that need `name` directly, in topological order. */
  dependents(name: string): readonly PipelineNode[] {
    return this.indexesToNodes(this.dependentsOf[this.indexOf(name)]!);
  }

  /** Every node `name` depends on, directly or through others (steps, gates and deploys), in topological order. */
  upstream(name: string): readonly PipelineNode[] {
    return this.reachable(name, this.needsOf);
  }

  /** Every node that depends on `name`, directly or through others, in topological order. */
  downstream(name: string): readonly PipelineNode[] {
    return this.reachable(name, this.dependentsOf);
  }

  /**
   * The steps upstream of `name` that report metrics, in topological order: what a gate or deploy
   * can read, and what a deploy records beside the model it ships. For a node outside a sweep,
   * members of an upstream sweep are left out (their metrics exist once per point; the node sees
   * the best point's through the sweep); for a member, its own sweep's members upstream count.
   */
  metricSources(name: string): readonly IrStep[] {
    const own = this.sweepOf(name)?.name;
    const out: IrStep[] = [];
    for (const n of this.upstream(name))
      if (n.kind === "step" && n.step.metrics.length > 0 && (n.step.sweep === undefined || n.step.sweep === own)) out.push(n.step);
    return out;
  }

  private indexOf(name: string): number {
    const n = this.byName.get(name);
    if (n === undefined) throw new Error(`internal: pipeline \`${this.pipeline.name}\` has no node \`${name}\``);
    return n.index;
  }

  private indexesToNodes(indexes: readonly number[]): PipelineNode[] {
    return indexes.map((i) => this.nodes[i]!);
  }

  /** Nodes reachable from `name` along `edges`, without `name`, sorted by position in `order`. */
  private reachable(name: string, edges: readonly (readonly number[])[]): PipelineNode[] {
    const seen = new Uint8Array(this.nodes.length);
    const stack = [...edges[this.indexOf(name)]!];
    const found: number[] = [];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (seen[i] === 1) continue;
      seen[i] = 1;
      found.push(i);
      for (const j of edges[i]!) if (seen[j] === 0) stack.push(j);
    }
    return this.indexesToNodes(found.sort((a, b) => a - b));
  }
}

const views = new WeakMap<IrPipeline, PipelineView>();

/**
 * The view of `pipeline`, built once per pipeline object and shared by everyone who asks. Only a
 * validated pipeline has one: the view trusts `order` and every reference.
 */
export function pipelineView(pipeline: ValidPipeline): PipelineView {
  let view = views.get(pipeline);
  if (view === undefined) views.set(pipeline, (view = new PipelineView(pipeline)));
  return view;
}

/** Where node `n` is declared. */
export function nodeOrigin(n: PipelineNode): Origin {
  switch (n.kind) {
    case "step":
      return n.step.origin;
    case "gate":
      return n.gate.origin;
    case "deploy":
      return n.deploy.origin;
    case "sweep":
      return n.sweep.origin;
  }
}

function needsOfNode(n: PipelineNode): readonly string[] {
  switch (n.kind) {
    case "step":
      return n.step.needs;
    case "gate":
      return n.gate.needs;
    case "deploy":
      return n.deploy.needs;
    case "sweep":
      return n.sweep.needs;
  }
}

function byName<T extends { readonly name: string }>(xs: readonly T[]): Map<string, T> {
  return new Map(xs.map((x) => [x.name, x]));
}
