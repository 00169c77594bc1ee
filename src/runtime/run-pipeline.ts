/**
 * The local executor: runs one validated pipeline on this machine. It wires the pieces together:
 * the scheduler (`scheduler.ts`: which node may start), each step's plan (its cache key; reused or
 * executed, here), its attempts (`step-attempt.ts`: command, spawn, output and metrics checks),
 * gates (`gate-eval.ts`) and deploys (`deploy-run.ts`), and the recorder (`run-recorder.ts`: every
 * store write, batched). Outputs are written to a private temporary directory and moved into the
 * content-addressed store only when the step succeeded and its outputs and metrics checked out.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { printable } from "../diagnostics/printable.js";
import type { IrDeploy, IrGate, IrStep } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { pipelineView, type PipelineView } from "../ir/view.js";
import type { Builtins } from "./builtins.js";
import { sha256 } from "./cache-key.js";
import { runDeploy } from "./deploy-run.js";
import { evaluateGate } from "./gate-eval.js";
import { gitInfo, type GitInfo } from "./git-info.js";
import { irHash } from "./ir-cache.js";
import { typeName } from "./lineage-record.js";
import { readTail } from "./log-tail.js";
import { ObjectChecker } from "./object-check.js";
import { headObjects, type ObjectHashes } from "./object-datasets.js";
import { recoverDeadRuns } from "./recover.js";
import { Redactor } from "./redact.js";
import { redactDeadRunLogs, redactLogFile, shortSecretWarnings, unmaskedLogWarning } from "./redact-run.js";
import { replayPlan, tryReplay } from "./replay.js";
import type { NodeOutcome, RunEvent, RunResult, RunStatus } from "./run-events.js";
import { endRunRecord, startRunRecord, type RunRecordInfo } from "./run-record.js";
import { RunRecorder, type StepStateKey } from "./run-recorder.js";
import type { RunRequest } from "./run-request.js";
import { RunValues } from "./run-values.js";
import { Scheduler, type ScheduledNode } from "./scheduler.js";
import { defaultLauncher, ShellPool } from "./shell-pool.js";
import { StepAttempts } from "./step-attempt.js";
import { planStep, type PlanContext, type StepKey, type StepPlan } from "./step-plan.js";
import { StepLocks } from "./step-lock.js";
import type { Store } from "./store.js";
import { expandSweeps, type ExpandedPipeline } from "./sweep/expand.js";
import { runFanInNode } from "./sweep/fan-in-node.js";

export type { RunRequest } from "./run-request.js";
export { readTail } from "./log-tail.js";

/** Runs (or, with `dryRun`, plans) a pipeline. Never throws on bad user data. */
export async function runPipeline(request: RunRequest): Promise<RunResult> {
  // The IR's hash once (a hand-written .ir.json has none yet): the run record and the replay key need it.
  const req = request.irHash !== undefined ? request : { ...request, irHash: irHash(request.ir) };
  const plan = req.replay === false || req.dryRun === true ? null : replayPlan(req.pipeline);
  const objects = await headObjects(
    req.pipeline.datasets.map((d) => d.uri),
    req.env ?? process.env,
    req.objects,
  );
  const redactor = Redactor.fromEnv(
    req.pipeline.secrets.map((s) => s.name),
    req.env ?? process.env,
  );
  // A killed mlp never masked the logs of the steps it was running: this run does, with its values.
  if (req.dryRun !== true) {
    recoverDeadRuns(req.store);
    redactDeadRunLogs(req.store.dir, req.store.logsDir, redactor);
  }
  const replayed = plan === null ? undefined : await tryReplay({ ...req, ...recordInfo(req, redactor), plan, objects });
  return replayed ?? new Executor(req, objects, redactor).run();
}

/** What the run's `runs` row records of `req`: the pipeline by name, the IR by source and hash. */
function recordInfo(req: RunRequest, redactor: Redactor): RunRecordInfo {
  return { ...req, pipeline: req.pipeline.name, source: req.ir.source, irHash: req.irHash ?? irHash(req.ir), redactor };
}

