/**
 * The executor's scheduler: which node may start, and when. It walks the pipeline's view in
 * topological order: a node becomes ready when everything it needs has settled; it is skipped when
 * one of those did not succeed, and not run once the run is stopping (a failure, a cancellation).
 * Ready steps wait in a queue for one of the `-j` slots. What a node does when it starts (plan a
 * step, evaluate a gate, deploy) is the executor's business, through `SchedulerHooks`; the
 * scheduler knows nothing of commands, the cache or the store.
 *
 * Control flow (docs/ir.md, "Control flow"): a node `after not GATE` runs only when that gate was
 * checked and did not hold; `finally` steps wait until every other node has settled, whatever
 * happened (a failure, Ctrl-C), and then run with the run's status so far.
 */
import type { RunStatus as StatusWord } from "../ir/ir.js";
import type { PipelineNode, PipelineView } from "../ir/view.js";
import type { NodeOutcome, NodeStatus, RunEvent, RunStatus } from "./run-events.js";

/** A node of this run: its place in the view, how many of its needs are unsettled, its status. */
export interface ScheduledNode {
  readonly kind: PipelineNode["kind"];
  readonly name: string;
  readonly node: PipelineNode;
  readonly needs: readonly ScheduledNode[];
  readonly dependents: ScheduledNode[];
  remaining: number;
  status: NodeStatus;
}

/** What the executor does at each point of a node's life. */
export interface SchedulerHooks<Plan> {
  /** The node's needs all succeeded and the run goes on: plan a step (`enqueue`), evaluate a gate, start a deploy (`track`). */
  start(n: ScheduledNode): void;
  /** A queued step got a slot. False when it need not execute now (reused, or parked to wait). */
  claim(n: ScheduledNode, plan: Plan): boolean;
  /** Executes a claimed step; it settles the node itself. */
  execute(n: ScheduledNode, plan: Plan): Promise<void>;
  /** A step's execution ended, however it ended. */
  executed(n: ScheduledNode, plan: Plan): void;
  /** A node settled; `quiet` when it never became ready because the run stopped (no event). */
  settled(n: ScheduledNode, outcome: NodeOutcome, quiet: boolean): void;
  /** A hook threw: a store fault (anything else is rethrown by the hook). */
  fault(e: unknown): void;
  /** Every other node has settled and the `finally` steps start: `status` is what `${status}` gives them. */
  finallyStarts?(status: StatusWord): void;
  /** Masks secret values in an outcome before it is kept or reported. */
  redact(outcome: NodeOutcome): NodeOutcome;
  emit(e: RunEvent): void;
}

export interface SchedulerOptions {
  readonly jobs: number;
  readonly dryRun: boolean;
  /** `--from STEP`: force this step and everything downstream of it. */
  readonly from?: string;
  /** Sweeps: which nodes are copies run inside a point (`sweep/expand.ts`). */
  readonly points?: PointNodes;
}

/**
 * A sweep's points, as the scheduler sees them: a gate inside a point that does not hold makes
 * only that point incomplete. Its fan-in still runs (without it), and the run is not `gated`.
 */
export interface PointNodes {
  /** Node `name` is a member's copy at some point. */
  inside(name: string): boolean;
  /** A gate of node `name`'s point did not hold. */
  gated(name: string): boolean;
  /** The copies of sweep member `member` (`--from train` forces every point's `train`). */
  copies(member: string): readonly string[];
}

/** A status a dependent may go on from. */
export function isGood(status: NodeStatus, dry: boolean): boolean {
  if (status === "done" || status === "cached" || status === "passed" || status === "deployed" || status === "registered") return true;
  return dry && status === "would_run";
}

export class Scheduler<Plan> {
  readonly nodes: readonly ScheduledNode[];
  private readonly outcomes = new Map<string, NodeOutcome>();
  /** The steps `--from` forces (it and everything downstream of it). */
  readonly forced: ReadonlySet<string>;
  /** Why the run is stopping, once it is. */
  stopping: "failed" | "cancelled" | null = null;
  private running = 0;
  private settledCount = 0;
  private readonly ready: ScheduledNode[] = [];
  private draining = false;
  private readonly queue: { n: ScheduledNode; plan: Plan }[] = [];
  /** Steps waiting for another run that executes the same cache key, with their poll timers. */
  private readonly waiting = new Map<ScheduledNode, NodeJS.Timeout>();
  private resolveDone: (() => void) | null = null;
  /** The `finally` steps: started only once every other node has settled. */
  private readonly finallyNodes: ReadonlySet<ScheduledNode>;
  /** Nodes `after not` each gate (by node name: the gates it needs to not have held). */
  private readonly afterNot = new Map<string, ReadonlySet<string>>();
  private phase: "main" | "finally" = "main";
  /** Why the run was stopping when the `finally` steps started (they run anyway). */
  private stoppedBeforeFinally: "failed" | "cancelled" | null = null;