class Executor {
  /** The pipeline with each sweep member copied once per point (`sweep/expand.ts`). */
  private readonly p: ValidPipeline;
  private readonly expanded: ExpandedPipeline;
  private readonly view: PipelineView;
  private readonly store: Store;
  private readonly env: NodeJS.ProcessEnv;
  private readonly dry: boolean;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly scheduler: Scheduler<StepPlan>;
  private readonly recorder: RunRecorder;
  private readonly values: RunValues;
  private readonly attempts: StepAttempts;
  private readonly checker: ObjectChecker;
  private readonly started = Date.now();
  private runId: number | null = null;
  private runDir = "";
  private builtins: Builtins | undefined | null = null;
  private readonly pool: ShellPool | undefined;
  private readonly planContext: PlanContext;
  /** Locks on the cache keys of the steps this run executes (see step-lock.ts). */
  private locks: StepLocks | undefined;
  /** What `${status}` gives the `finally` steps, once they start. */
  private statusWord = "succeeded";
  /**
   * The `finally` steps' own cancellation: Ctrl-C before they start does not stop them (they run
   * with status `cancelled`); one while they run does, and so does the CLI's second Ctrl-C.
   */
  private readonly finallyAbort = new AbortController();
  private inFinally = false;

  constructor(
    private readonly req: RunRequest,
    objects: ObjectHashes,
    private readonly redactor: Redactor,
  ) {
    this.expanded = expandSweeps(req.pipeline, req.params);
    this.p = this.expanded.pipeline;
    this.view = pipelineView(this.p);
    this.store = req.store;
    this.env = req.env ?? process.env;
    this.dry = req.dryRun === true;
    this.recorder = new RunRecorder(req.store, (d) => {
      if (d !== undefined) this.report(d);
      this.scheduler.stop("failed");
    });
    this.values = new RunValues(this.view, req.store, req.root, req.params, objects);
    this.checker = new ObjectChecker(req.store);
    this.planContext = {
      values: this.values,
      recorder: this.recorder,
      checker: this.checker,
      store: req.store,
      root: req.root,
      params: req.params,
      dryRun: this.dry,
      noCache: req.noCache === true,
      forcedBy: (step) => (this.scheduler.forced.has(step) ? req.from! : null),
      stateKey: (step) => this.stateKey(step),
      report: (d) => this.report(d),
    };
    const launcher = this.dry ? undefined : defaultLauncher(this.env);
    this.pool = launcher !== undefined ? new ShellPool(this.baseEnv(), launcher) : undefined;
    const executor = this;
    this.attempts = new StepAttempts({
      store: req.store,
      root: req.root,
      env: this.env,
      baseEnv: () => this.baseEnv(),
      get signal() {
        return executor.signal;
      },
      runStatus: () => this.statusWord,
      pool: this.pool,
      redactor,
      schemas: req.ir.schemas,
      builtins: () => this.loadBuiltins(),
      checkTable: (path, schema) => this.checkTable(path, schema),
      input: (step, name) => this.values.input(step, name),
      warn: (d) => this.report(d),
    });
    this.scheduler = new Scheduler<StepPlan>(
      this.view,
      {
        jobs: req.jobs,
        dryRun: this.dry,
        ...(req.from !== undefined ? { from: req.from } : {}),
        ...(this.expanded.pointNodes.size > 0 ? { points: { inside: (name) => this.expanded.pointNodes.has(name), gated: (name) => this.pointGated(name), copies: (member) => this.copiesOf(member) } } : {}),
      },
      {
        start: (n) => this.start(n),
        claim: (n, plan) => this.claim(n, plan),
        execute: (n, plan) => this.execute(n, plan),
        executed: (_n, plan) => {
          // The lock goes once the step's records are committed, so a waiting run finds its cache entry.
          if (plan.release) {
            this.recorder.afterCommit(plan.release);
            this.recorder.flushSoon();
          }
        },
        settled: (n, outcome, quiet) => this.recordUnexecuted(n, outcome, quiet),
        finallyStarts: (status) => {
          this.statusWord = status;
          this.inFinally = true;
        },
        fault: (e) => this.recorder.fault(e),
        redact: (o) => this.redactor.deep(o),
        emit: (e) => this.emit(e),
      },
    );
  }

  /** The signal that cancels what runs now: Ctrl-C, or for the `finally` steps only a Ctrl-C while they run. */
  private get signal(): AbortSignal {
    return this.inFinally ? this.finallyAbort.signal : this.req.signal;
  }

  /** The environment every step starts from: ours, without any of the pipeline's secrets. */
  private baseEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.env };
    for (const s of this.p.secrets) delete env[s.name];
    return env;
  }

  private emit(e: RunEvent): void {
    this.req.onEvent?.(this.redactor.deep(e));
  }

  private report(d: Diagnostic, log?: string): void {
    const clean = this.redactDiagnostic(d);
    this.diagnostics.push(clean);
    this.emit({ type: "diagnostic", diagnostic: clean, ...(log !== undefined ? { log: this.redactor.text(log) } : {}) });
  }

  async run(): Promise<RunResult> {
    for (const w of shortSecretWarnings(this.p, this.redactor)) this.report(w);
    if (!this.checkRequest()) return this.result("failed");
    if (!this.dry) recoverDeadRuns(this.store);
    const git = this.dry ? null : (this.req.git ?? gitInfo(this.req.root));
    if (!this.dry) {
      this.runId = startRunRecord(this.store, recordInfo(this.req, this.redactor));
      this.runDir = join(this.store.logsDir, String(this.runId));
      this.locks = new StepLocks(this.store.dir, this.runId);
      mkdirSync(this.runDir, { recursive: true });
    }
    this.emit({ type: "run-start", runId: this.runId, pipeline: this.p.name, nodes: this.view.nodes.length, dryRun: this.dry });

    const onAbort = (): void => {
      if (this.inFinally) this.finallyAbort.abort();
      this.scheduler.cancel();
    };
    this.req.signal.addEventListener("abort", onAbort, { once: true });
    if (this.req.signal.aborted) this.scheduler.stop("cancelled");
    await this.scheduler.run();
    this.pool?.close();
    this.attempts.cleanUp();
    this.req.signal.removeEventListener("abort", onAbort);

    const status = this.scheduler.finalStatus();
    if (!this.dry && this.runId !== null) {
      const g = await git!;
      const runId = this.runId;
      const replay = status === "success" ? this.replayKeyOfRun() : null;
      this.recorder.later(() => endRunRecord(this.store, runId, status, this.firstError() ?? this.gatedBy(), g, replay));
      const failedBefore = this.recorder.failed;
      this.recorder.flush();
      // The last records could not be written (a full disk): try to record at least the outcome.
      if (this.recorder.failed && !failedBefore) this.endAfterStoreFault(runId, g);
    }
    this.locks?.releaseAll();
    return this.result(this.recorder.failed ? "failed" : status);
  }

  private result(status: RunStatus): RunResult {
    return { runId: this.runId, status, outcomes: this.scheduler.orderedOutcomes(), diagnostics: this.diagnostics, durationMs: Date.now() - this.started };
  }

  private firstError(): string | null {
    return this.diagnostics.find((d) => d.severity === "error")?.message ?? null;
  }

  /** A gated run's message (`runs show`): the gates that did not hold, each with its condition and values. */
  private gatedBy(): string | null {
    const gated = this.scheduler.orderedOutcomes().filter((o) => o.kind === "gate" && o.status === "gated" && !this.expanded.pointNodes.has(o.name));
    return gated.length === 0 ? null : gated.map((o) => `gated by ${o.name}: ${o.reason ?? ""}`).join("; ");
  }

  /**
   * What only this run can get wrong (the IR itself was validated at the boundary): `--from` and
   * `--approve` naming nodes the pipeline has, and dataset files that exist. Nothing runs otherwise.
   */
  private checkRequest(): boolean {
    let ok = true;
    const from = this.req.from;
    // A sweep member names every point's copy; the steps are listed as declared, not per point.
    if (from !== undefined && this.view.step(from) === undefined && this.copiesOf(from).length === 0) {
      ok = false;
      this.report(
        diagnostic("MLP7006", "error", `\`--from ${printable(from)}\`: pipeline \`${this.p.name}\` has no step \`${printable(from)}\``, this.p.origin, {
          notes: [`its steps are ${this.req.pipeline.steps.map((s) => `\`${s.name}\``).join(", ") || "none"}`],
        }),
      );
    }
    for (const env of this.req.approve ?? []) {
      if (this.view.deploy(env) !== undefined) continue;
      ok = false;
      this.report(
        diagnostic("MLP7006", "error", `\`--approve ${printable(env)}\`: pipeline \`${this.p.name}\` has no deploy \`${printable(env)}\``, this.p.origin, {
          notes: [`its deploys are ${this.p.deploys.map((d) => `\`${d.name}\``).join(", ") || "none"}`],
        }),
      );
    }
    // Missing dataset files stop the run before anything executes.
    for (const d of this.p.datasets) {
      const a = this.values.dataset(d.name);
      if ("error" in a) {
        ok = false;
        this.report(a.error);
      }
    }
    return ok;
  }

  /**
   * The replay key of this (successful) run, from the very hashes its steps' keys used; null when
   * the pipeline is not replayable.
   */
  private replayKeyOfRun(): string | null {
    const plan = replayPlan(this.p);
    return plan === null ? null : this.values.replayKey(plan, this.req.irHash ?? irHash(this.req.ir));
  }

  /** A node whose needs all succeeded. */
  private start(n: ScheduledNode): void {
    const node = n.node;
    switch (node.kind) {
      case "gate":
        return this.evalGate(n, node.gate);
      case "deploy":
        return this.scheduler.track(n, () => this.deploy(n, node.deploy));
      case "step":
        return this.planStep(n, node.step);
      case "sweep":
        return this.fanIn(n, node.sweep.name);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sweeps

  /** The sweep's fan-in (`sweep/fan-in-node.ts`): the best point, collect directories. */
  private fanIn(n: ScheduledNode, sweep: string): void {
    const r = runFanInNode(
      { store: this.store, values: this.values, recorder: this.recorder, checker: this.checker, runId: this.runId, status: (name) => this.scheduler.outcome(name)?.status },
      this.expanded.sweeps.get(sweep)!,
    );
    if (r.diagnostic !== undefined) {
      this.report(r.diagnostic);
      this.scheduler.stop("failed");
    }
    this.scheduler.settle(n, r.outcome);
  }

  /** Every point's copy of sweep member `member` (none when it is not a member). */
  private copiesOf(member: string): string[] {
    const sweep = this.req.pipeline.steps.find((s) => s.name === member)?.sweep;
    return sweep === undefined ? [] : this.expanded.sweeps.get(sweep)!.nodes.map((m) => m.get(member)!);
  }

  /** A gate of node `name`'s point did not hold (that point is incomplete). */
  private pointGated(name: string): boolean {
    const at = this.expanded.pointNodes.get(name)!;
    for (const node of this.expanded.sweeps.get(at.sweep)!.nodes[at.point]!.values()) if (this.scheduler.outcome(node)?.status === "gated") return true;
    return false;
  }

  /** A failure of a point's step: the other points still finish (the fan-in will not run). */
  private stopAfterFailure(node: string): void {
    // A failed `finally` step fails the run, but the other `finally` steps still run.
    if (!this.expanded.pointNodes.has(node) && !this.view.isFinally(node)) this.scheduler.stop("failed");
  }

  // ------------------------------------------------------------------------------------------
  // Steps: plan (reuse, execute, would run)

  /** Where a step's last key is remembered. */
  private stateKey(step: IrStep): StepStateKey {
    return { source: this.req.ir.source, pipeline: this.p.name, step: step.name };
  }

  /** Plans a ready step (`step-plan.ts`): reuses its cache entry, queues it to execute, or settles it. */
  private planStep(n: ScheduledNode, step: IrStep): void {
    const d = planStep(this.planContext, step);
    switch (d.kind) {
      case "failed":
        return this.failStep(n, d.diagnostic, 0);
      case "would_run":
        this.values.setOutputs(step, "pending");
        return this.scheduler.settle(n, { kind: "step", name: step.name, status: "would_run", reason: d.reason });
      case "cached":
        return this.useCached(n, d.key, d.entry.outputs, d.entry.metrics, d.entry.runId);
      case "execute":
        return this.scheduler.enqueue(n, d.plan);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Steps: another run executing the same key

  /**
   * Takes the lock of a step about to execute. False when it need not execute now: another run
   * finished it since it was planned (it is reused), or another run is executing it (it waits,
   * without taking one of the `-j` slots).
   */
  private claim(n: ScheduledNode, plan: StepPlan): boolean {
    if (!plan.lockable || this.locks === undefined) return true;
    let lock;
    try {
      lock = this.locks.tryAcquire(plan.key);
    } catch {
      // No lock file possible (a read-only or full disk): run it, as before locks existed.
      return true;
    }
    if (lock.kind === "busy") {
      this.emit({ type: "step-wait", step: n.name, runId: lock.run });
      this.waitFor(n, plan);
      return false;
    }
    if (this.reuseFinished(n, plan, false)) {
      lock.release();
      return false;
    }
    plan.release = lock.release;
    return true;
  }

  /** Polls until the run executing `n`'s key ends: then reuses its result, or runs `n` itself. */
  private waitFor(n: ScheduledNode, plan: StepPlan): void {
    const s = this.scheduler;
    const poll = (): void => {
      // Stopping: the step is still pending and settles `not_run` with the rest.
      if (s.stopping) return s.checkFinished();
      if (this.reuseFinished(n, plan, true)) {
        s.pump();
        s.checkFinished();
      } else if (this.locks!.busy(plan.key)) {
        s.park(n, 100, poll);
      } else {
        // It failed, was cancelled or died there: run it here.
        s.requeue(n, plan);
      }
    };
    s.park(n, 50, poll);
  }

  /** Settles `n` from the cache when another run has recorded its key since it was planned. */
  private reuseFinished(n: ScheduledNode, plan: StepPlan, waited: boolean): boolean {
    const hit = this.recorder.cacheEntry(plan.key);
    if (!hit) return false;
    if (!Object.values(hit.outputs).every((h) => this.store.hasObject(h))) return false;
    this.useCached(n, plan, hit.outputs, hit.metrics, hit.runId, waited);
    return true;
  }

  private useCached(n: ScheduledNode, plan: StepKey, outs: Record<string, string>, metrics: Record<string, number | boolean>, fromRun: number, waited = false): void {
    const { step, key, parts, partsJson } = plan;
    this.values.setOutputs(step, outs);
    this.values.setMetrics(step.name, metrics);
    const reason = waited ? `cached (waited for run ${fromRun})` : `cached (from run ${fromRun})`;
    if (this.runId !== null) {
      const runId = this.runId;
      this.recorder.later(() => {
        const recordId = this.recorder.lineage(step, this.p.datasets, key, parts, this.redactor.text(partsJson), outs);
        this.recorder.step({ runId, step: step.name, status: "cached", reason, cacheKey: key, cacheHit: true, durationMs: 0, recordId });
        this.recorder.metrics(runId, step.name, metrics);
        this.recorder.state(this.stateKey(step), key, this.redactor.text(partsJson));
      });
      this.recorder.flushNext();
    }
    this.scheduler.settle(n, { kind: "step", name: step.name, status: "cached", reason, ...(waited ? { note: `waited for run ${fromRun}, which ran it` } : {}) });
  }

  // ------------------------------------------------------------------------------------------
  // Steps: execute (attempts, retries, records)

  private async execute(n: ScheduledNode, plan: StepPlan): Promise<void> {
    const { step, reason } = plan;
    const runId = this.runId!;
    const logPath = join(this.runDir, `${step.name}.log`);
    const attempts = step.retry + 1;
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const inputProblem = await this.checkDatasetInputs(step);
    if (inputProblem !== null) return this.failStep(n, inputProblem, null);
    // With the shell pool the worker opens the log itself; Node needs it only for built-ins,
    // retry markers and the fallback spawner.
    const needFd = this.pool === undefined || step.builtin !== undefined || attempts > 1;
    const logFd = needFd ? openSync(logPath, "a") : -1;
    let last: { d: Diagnostic; exit: number | null } | null = null;
    let cancelled = false;
    try {
      for (let attempt = 1; attempt <= attempts && !cancelled; attempt++) {
        if (this.signal.aborted) {
          cancelled = true;
          break;
        }
        this.emit({ type: "step-start", step: step.name, reason, attempt });
        if (attempts > 1) writeSync(logFd, `--- mlp: attempt ${attempt} of ${attempts}\n`);
        const r = await this.attempts.attempt(step, runId, logFd, logPath);
        if (r.kind === "ok") {
          if (logFd >= 0) closeSync(logFd);
          this.redactLog(step, logPath);
          const outs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.hash]));
          this.stepDone(n, plan, { outs, sizes: r.outputs, metrics: r.metrics, attempt, startedAt, ms: performance.now() - t0, logPath });
          return;
        }
        if (r.kind === "cancelled") cancelled = true;
        else {
          last = { d: r.diagnostic, exit: r.exitCode };
          if (attempt < attempts) writeSync(logFd, `--- mlp: ${r.diagnostic.message}; retrying\n`);
        }
      }
    } finally {
      try {
        if (logFd >= 0) closeSync(logFd);
      } catch {
        /* closed on success */
      }
    }
    this.redactLog(step, logPath);
    const ms = performance.now() - t0;
    const ended = { runId, step: step.name, reason, cacheKey: plan.key, startedAt, endedAt: new Date().toISOString(), durationMs: ms, logPath };
    if (cancelled) {
      this.recorder.later(() => this.recorder.step({ ...ended, status: "cancelled", error: "cancelled" }));
      this.recorder.flush();
      this.scheduler.settle(n, { kind: "step", name: step.name, status: "cancelled", reason, durationMs: ms, logPath });
      return;
    }
    const { d, exit } = last!;
    this.recorder.later(() => this.recorder.step({ ...ended, status: "failed", exitCode: exit, attempts, error: this.redactor.text(d.message) }));
    this.recorder.flush();
    this.report(d, readTail(logPath));
    this.stopAfterFailure(n.name);
    this.scheduler.settle(n, { kind: "step", name: step.name, status: "failed", reason, durationMs: ms, exitCode: exit, attempts, logPath });
  }

  /** A step that succeeded: its outputs and metrics are known now, its records are written soon. */
  private stepDone(
    n: ScheduledNode,
    plan: StepPlan,
    r: { outs: Record<string, string>; sizes: Record<string, { size: number; dir: boolean }>; metrics: Record<string, number | boolean>; attempt: number; startedAt: string; ms: number; logPath: string },
  ): void {
    const { step, key, parts, partsJson, reason } = plan;
    const runId = this.runId!;
    this.values.setMetrics(step.name, r.metrics);
    this.values.setOutputs(step, r.outs);
    const fingerprints = step.outputs.map((o) => this.checker.fingerprint(r.outs[o.name]!));
    this.recorder.later(() => {
      step.outputs.forEach((o, i) => {
        const h = r.sizes[o.name]!;
        this.recorder.artifact(r.outs[o.name]!, h.size, typeName(o.type), h.dir);
        if (fingerprints[i] != null) this.checker.record(r.outs[o.name]!, fingerprints[i]!);
      });
      this.recorder.cache(key, step.name, r.outs, r.metrics, runId);
      const recordId = this.recorder.lineage(step, this.p.datasets, key, parts, this.redactor.text(partsJson), r.outs);
      this.recorder.step({
        runId,
        step: step.name,
        status: "done",
        reason,
        cacheKey: key,
        exitCode: 0,
        attempts: r.attempt,
        startedAt: r.startedAt,
        endedAt: new Date().toISOString(),
        durationMs: r.ms,
        logPath: r.logPath,
        recordId,
      });
      this.recorder.metrics(runId, step.name, r.metrics);
      this.recorder.state(this.stateKey(step), key, this.redactor.text(partsJson));
    });
    this.recorder.flushSoon();
    this.scheduler.settle(n, { kind: "step", name: step.name, status: "done", reason, durationMs: r.ms, exitCode: 0, attempts: r.attempt, logPath: r.logPath });
  }

  private failStep(n: ScheduledNode, d: Diagnostic, exit: number | null): void {
    this.report(d);
    if (this.runId !== null) {
      const runId = this.runId;
      this.recorder.later(() => this.recorder.step({ runId, step: n.name, status: "failed", exitCode: exit, error: this.redactor.text(d.message) }));
      this.recorder.flushNext();
    }
    this.stopAfterFailure(n.name);
    this.scheduler.settle(n, { kind: "step", name: n.name, status: "failed", reason: d.message });
  }

  /** The record of a step that settled without executing: skipped, not run, would run. */
  private recordUnexecuted(n: ScheduledNode, outcome: NodeOutcome, quiet: boolean): void {
    if ((n.kind !== "step" && n.kind !== "sweep") || this.runId === null) return;
    const status = outcome.status;
    if (status === "done" || status === "cached" || status === "failed" || status === "cancelled") return;
    const runId = this.runId;
    this.recorder.later(() => this.recorder.step({ runId, step: n.name, status, reason: outcome.reason ?? null }));
    if (!quiet) this.recorder.flushNext();
  }

  /**
   * Checks `Table<Schema>` dataset inputs against their schema before the step runs. A (content
   * hash, schema) pair that passed once is remembered in the store and not read again.
   */
  private async checkDatasetInputs(step: IrStep): Promise<Diagnostic | null> {
    for (const i of step.inputs) {
      if (i.binding.kind !== "dataset" || i.type.kind !== "Table" || !("schema" in i.type) || i.type.schema === undefined) continue;
      const a = this.values.dataset(i.binding.dataset);
      // Another URL (`https://…`) is not read by mlp; an object-store one is, streamed.
      if ("error" in a || a.hash.startsWith("uri:")) continue;
      const schema = this.req.ir.schemas[i.type.schema];
      if (!schema) continue;
      const schemaHash = sha256(JSON.stringify(schema.columns));
      if (this.recorder.validated(a.hash, schemaHash)) continue;
      const problem = await this.checkTable(a.path, i.type.schema);
      if (problem !== null) {
        const ds = this.view.dataset(i.binding.dataset)!;
        return diagnostic("MLP7014", "error", `input \`${i.name}\` of step \`${step.name}\` (dataset \`${ds.name}\`, \`${ds.uri}\`) does not match schema \`${i.type.schema}\`: ${problem}`, ds.origin, {
          help: [`fix the data, or change the schema \`${i.type.schema}\` to describe it`],
        });
      }
      if (this.builtins) this.recorder.validation(a.hash, schemaHash);
    }
    return null;
  }

  private async loadBuiltins(): Promise<Builtins | undefined> {
    if (this.builtins === null) this.builtins = await this.req.builtins();
    return this.builtins;
  }

  private async checkTable(path: string, schemaName: string): Promise<string | null> {
    const builtins = await this.loadBuiltins();
    if (!builtins) return null;
    const r = await builtins.validateTable(path, this.req.ir.schemas[schemaName]);
    return r.ok ? null : r.errors.slice(0, 3).join("; ");
  }

  // ------------------------------------------------------------------------------------------
  // Gates and deploys

  private evalGate(n: ScheduledNode, gate: IrGate): void {
    const v = evaluateGate(gate, this.values.exprEnv(), this.dry);
    for (const d of v.diagnostics) this.report(d);
    if (v.verdict !== undefined && this.runId !== null) {
      const runId = this.runId;
      const verdict = v.verdict;
      this.recorder.later(() => this.recorder.gate(runId, gate.name, verdict, JSON.stringify(this.redactor.deep(v.conditions))));
      this.recorder.flushNext();
    }
    if (v.errored) this.scheduler.stop("failed");
    this.scheduler.settle(n, v.outcome);
  }

  private async deploy(n: ScheduledNode, d: IrDeploy): Promise<void> {
    const r = await runDeploy(
      {
        store: this.store,
        pipeline: this.p,
        runId: this.runId,
        req: this.req,
        env: this.env,
        runDir: this.runDir,
        modelHash: (step, output) => {
          const a = this.values.output(step, output);
          return a === undefined || a === "pending" ? undefined : a.hash;
        },
        metricsSnapshot: () => {
          this.recorder.flush();
          return this.values.metricsSnapshot();
        },
        exprEnv: () => this.values.exprEnv(),
      },
      d,
    );
    if (r.problem !== undefined) this.report(r.problem.diagnostic, r.problem.log);
    if (r.stopsRun) this.scheduler.stop("failed");
    this.scheduler.settle(n, r.outcome);
  }

  // ------------------------------------------------------------------------------------------
  // Store faults and masking

  /** After the final write failed: one small transaction recording the run `failed`, if it can. */
  private endAfterStoreFault(runId: number, g: GitInfo): void {
    try {
      endRunRecord(this.store, runId, "failed", this.firstError(), g, null);
    } catch {
      /* still no room: the next `mlp run` marks this run `died` */
    }
  }

  private redactDiagnostic(d: Diagnostic): Diagnostic {
    if (!this.redactor.active) return d;
    const text = (x: string): string => this.redactor.text(x);
    return { ...d, message: text(d.message), notes: d.notes.map(text), help: d.help.map(text) };
  }

  /** Every step's log, not only those of steps that list a secret: a value can travel through a file. */
  private redactLog(step: IrStep, path: string): void {
    const problem = redactLogFile(path, this.redactor);
    if (problem !== null) this.report(unmaskedLogWarning(problem, step.origin));
  }
}