  constructor(
    view: PipelineView,
    private readonly options: SchedulerOptions,
    private readonly hooks: SchedulerHooks<Plan>,
  ) {
    const nodes: ScheduledNode[] = view.nodes.map((node) => ({
      kind: node.kind,
      name: node.name,
      node,
      needs: [],
      dependents: [],
      remaining: 0,
      status: "pending",
    }));
    for (const n of nodes) {
      const needs = view.needs(n.name).map((x) => nodes[x.index]!);
      (n as { needs: readonly ScheduledNode[] }).needs = needs;
      n.remaining = needs.length;
      for (const need of needs) need.dependents.push(n);
    }
    this.nodes = nodes;
    this.finallyNodes = new Set(nodes.filter((n) => view.isFinally(n.name)));
    for (const n of nodes) {
      const gates = view.afterNot(n.name);
      if (gates.length > 0) this.afterNot.set(n.name, new Set(gates));
    }
    const from = options.from;
    const starts = from === undefined ? [] : view.step(from) !== undefined ? [from] : (options.points?.copies(from) ?? []);
    this.forced = new Set(starts.flatMap((s) => [s, ...view.downstream(s).map((x) => x.name)]));
  }

  /** Starts the roots; resolves once every node has settled and nothing runs. */
  run(): Promise<void> {
    const done = new Promise<void>((r) => (this.resolveDone = r));
    for (const n of this.nodes) if (n.remaining === 0 && !this.finallyNodes.has(n)) this.ready.push(n);
    this.drain();
    this.pump();
    this.checkFinished();
    return done;
  }

  /** Stops starting nodes: `cancelled` wins over `failed`. */
  stop(why: "failed" | "cancelled"): void {
    if (why === "cancelled") this.stopping = "cancelled";
    else this.stopping ??= "failed";
  }

  /** Ctrl-C: stop, and end the run once the running steps have ended. */
  cancel(): void {
    this.stop("cancelled");
    this.checkFinished();
  }

  outcome(name: string): NodeOutcome | undefined {
    return this.outcomes.get(name);
  }

  /** The outcomes so far, in topological order. */
  orderedOutcomes(): NodeOutcome[] {
    const out: NodeOutcome[] = [];
    for (const n of this.nodes) {
      const o = this.outcomes.get(n.name);
      if (o !== undefined) out.push(o);
    }
    return out;
  }

  finalStatus(): RunStatus {
    const stopped = this.stopping ?? this.stoppedBeforeFinally;
    if (this.stopping === "cancelled" || this.stoppedBeforeFinally === "cancelled") return "cancelled";
    const points = this.options.points;
    const st = [...this.outcomes.values()].filter((o) => !(o.status === "gated" && points?.inside(o.name))).map((o) => o.status);
    if (stopped === "failed" || st.includes("failed")) return "failed";
    if (st.includes("gated")) return "gated";
    if (st.includes("awaiting_approval")) return "awaiting_approval";
    return "success";
  }

  /** Records `n`'s outcome, reports it and readies the dependents whose needs have now all settled. */
  settle(n: ScheduledNode, settled: NodeOutcome): void {
    const outcome = this.hooks.redact(settled);
    n.status = outcome.status;
    this.outcomes.set(n.name, outcome);
    this.settledCount++;
    this.hooks.settled(n, outcome, false);
    this.hooks.emit({ type: "node-end", outcome });
    for (const d of n.dependents) {
      d.remaining--;
      if (d.remaining === 0) this.ready.push(d);
    }
    this.drain();
  }

  /** A step planned to execute: it waits for a `-j` slot. */
  enqueue(n: ScheduledNode, plan: Plan): void {
    this.queue.push({ n, plan });
  }

  /** Runs `work` for `n` (a deploy) in one of the running slots; a fault in it fails `n`. */
  track(n: ScheduledNode, work: () => Promise<void>): void {
    n.status = "running";
    this.running++;
    void work()
      .catch((e) => this.failed(n, e))
      .finally(() => {
        this.running--;
        this.pump();
        this.checkFinished();
      });
  }

  /** Parks a queued step (another run executes its key) and calls `poll` after `ms`. */
  park(n: ScheduledNode, ms: number, poll: () => void): void {
    this.waiting.set(
      n,
      setTimeout(() => {
        this.waiting.delete(n);
        poll();
      }, ms),
    );
  }

  /** A parked step runs here after all: first in the queue. */
  requeue(n: ScheduledNode, plan: Plan): void {
    this.queue.unshift({ n, plan });
    this.pump();
    this.checkFinished();
  }

  /** Starts queued steps while slots are free; once stopping, settles the queued and parked ones `not_run`. */
  pump(): void {
    while (this.queue.length > 0 && this.running < Math.max(1, this.options.jobs)) {
      const { n, plan } = this.queue.shift()!;
      if (this.stopping) {
        this.settle(n, this.notRun(n));
        continue;
      }
      if (!this.hooks.claim(n, plan)) continue;
      this.running++;
      n.status = "running";
      void this.hooks
        .execute(n, plan)
        .catch((e) => this.failed(n, e))
        .finally(() => {
          this.running--;
          this.hooks.executed(n, plan);
          this.pump();
          this.checkFinished();
        });
    }
    if (this.stopping) {
      for (const [n, timer] of this.waiting) {
        clearTimeout(timer);
        this.waiting.delete(n);
        this.settle(n, this.notRun(n));
      }
      while (this.queue.length > 0) {
        const { n } = this.queue.shift()!;
        this.settle(n, this.notRun(n));
      }
    }
  }

  /**
   * The status `${status}` gives a `finally` step (`RunStatus` of the IR): the run's status so far.
   * A deploy awaiting approval counts as `gated`: something stopped the run short of its end.
   */
  statusSoFar(): StatusWord {
    const s = this.finalStatus();
    return s === "success" ? "succeeded" : s === "awaiting_approval" ? "gated" : s === "cancelled" || s === "gated" ? s : "failed";
  }

  /** Resolves `run()` when all is settled; once stopping and idle, settles what never became ready. */
  checkFinished(): void {
    if (this.stopping && this.running === 0) {
      this.pump();
      for (const n of this.nodes) {
        if (n.status !== "pending" || (this.phase === "main" && this.finallyNodes.has(n))) continue;
        const outcome = this.notRun(n);
        n.status = "not_run";
        this.outcomes.set(n.name, outcome);
        this.hooks.settled(n, outcome, true);
        this.settledCount++;
      }
    }
    const idle = this.running === 0 && this.queue.length === 0 && this.waiting.size === 0;
    if (idle && this.phase === "main" && this.finallyNodes.size > 0 && this.settledCount >= this.nodes.length - this.finallyNodes.size) {
      this.startFinally();
      return;
    }
    if (this.running === 0 && this.queue.length === 0 && this.settledCount >= this.nodes.length && this.resolveDone) {
      const r = this.resolveDone;
      this.resolveDone = null;
      r();
    }
  }

  /**
   * Every other node has settled: the `finally` steps run now, even after a failure or Ctrl-C (the
   * reason the run stopped is kept for its final status). Only a second Ctrl-C stops them.
   */
  private startFinally(): void {
    this.hooks.finallyStarts?.(this.statusSoFar());
    this.phase = "finally";
    this.stoppedBeforeFinally = this.stopping;
    this.stopping = null;
    for (const n of this.finallyNodes) this.ready.push(n);
    this.drain();
    this.pump();
    this.checkFinished();
  }

  /** A node whose handling threw (a store fault): recorded failed so the run can end. */
  private failed(n: ScheduledNode, e: unknown): void {
    this.hooks.fault(e);
    this.stop("failed");
    if (!this.outcomes.has(n.name)) this.settle(n, { kind: n.kind, name: n.name, status: "failed", reason: "the store failed" });
  }

  private notRun(n: ScheduledNode): NodeOutcome {
    return { kind: n.kind, name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" };
  }

  /**
   * Handles nodes that became ready, iteratively: a cached chain of 1,000 steps settles in one
   * loop instead of 1,000 nested calls.
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < this.ready.length; i++) {
        const n = this.ready[i]!;
        try {
          this.becomeReady(n);
        } catch (e) {
          this.hooks.fault(e);
          this.stop("failed");
          if (n.status === "pending") this.settle(n, this.notRun(n));
        }
      }
    } finally {
      this.ready.length = 0;
      this.draining = false;
    }
  }

  /** `x`, a need of a sweep's fan-in, stopped at a gate of its own point: the point is left out. */
  private incompletePoint(x: ScheduledNode): boolean {
    const points = this.options.points;
    if (points === undefined || !points.inside(x.name)) return false;
    return x.status === "gated" || (x.status === "skipped" && points.gated(x.name));
  }

  private becomeReady(n: ScheduledNode): void {
    if (n.status !== "pending") return;
    // A node whose predecessors did not all succeed is skipped (gate failed, step failed, …); an
    // else branch (`after not GATE`) is skipped unless that gate was checked and did not hold.
    const not = this.afterNot.get(n.name);
    const dry = this.options.dryRun;
    const blocked = n.needs.find((x) =>
      not?.has(x.name) ? !(x.status === "gated" || (dry && x.status === "would_run")) : !isGood(x.status, dry) && !(n.kind === "sweep" && this.incompletePoint(x)),
    );
    if (blocked) {
      const reason = not?.has(blocked.name) && blocked.status === "passed" ? `gate \`${blocked.name}\` held (this is its \`after not\` branch)` : blockedReason(blocked);
      this.settle(n, { kind: n.kind, name: n.name, status: this.stopping ? "not_run" : "skipped", reason });
      return;
    }
    if (this.stopping) {
      this.settle(n, this.notRun(n));
      return;
    }
    this.hooks.start(n);
  }
}

function blockedReason(blocked: ScheduledNode): string {
  if (blocked.status === "gated") return `gate \`${blocked.name}\` failed`;
  if (blocked.status === "awaiting_approval") return `deploy \`${blocked.name}\` awaits approval`;
  return `\`${blocked.name}\` ${blocked.status === "skipped" ? "was skipped" : blocked.status === "failed" ? "failed" : "did not run"}`;
}
