/**
 * The local executor: runs one IR pipeline on this machine. Ready steps run in parallel up to
 * `jobs`, each as its own process group; a step whose cache key (see `cache-key.ts`) has an entry
 * is reused; outputs are written to a private temporary directory and moved into the
 * content-addressed store only when the step succeeded and its outputs and metrics checked out.
 * Gates are evaluated on recorded metrics, deploys go to the local registry, and everything is
 * recorded in the store for `mlp runs` and `mlp lineage`.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, unlinkSync, statSync, writeSync, type Stats } from "node:fs";
import { join, resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDeploy, IrDocument, IrGate, IrPipeline, IrStep, IrType, IrValue } from "../ir/ir.js";
import { MLP_VERSION } from "../version.js";
import type { Builtins } from "./builtins.js";
import { canonicalJson, definitionHash, explainChange, partsJson as partsJsonOf, sha256, type KeyParts } from "./cache-key.js";
import { evalExpr, MissingValueError, type ExprEnv } from "./eval-expr.js";
import { gitInfo, type GitInfo } from "./git-info.js";
import { irHash } from "./ir-cache.js";
import { lineageRecord, recordStatements, storeRecord, typeName } from "./lineage-record.js";
import { checkMetrics } from "./metrics-check.js";
import type { ParamValues } from "./params.js";
import { recoverDeadRuns } from "./recover.js";
import { datasetHash, isUrl, replayKey, replayPlan, tryReplay } from "./replay.js";
import { headObjects, objectDiagnostic, type ObjectHashes } from "./object-datasets.js";
import { ObjectStoreError } from "./object-store.js";
import { endRunRecord, startRunRecord, type RunRecordInfo } from "./run-record.js";
import type { RunRequest } from "./run-request.js";
import { deploy, deployedMetrics, liveDeployment, recordAwaiting } from "./registry.js";
import type { ConditionRecord, NodeOutcome, NodeStatus, RunEvent, RunResult, RunStatus } from "./run-events.js";
import { shellQuote } from "./shell-quote.js";
import { spawnStep } from "./spawn-step.js";
import { defaultLauncher, ShellPool } from "./shell-pool.js";
import { StepLocks } from "./step-lock.js";
import type { Store } from "./store.js";
import { diskFullNotes, storeFaultDiagnostic } from "./store-fault.js";
import type { PathHash } from "./hash-path.js";
import { Redactor } from "./redact.js";
import { redactDeadRunLogs, redactLogFile, shortSecretWarnings, unmaskedLogWarning } from "./redact-run.js";
import { ObjectChecker, quarantineObject } from "./object-check.js";
import { checkCachedOutputs, corruptOutputDiagnostic, corruptReason, type CorruptOutput } from "./cached-outputs.js";

export type { RunRequest } from "./run-request.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Artifact {
  readonly hash: string;
  readonly path: string;
  readonly type: IrType;
}

/** What a step that will execute needs: its cache key and why it runs; its lock while it runs. */
interface StepPlan {
  readonly key: string;
  readonly parts: KeyParts;
  readonly partsJson: string;
  readonly reason: string;
  /** Its result may come from the cache, so it waits for another run executing the same key. */
  readonly lockable: boolean;
  release?: () => void;
}

interface NodeInfo {
  readonly kind: "step" | "gate" | "deploy";
  readonly name: string;
  readonly needs: readonly string[];
  readonly dependents: string[];
  remaining: number;
  status: NodeStatus;
  step?: IrStep;
  plan?: StepPlan;
  gate?: IrGate;
  deploy?: IrDeploy;
}

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
  private readonly p: IrPipeline;
  private readonly store: Store;
  private readonly env: NodeJS.ProcessEnv;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly outcomes = new Map<string, NodeOutcome>();
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly datasets = new Map<string, Artifact | { error: Diagnostic }>();
  private readonly outputs = new Map<string, Artifact | "pending">();
  private readonly metrics = new Map<string, Record<string, number | boolean>>();
  private readonly codeHashes = new Map<string, string | null>();
  private readonly forced = new Set<string>();
  private runId: number | null = null;
  private runDir = "";
  private stopping: "failed" | "cancelled" | null = null;
  private running = 0;
  private readonly queue: NodeInfo[] = [];
  private pendingWrites: (() => void)[] = [];
  private flushScheduled = false;
  private builtins: Builtins | undefined | null = null;
  private readonly started = Date.now();
  private resolveDone: (() => void) | null = null;
  private settledCount = 0;
  private readonly stmts: ReturnType<typeof prepare>;
  private readonly checker: ObjectChecker;
  private attemptSeq = 0;
  private runTmp = "";
  private readonly ready: NodeInfo[] = [];
  private draining = false;
  private lastFlush = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private pool: ShellPool | undefined;
  /** Locks on the cache keys of the steps this run executes (see step-lock.ts). */
  private locks: StepLocks | undefined;
  /** Steps waiting for another run that executes the same cache key, with their poll timers. */
  private readonly waiting = new Map<NodeInfo, NodeJS.Timeout>();
  /** Run after the next commit: releases of step locks, once their cache entries are written. */
  private afterFlush: (() => void)[] = [];
  /** Working directories known to exist (a step's `cd` still fails cleanly if one goes away). */
  private readonly dirs = new Set<string>();
  /** Set once the store failed a read or write (reported once; the run then ends `failed`). */
  private storeFailed = false;

  constructor(
    private readonly req: RunRequest,
    private readonly objects: ObjectHashes,
    private readonly redactor: Redactor,
  ) {
    this.p = req.pipeline;
    this.store = req.store;
    this.env = req.env ?? process.env;
    this.stmts = prepare(req.store);
    this.checker = new ObjectChecker(req.store);
    const launcher = req.dryRun ? undefined : defaultLauncher(this.env);
    if (launcher !== undefined) this.pool = new ShellPool(this.baseEnv(), launcher);
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
    this.emit({ type: "diagnostic", diagnostic: clean, ...(log !== undefined ? { log: this.redact(log) } : {}) });
  }

  async run(): Promise<RunResult> {
    const dry = this.req.dryRun === true;
    for (const w of shortSecretWarnings(this.p, this.redactor)) this.report(w);
    if (!this.validateShape()) return this.result("failed");
    if (!dry) recoverDeadRuns(this.store);
    const steps = new Map(this.p.steps.map((x) => [x.name, x]));
    const gates = new Map(this.p.gates.map((x) => [x.name, x]));
    const deploys = new Map(this.p.deploys.map((x) => [x.name, x]));
    for (const ref of this.p.order) {
      const info: NodeInfo = { kind: ref.kind, name: ref.name, needs: [], dependents: [], remaining: 0, status: "pending" };
      if (ref.kind === "step") info.step = steps.get(ref.name)!;
      if (ref.kind === "gate") info.gate = gates.get(ref.name)!;
      if (ref.kind === "deploy") info.deploy = deploys.get(ref.name)!;
      const needs = (info.step ?? info.gate ?? info.deploy)!.needs;
      (info as { needs: readonly string[] }).needs = needs;
      info.remaining = needs.length;
      this.nodes.set(ref.name, info);
    }
    for (const n of this.nodes.values()) for (const need of n.needs) this.nodes.get(need)?.dependents.push(n.name);
    if (this.req.from !== undefined) this.markForced(this.req.from);

    const git = dry ? null : (this.req.git ?? gitInfo(this.req.root));
    if (!dry) {
      this.runId = startRunRecord(this.store, recordInfo(this.req, this.redactor));
      this.runDir = join(this.store.logsDir, String(this.runId));
      this.locks = new StepLocks(this.store.dir, this.runId);
      mkdirSync(this.runDir, { recursive: true });
    }
    this.emit({ type: "run-start", runId: this.runId, pipeline: this.p.name, nodes: this.nodes.size, dryRun: dry });

    const done = new Promise<void>((r) => (this.resolveDone = r));
    const onAbort = (): void => {
      if (this.stopping !== "cancelled") this.stopping = "cancelled";
      this.checkFinished();
    };
    this.req.signal.addEventListener("abort", onAbort, { once: true });
    if (this.req.signal.aborted) this.stopping = "cancelled";
    for (const n of this.nodes.values()) if (n.remaining === 0) this.ready.push(n);
    this.drain();
    this.pump();
    this.checkFinished();
    await done;
    this.pool?.close();
    if (this.runTmp !== "") rmSync(this.runTmp, { recursive: true, force: true });
    this.req.signal.removeEventListener("abort", onAbort);

    const status = this.finalStatus();
    if (!dry && this.runId !== null) {
      const g = await git!;
      const message = this.diagnostics.find((d) => d.severity === "error")?.message ?? null;
      const runId = this.runId;
      const replay = status === "success" ? this.replayKeyOfRun() : null;
      this.pendingWrites.push(() => endRunRecord(this.store, runId, status, message, g, replay));
      const failedBefore = this.storeFailed;
      this.flush();
      // The last records could not be written (a full disk): try to record at least the outcome.
      if (this.storeFailed && !failedBefore) this.endAfterStoreFault(runId, g);
    }
    this.locks?.releaseAll();
    return this.result(this.storeFailed ? "failed" : status);
  }

  private result(status: RunStatus): RunResult {
    const ordered = this.p.order.map((r) => this.outcomes.get(r.name)).filter((o): o is NodeOutcome => o !== undefined);
    return { runId: this.runId, status, outcomes: ordered, diagnostics: this.diagnostics, durationMs: Date.now() - this.started };
  }

  private finalStatus(): RunStatus {
    if (this.stopping === "cancelled") return "cancelled";
    const st = [...this.outcomes.values()].map((o) => o.status);
    if (this.stopping === "failed" || st.includes("failed")) return "failed";
    if (st.includes("gated")) return "gated";
    if (st.includes("awaiting_approval")) return "awaiting_approval";
    return "success";
  }

  /** Names that become paths must be plain identifiers: `../../etc/x` never reaches the file system. */
  private validateShape(): boolean {
    let ok = true;
    for (const s of this.p.steps) {
      for (const [what, names] of [
        ["output", s.outputs.map((o) => o.name)],
        ["input", s.inputs.map((i) => i.name)],
        ["metric", s.metrics.map((m) => m.name)],
      ] as const) {
        for (const n of names) {
          if (!IDENT.test(n)) {
            ok = false;
            this.report(
              diagnostic("MLP7016", "error", `${what} name \`${printable(n)}\` of step \`${s.name}\` is not a plain identifier`, s.origin, {
                notes: ["names become file names in the step's private directory; a name with `/` or `..` could write outside it"],
                help: [`rename the ${what} to letters, digits and \`_\``],
              }),
            );
          }
        }
      }
      for (const k of [...Object.keys(s.env), ...s.secrets]) {
        if (!IDENT.test(k)) {
          ok = false;
          this.report(
            diagnostic("MLP7016", "error", `environment variable name \`${printable(k)}\` of step \`${s.name}\` is not a plain identifier`, s.origin, {
              help: ["name environment variables with letters, digits and `_`"],
            }),
          );
        }
      }
      if (!IDENT.test(s.name)) {
        ok = false;
        this.report(diagnostic("MLP7016", "error", `step name \`${printable(s.name)}\` is not a plain identifier`, s.origin, { help: ["rename the step to letters, digits and `_`"] }));
      }
    }
    const names = new Set(this.p.order.map((o) => o.name));
    if (this.req.from !== undefined && !this.p.steps.some((s) => s.name === this.req.from)) {
      ok = false;
      this.report(
        diagnostic("MLP7006", "error", `\`--from ${printable(this.req.from)}\`: pipeline \`${this.p.name}\` has no step \`${printable(this.req.from)}\``, this.p.origin, {
          notes: [`its steps are ${this.p.steps.map((s) => `\`${s.name}\``).join(", ") || "none"}`],
        }),
      );
    }
    for (const env of this.req.approve ?? []) {
      if (!this.p.deploys.some((d) => d.name === env)) {
        ok = false;
        this.report(
          diagnostic("MLP7006", "error", `\`--approve ${printable(env)}\`: pipeline \`${this.p.name}\` has no deploy \`${printable(env)}\``, this.p.origin, {
            notes: [`its deploys are ${this.p.deploys.map((d) => `\`${d.name}\``).join(", ") || "none"}`],
          }),
        );
      }
    }
    // Missing dataset files stop the run before anything executes.
    for (const d of this.p.datasets) {
      const a = this.dataset(d.name);
      if ("error" in a) {
        ok = false;
        this.report(a.error);
      }
    }
    void names;
    for (const d of this.p.deploys) {
      for (const k of d.secrets ?? []) {
        if (IDENT.test(k)) continue;
        ok = false;
        this.report(
          diagnostic("MLP7016", "error", `secret name \`${printable(k)}\` of deploy \`${d.name}\` is not a plain identifier`, d.origin, {
            help: ["name environment variables with letters, digits and `_`"],
          }),
        );
      }
    }
    return ok;
  }

  private markForced(step: string): void {
    if (this.forced.has(step)) return;
    this.forced.add(step);
    for (const d of this.nodes.get(step)?.dependents ?? []) this.markForced(d);
  }

  private dataset(name: string): Artifact | { error: Diagnostic } {
    const cached = this.datasets.get(name);
    if (cached) return cached;
    const d = this.p.datasets.find((x) => x.name === name)!;
    const path = isUrl(d.uri) ? d.uri : resolve(this.req.root, d.uri);
    let result: Artifact | { error: Diagnostic };
    try {
      result = { hash: datasetHash(this.store, this.req.root, d.uri, this.objects), path, type: d.type };
    } catch (e) {
      if (e instanceof ObjectStoreError) {
        this.datasets.set(name, { error: objectDiagnostic(d.name, e, d.origin) });
        return this.datasets.get(name)!;
      }
      result = {
        error: diagnostic("MLP7015", "error", `dataset \`${d.name}\`: cannot read \`${d.uri}\``, d.origin, {
          notes: [`looked for ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`],
          help: ["create the file, or point the dataset at an existing path (relative to the .mlp file)"],
        }),
      };
    }
    this.datasets.set(name, result);
    return result;
  }

  /**
   * The replay key of this (successful) run, from the very hashes its steps' keys used; null when
   * the pipeline is not replayable.
   */
  private replayKeyOfRun(): string | null {
    const plan = replayPlan(this.p);
    if (plan === null) return null;
    const datasets = new Map<string, string>();
    const code = new Map<string, string>();
    for (const d of plan.datasets) {
      const a = this.datasets.get(d.name);
      if (a === undefined || "error" in a) return null;
      datasets.set(d.name, a.hash);
    }
    for (const c of plan.code) {
      const h = this.codeHashes.get(c);
      if (h === undefined || h === null) return null;
      code.set(c, h);
    }
    return replayKey(this.req.irHash ?? irHash(this.req.ir), this.req.params, datasets, code);
  }

  private codeHash(path: string): string | null {
    if (this.codeHashes.has(path)) return this.codeHashes.get(path)!;
    let h: string | null;
    try {
      h = this.store.hashExternal(resolve(this.req.root, path)).hash;
    } catch {
      h = null;
    }
    this.codeHashes.set(path, h);
    return h;
  }

  // ------------------------------------------------------------------------------------------
  // Scheduling

  private becomeReady(n: NodeInfo): void {
    if (n.status !== "pending") return;
    // A node whose predecessors did not all succeed is skipped (gate failed, step failed, …).
    const blocked = n.needs.map((x) => this.nodes.get(x)!).find((x) => !isGood(x.status, this.req.dryRun === true));
    if (blocked) {
      const why =
        blocked.status === "gated"
          ? `gate \`${blocked.name}\` failed`
          : blocked.status === "awaiting_approval"
            ? `deploy \`${blocked.name}\` awaits approval`
            : `\`${blocked.name}\` ${blocked.status === "skipped" ? "was skipped" : blocked.status === "failed" ? "failed" : "did not run"}`;
      this.settle(n, { kind: n.kind, name: n.name, status: this.stopping ? "not_run" : "skipped", reason: why });
      return;
    }
    if (this.stopping) {
      this.settle(n, { kind: n.kind, name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" });
      return;
    }
    if (n.kind === "gate") return this.evalGate(n);
    if (n.kind === "deploy") {
      n.status = "running";
      this.running++;
      void this.runDeploy(n)
        .catch((e) => this.nodeFailed(n, e))
        .finally(() => {
          this.running--;
          this.pump();
          this.checkFinished();
        });
      return;
    }
    this.prepareStep(n);
  }

  private settle(n: NodeInfo, settled: NodeOutcome): void {
    const outcome = this.redactor.deep(settled);
    n.status = outcome.status;
    this.outcomes.set(n.name, outcome);
    this.settledCount++;
    if (n.kind === "step" && this.runId !== null && outcome.status !== "done" && outcome.status !== "cached" && outcome.status !== "failed" && outcome.status !== "cancelled") {
      const runId = this.runId;
      this.pendingWrites.push(() => this.stmts.upsertStep.run(runId, n.name, outcome.status, outcome.reason ?? null, null, 0, null, 0, null, null, null, null, null, null));
      this.scheduleFlush();
    }
    this.emit({ type: "node-end", outcome });
    for (const d of n.dependents) {
      const dn = this.nodes.get(d)!;
      dn.remaining--;
      if (dn.remaining === 0) this.ready.push(dn);
    }
    this.drain();
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
          this.onStoreFault(e);
          if (n.status === "pending") this.settle(n, { kind: n.kind, name: n.name, status: "not_run", reason: "run stopped after a failure" });
        }
      }
    } finally {
      this.ready.length = 0;
      this.draining = false;
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < Math.max(1, this.req.jobs)) {
      const n = this.queue.shift()!;
      if (this.stopping) {
        this.settle(n, { kind: "step", name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" });
        continue;
      }
      if (!this.claim(n)) continue;
      this.running++;
      n.status = "running";
      void this.execute(n)
        .catch((e) => this.nodeFailed(n, e))
        .finally(() => {
          this.running--;
          // The lock goes once the step's records are committed, so a waiting run finds its cache entry.
          if (n.plan?.release) {
            this.afterFlush.push(n.plan.release);
            this.flushSoon();
          }
          this.pump();
          this.checkFinished();
        });
    }
    if (this.stopping) {
      for (const [n, timer] of this.waiting) {
        clearTimeout(timer);
        this.waiting.delete(n);
        this.settle(n, { kind: "step", name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" });
      }
      while (this.queue.length > 0) {
        const n = this.queue.shift()!;
        this.settle(n, { kind: "step", name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" });
      }
    }
  }

  /**
   * Takes the lock of a step about to execute. False when it need not execute now: another run
   * finished it since it was planned (it is reused), or another run is executing it (it waits,
   * without taking one of the `-j` slots).
   */
  private claim(n: NodeInfo): boolean {
    const plan = n.plan!;
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
      this.waitFor(n);
      return false;
    }
    if (this.reuseFinished(n, false)) {
      lock.release();
      return false;
    }
    plan.release = lock.release;
    return true;
  }

  /** Polls until the run executing `n`'s key ends: then reuses its result, or runs `n` itself. */
  private waitFor(n: NodeInfo): void {
    const poll = (): void => {
      this.waiting.delete(n);
      // Stopping: the step is still pending and settles `not_run` with the rest.
      if (this.stopping) return this.checkFinished();
      if (this.reuseFinished(n, true)) {
        this.pump();
        this.checkFinished();
      } else if (this.locks!.busy(n.plan!.key)) {
        this.waiting.set(n, setTimeout(poll, 100));
      } else {
        // It failed, was cancelled or died there: run it here.
        this.queue.unshift(n);
        this.pump();
        this.checkFinished();
      }
    };
    this.waiting.set(n, setTimeout(poll, 50));
  }

  /** Settles `n` from the cache when another run has recorded its key since it was planned. */
  private reuseFinished(n: NodeInfo, waited: boolean): boolean {
    const plan = n.plan!;
    const hit = this.stmts.getCache.get(plan.key);
    if (!hit) return false;
    const outs = JSON.parse(hit.outputs) as Record<string, string>;
    if (!Object.values(outs).every((h) => this.store.hasObject(h))) return false;
    this.useCached(n, plan.key, plan.parts, plan.partsJson, outs, JSON.parse(hit.metrics) as Record<string, number | boolean>, hit.run_id, waited);
    return true;
  }

  private checkFinished(): void {
    if (this.stopping && this.running === 0) {
      this.pump();
      // Settle whatever never became ready.
      for (const n of this.nodes.values()) {
        if (n.status === "pending") {
          n.status = "not_run";
          this.outcomes.set(n.name, { kind: n.kind, name: n.name, status: "not_run", reason: this.stopping === "cancelled" ? "run cancelled" : "run stopped after a failure" });
          if (n.kind === "step" && this.runId !== null) {
            const runId = this.runId;
            this.pendingWrites.push(() => this.stmts.upsertStep.run(runId, n.name, "not_run", this.outcomes.get(n.name)!.reason ?? null, null, 0, null, 0, null, null, null, null, null, null));
          }
          this.settledCount++;
        }
      }
    }
    if (this.running === 0 && this.queue.length === 0 && this.settledCount >= this.nodes.size && this.resolveDone) {
      const r = this.resolveDone;
      this.resolveDone = null;
      r();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Steps

  private prepareStep(n: NodeInfo): void {
    const step = n.step!;
    const args: Record<string, IrValue> = {};
    const inputs: Record<string, string> = {};
    let unknownUpstream: string | null = null;
    for (const i of step.inputs) {
      const b = i.binding;
      if (b.kind === "dataset") {
        const a = this.dataset(b.dataset);
        if ("error" in a) return this.failStep(n, a.error, 0);
        inputs[i.name] = a.hash;
      } else if (b.kind === "output") {
        const a = this.outputs.get(`${b.step}.${b.output}`);
        if (a === "pending" || a === undefined) unknownUpstream ??= b.step;
        else inputs[i.name] = a.hash;
      } else if (b.kind === "param") {
        args[i.name] = this.req.params[b.param]!;
      } else if (b.kind === "literal") {
        args[i.name] = b.value;
      } else {
        try {
          const v = evalExpr(b.expr, this.exprEnv());
          if (v === undefined) unknownUpstream ??= "an absent value";
          else args[i.name] = v;
        } catch (e) {
          if (e instanceof MissingValueError && this.req.dryRun) unknownUpstream ??= e.ref.split(".")[0]!;
          else
            return this.failStep(
              n,
              diagnostic("MLP7023", "error", `input \`${i.name}\` of step \`${step.name}\`: ${(e as Error).message}`, step.origin),
              0,
            );
        }
      }
    }
    const code: Record<string, string> = {};
    for (const c of step.code) {
      const h = this.codeHash(c);
      if (h === null)
        return this.failStep(
          n,
          diagnostic("MLP7018", "error", `code file \`${c}\` of step \`${step.name}\` does not exist`, step.origin, {
            notes: [`looked for ${resolve(this.req.root, c)}`],
            help: ["create the file or remove it from the step's `code` list"],
          }),
          0,
        );
      code[c] = h;
    }
    if (unknownUpstream !== null) {
      // Dry run only: an upstream step would run, so this step's inputs are not known yet.
      for (const o of step.outputs) this.outputs.set(`${step.name}.${o.name}`, "pending");
      this.settle(n, { kind: "step", name: step.name, status: "would_run", reason: `upstream \`${unknownUpstream}\` would run (its outputs may change)` });
      return;
    }
    const parts: KeyParts = {
      definition: definitionHash(step),
      args,
      inputs,
      code,
      image: step.image ?? null,
      runtime: step.builtin !== undefined ? MLP_VERSION : null,
    };
    const partsJson = partsJsonOf(parts);
    const key = sha256(partsJson);
    const forcedReason =
      this.req.noCache === true ? "--no-cache" : !step.cache ? "`cache off`" : this.forced.has(step.name) ? `--from ${this.req.from!}` : null;
    let corrupt: string | null = null;
    if (forcedReason === null) {
      const hit = this.stmts.getCache.get(key);
      if (hit) {
        const outs = JSON.parse(hit.outputs) as Record<string, string>;
        const verdict = checkCachedOutputs(this.checker, outs);
        if (verdict.kind === "ok") {
          if (verdict.fingerprints.length > 0) this.pendingWrites.push(() => verdict.fingerprints.forEach(([h, fp]) => this.checker.record(h, fp)));
          this.useCached(n, key, parts, partsJson, outs, JSON.parse(hit.metrics) as Record<string, number | boolean>, hit.run_id);
          return;
        }
        if (verdict.kind === "corrupt") corrupt = this.setAsideCorrupt(step, hit.run_id, verdict.corrupt);
      }
    }
    const reason = forcedReason ?? corrupt ?? this.explainMiss(step, key, parts);
    if (this.req.dryRun) {
      for (const o of step.outputs) this.outputs.set(`${step.name}.${o.name}`, "pending");
      this.settle(n, { kind: "step", name: step.name, status: "would_run", reason });
      return;
    }
    n.plan = { key, parts, partsJson, reason, lockable: forcedReason === null };
    this.queue.push(n);
  }

  /**
   * Moves a reused entry's corrupt objects out of the store (not in a dry run) and warns
   * (MLP7030); the step then runs as on a miss. Returns the reason shown for that.
   */
  private setAsideCorrupt(step: IrStep, fromRun: number, corrupt: readonly CorruptOutput[]): string {
    let moved: Map<string, string> | null = null;
    if (this.req.dryRun !== true) {
      moved = new Map();
      for (const c of corrupt) {
        try {
          moved.set(c.hash, quarantineObject(this.store, c.hash));
        } catch {
          /* another run moved it first */
        }
        this.pendingWrites.push(() => this.checker.forget(c.hash));
      }
    }
    this.report(corruptOutputDiagnostic(step, fromRun, corrupt, moved));
    return corruptReason(corrupt);
  }

  private explainMiss(step: IrStep, key: string, parts: KeyParts): string {
    const prev = this.stmts.getState.get(this.req.ir.source, this.p.name, step.name);
    if (!prev) return "no cache entry (never ran)";
    if (prev.key === key) {
      const hit = this.stmts.getCache.get(key);
      return hit ? "cached output missing from the store" : "no cache entry (its last run did not finish)";
    }
    const before = JSON.parse(prev.parts) as KeyParts;
    const reasons = explainChange(
      before,
      parts,
      (name) => {
        const i = step.inputs.find((x) => x.name === name);
        if (!i) return `input \`${name}\``;
        if (i.binding.kind === "dataset") return `input \`${name}\` (dataset \`${i.binding.dataset}\`)`;
        if (i.binding.kind === "output") return `input \`${name}\` (\`${i.binding.step}.${i.binding.output}\`)`;
        return `input \`${name}\``;
      },
      (name) => {
        const i = step.inputs.find((x) => x.name === name);
        return i?.binding.kind === "param" ? `param \`${i.binding.param}\`` : `argument \`${name}\``;
      },
    );
    return reasons.length > 0 ? reasons.join("; ") : "no cache entry";
  }

  private useCached(n: NodeInfo, key: string, parts: KeyParts, partsJson: string, outs: Record<string, string>, metrics: Record<string, number | boolean>, fromRun: number, waited = false): void {
    const step = n.step!;
    for (const o of step.outputs) {
      const hash = outs[o.name]!;
      this.outputs.set(`${step.name}.${o.name}`, { hash, path: this.store.objectPath(hash), type: o.type });
    }
    this.metrics.set(step.name, metrics);
    const reason = waited ? `cached (waited for run ${fromRun})` : `cached (from run ${fromRun})`;
    if (this.runId !== null) {
      const runId = this.runId;
      this.pendingWrites.push(() => {
        const record = this.storeLineage(step, key, parts, partsJson, outs);
        this.stmts.upsertStep.run(runId, step.name, "cached", reason, key, 1, null, 0, null, null, 0, null, null, record);
        this.recordMetrics(runId, step, metrics);
        this.updateState(step, key, partsJson);
      });
      this.scheduleFlush();
    }
    this.settle(n, { kind: "step", name: step.name, status: "cached", reason, ...(waited ? { note: `waited for run ${fromRun}, which ran it` } : {}) });
  }

  private updateState(step: IrStep, key: string, partsJson: string): void {
    this.stmts.putState.run(this.req.ir.source, this.p.name, step.name, key, this.redact(partsJson));
  }

  /** Stores the step's lineage record (shared with earlier runs that had the same one); its id. */
  private storeLineage(step: IrStep, key: string, parts: KeyParts, partsJson: string, outs: Record<string, string>): number {
    return storeRecord(this.stmts.records, lineageRecord(step, this.p.datasets, key, parts.inputs, this.redact(partsJson), outs));
  }

  private recordMetrics(runId: number, step: IrStep, metrics: Record<string, number | boolean>): void {
    for (const [name, value] of Object.entries(metrics)) {
      this.stmts.putMetric.run(runId, step.name, name, typeof value === "boolean" ? (value ? 1 : 0) : value, typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int" : "float");
    }
  }

  private inputPath(step: IrStep, name: string): Artifact {
    const b = step.inputs.find((i) => i.name === name)!.binding;
    if (b.kind === "dataset") return this.dataset(b.dataset) as Artifact;
    if (b.kind === "output") return this.outputs.get(`${b.step}.${b.output}`) as Artifact;
    throw new Error(`input \`${name}\` is not an artifact`);
  }

  private async execute(n: NodeInfo): Promise<void> {
    const step = n.step!;
    const { key, parts, partsJson, reason } = n.plan!;
    const runId = this.runId!;
    const logPath = join(this.runDir, `${step.name}.log`);
    const attempts = step.retry + 1;
    const startedAt = new Date();
    const t0 = performance.now();
    let last: { d: Diagnostic; exit: number | null } | null = null;
    let cancelled = false;
    // With the shell pool the worker opens the log itself; Node needs it only for built-ins,
    // retry markers and the fallback spawner.
    const inputProblem = await this.checkDatasetInputs(step);
    if (inputProblem !== null) {
      this.failStep(n, inputProblem, null);
      return;
    }
    const needFd = this.pool === undefined || step.builtin !== undefined || attempts > 1;
    const logFd = needFd ? openSync(logPath, "a") : -1;
    try {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (this.req.signal.aborted) {
          cancelled = true;
          break;
        }
        this.emit({ type: "step-start", step: step.name, reason, attempt });
        if (attempts > 1) writeSync(logFd, `--- mlp: attempt ${attempt} of ${attempts}\n`);
        const r = await this.attempt(step, runId, logFd, logPath);
        if (r.kind === "ok") {
          if (logFd >= 0) closeSync(logFd);
          this.redactLog(step, logPath);
          const ms = performance.now() - t0;
          this.metrics.set(step.name, r.metrics);
          for (const o of step.outputs) {
            const h = r.outputs[o.name]!;
            this.outputs.set(`${step.name}.${o.name}`, { hash: h.hash, path: this.store.objectPath(h.hash), type: o.type });
          }
          const outs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.hash]));
          const fingerprints = step.outputs.map((o) => this.checker.fingerprint(r.outputs[o.name]!.hash));
          this.pendingWrites.push(() => {
            step.outputs.forEach((o, i) => {
              const h = r.outputs[o.name]!;
              this.stmts.putArtifact.run(h.hash, h.size, typeName(o.type), h.dir ? 1 : 0, new Date().toISOString());
              if (fingerprints[i] != null) this.checker.record(h.hash, fingerprints[i]!);
            });
            this.stmts.putCache.run(key, step.name, JSON.stringify(outs), JSON.stringify(r.metrics), runId, new Date().toISOString());
            const record = this.storeLineage(step, key, parts, partsJson, outs);
            this.stmts.upsertStep.run(runId, step.name, "done", reason, key, 0, 0, attempt, startedAt.toISOString(), new Date().toISOString(), ms, logPath, null, record);
            this.recordMetrics(runId, step, r.metrics);
            this.updateState(step, key, partsJson);
          });
          this.flushSoon();
          this.settle(n, { kind: "step", name: step.name, status: "done", reason, durationMs: ms, exitCode: 0, attempts: attempt, logPath });
          return;
        }
        if (r.kind === "cancelled") {
          cancelled = true;
          break;
        }
        last = { d: r.diagnostic, exit: r.exitCode };
        if (attempt < attempts) writeSync(logFd, `--- mlp: ${r.diagnostic.message}; retrying\n`);
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
    if (cancelled) {
      this.pendingWrites.push(() =>
        this.stmts.upsertStep.run(runId, step.name, "cancelled", reason, key, 0, null, 0, startedAt.toISOString(), new Date().toISOString(), ms, logPath, "cancelled", null),
      );
      this.flush();
      this.settle(n, { kind: "step", name: step.name, status: "cancelled", reason, durationMs: ms, logPath });
      return;
    }
    const d = last!.d;
    this.pendingWrites.push(() =>
      this.stmts.upsertStep.run(runId, step.name, "failed", reason, key, 0, last!.exit, attempts, startedAt.toISOString(), new Date().toISOString(), ms, logPath, this.redact(d.message), null),
    );
    this.flush();
    this.report(d, readTail(logPath));
    if (!this.stopping) this.stopping = "failed";
    this.settle(n, { kind: "step", name: step.name, status: "failed", reason, durationMs: ms, exitCode: last!.exit, attempts, logPath });
  }

  private failStep(n: NodeInfo, d: Diagnostic, exit: number | null): void {
    this.report(d);
    if (this.runId !== null) {
      const runId = this.runId;
      this.pendingWrites.push(() => this.stmts.upsertStep.run(runId, n.name, "failed", null, null, 0, exit, 0, null, null, null, null, this.redact(d.message), null));
      this.scheduleFlush();
    }
    if (!this.stopping) this.stopping = "failed";
    this.settle(n, { kind: "step", name: n.name, status: "failed", reason: d.message });
  }

  private async attempt(
    step: IrStep,
    runId: number,
    logFd: number,
    logPath: string,
  ): Promise<
    | { kind: "ok"; outputs: Record<string, PathHash>; metrics: Record<string, number | boolean> }
    | { kind: "failed"; diagnostic: Diagnostic; exitCode: number | null }
    | { kind: "cancelled" }
  > {
    // A private directory per attempt: outputs by name, `.metrics.json`, `.work` (names are
    // identifiers, so they cannot collide with the dot files).
    // Files of this attempt live in the run's temporary directory under a unique prefix
    // (`STEP.N.`; step and output names are identifiers), so an attempt creates no directory of
    // its own unless it has a `Dir` output or uses `${workdir}`.
    if (this.runTmp === "") {
      this.runTmp = join(this.store.tmpDir, String(runId));
      mkdirSync(this.runTmp, { recursive: true });
    }
    const prefix = join(this.runTmp, `${step.name}.${++this.attemptSeq}.`);
    const workDir = `${prefix}work`;
    let ok = false;
    const outPaths: Record<string, string> = {};
    for (const o of step.outputs) outPaths[o.name] = `${prefix}out.${o.name}`;
    const metricsPath = `${prefix}metrics.json`;
    let usesWorkdir = false;
    try {
      for (const o of step.outputs) if (o.type.kind === "Dir") mkdirSync(outPaths[o.name]!);
      const fail = (code: string, message: string, extras: { notes?: string[]; help?: string[] } = {}, exitCode: number | null = null) => ({
        kind: "failed" as const,
        diagnostic: diagnostic(code, "error", message, step.origin, { ...extras, notes: [...(extras.notes ?? []), ...diskFullNotes([this.store.dir, this.req.root])] }),
        exitCode,
      });

      if (step.builtin !== undefined) {
        if (this.builtins === null) this.builtins = await this.req.builtins();
        if (!this.builtins) return fail("MLP7019", `step \`${step.name}\`: the \`std.${step.builtin}\` built-in is not available in this build`);
        const inputs: Record<string, string | number | boolean> = {};
        const inputTypes: Record<string, IrType> = {};
        for (const i of step.inputs) {
          inputTypes[i.name] = i.type;
          if (i.binding.kind === "dataset" || i.binding.kind === "output") inputs[i.name] = this.inputPath(step, i.name).path;
          else {
            const v = this.valueOf(step, i.name);
            inputs[i.name] = typeof v === "object" ? JSON.stringify(v) : v;
          }
        }
        const schemas: Record<string, import("../ir/ir.js").IrSchema> = { ...this.req.ir.schemas };
        try {
          await this.builtins.runBuiltin(step.builtin, { inputs, outputs: outPaths, metricsPath, schemas, inputTypes });
        } catch (e) {
          writeSync(logFd, `${(e as Error).message}\n`);
          return fail("MLP7019", `step \`${step.name}\` (\`std.${step.builtin}\`): ${(e as Error).message}`);
        }
      } else if (step.run !== undefined) {
        const cmd = step.run.parts
          .map((part) => {
            switch (part.kind) {
              case "text":
                return part.text;
              case "output":
                return shellQuote(outPaths[part.name]!);
              case "input": {
                const i = step.inputs.find((x) => x.name === part.name)!;
                if (i.binding.kind === "dataset" || i.binding.kind === "output") return shellQuote(this.inputPath(step, part.name).path);
                const v = this.valueOf(step, part.name);
                return shellQuote(typeof v === "object" ? JSON.stringify(v) : String(v));
              }
              case "builtin":
                if (part.name === "metrics") return shellQuote(metricsPath);
                if (part.name === "run_id") return String(runId);
                usesWorkdir = true;
                return shellQuote(workDir);
            }
          })
          .join("");
        if (usesWorkdir) mkdirSync(workDir);
        const extra: Record<string, string> = {};
        for (const s of step.secrets) {
          const v = this.env[s];
          if (v === undefined)
            return fail("MLP7017", `step \`${step.name}\` needs secret \`${s}\`, which is not set`, {
              help: [`set the environment variable \`${s}\` before \`mlp run\``],
            });
          extra[s] = v;
        }
        Object.assign(extra, step.env);
        extra["MLP_RUN_ID"] = String(runId);
        extra["MLP_STEP"] = step.name;
        extra["MLP_STORE_DIR"] = this.store.dir;
        const cwd = resolve(this.req.root, step.workingDir);
        if (!this.dirs.has(cwd) && !existsSync(cwd)) return fail("MLP7024", `step \`${step.name}\`: working directory \`${step.workingDir}\` does not exist`);
        this.dirs.add(cwd);
        const timeout = step.timeoutSeconds !== undefined ? { timeoutSeconds: step.timeoutSeconds } : {};
        const r =
          this.pool !== undefined
            ? await this.pool.run({ command: cmd, cwd, env: extra, logPath, signal: this.req.signal, ...timeout })
            : await spawnStep({ command: cmd, cwd, env: { ...this.baseEnv(), ...extra }, logFd, signal: this.req.signal, ...timeout });
        if (r.cancelled) return { kind: "cancelled" };
        if (r.spawnError !== undefined) return fail("MLP7024", `step \`${step.name}\` could not be started: ${r.spawnError}`);
        if (r.timedOut) return fail("MLP7011", `step \`${step.name}\` timed out after ${step.timeoutSeconds}s`, { help: ["raise the step's `timeout` or make it faster"] });
        if (r.exitCode !== 0)
          return fail(
            "MLP7010",
            r.exitCode === null ? `step \`${step.name}\` was killed by ${r.signal ?? "a signal"}` : `step \`${step.name}\` failed with exit code ${r.exitCode}`,
            {},
            r.exitCode,
          );
      } else {
        return fail("MLP7024", `step \`${step.name}\` has neither a \`run\` command nor a built-in`);
      }

      // Outputs: present, of the right kind, tables conforming to their schema.
      const outputs: Record<string, PathHash> = {};
      const stats: Record<string, Stats> = {};
      for (const o of step.outputs) {
        const path = outPaths[o.name]!;
        let st;
        try {
          st = stats[o.name] = lstatSync(path);
        } catch {
          return fail("MLP7012", `step \`${step.name}\` did not write its output \`${o.name}\``, {
            notes: [`expected a ${typeName(o.type)} at the path \`\${${o.name}}\` stood for`],
            help: [`make the command write to \`\${${o.name}}\``],
          });
        }
        if ((o.type.kind === "File" || o.type.kind === "Table") && !st.isFile())
          return fail("MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a file (${typeName(o.type)}), but the step wrote a ${st.isDirectory() ? "directory" : "special file"}`);
        if (o.type.kind === "Dir" && !st.isDirectory())
          return fail("MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a directory, but the step wrote a file`);
        if (o.type.kind === "Model" && !st.isFile() && !st.isDirectory())
          return fail("MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a file or a directory`);
        if (o.type.kind === "Table" && o.type.schema !== undefined) {
          const problem = await this.checkTable(path, o.type.schema);
          if (problem !== null)
            return fail("MLP7014", `output \`${o.name}\` of step \`${step.name}\` does not match schema \`${o.type.schema}\`: ${problem}`);
        }
      }
      // Metrics: declared ones must be there with their types.
      let metrics: Record<string, number | boolean> = {};
      const hasMetricsFile = existsSync(metricsPath);
      if (step.metrics.length > 0 || hasMetricsFile) {
        if (!hasMetricsFile)
          return fail("MLP7013", `step \`${step.name}\` did not write its metrics file`, {
            notes: [`it declares ${step.metrics.map((m) => `\`${m.name}\``).join(", ")}`],
            help: ["write a JSON object such as `{\"accuracy\": 0.91}` to the path `${metrics}` stands for"],
          });
        let data: unknown;
        let raw = "";
        try {
          raw = readFileSync(metricsPath, "utf8");
          data = JSON.parse(raw);
        } catch (e) {
          // V8 quotes a cut piece of the text, which masking cannot recognise as a secret.
          const why = this.redact(raw) === raw ? (e as Error).message : "it holds a secret's value, so it is not quoted here";
          return fail("MLP7013", `metrics file of step \`${step.name}\` is not valid JSON: ${why}`);
        }
        // Masked before the check, whose messages quote strings cut to 40 characters.
        const checked = checkMetrics(this.redactor.deep(data), step.metrics);
        if (!checked.ok)
          return fail("MLP7013", `metrics of step \`${step.name}\` do not match its declaration: ${checked.errors[0]}`, {
            notes: [`file: ${metricsPath}`, ...checked.errors.slice(1)],
          });
        metrics = checked.values;
        if (checked.ignored.length > 0)
          this.report(
            diagnostic("MLP7025", "warning", `step \`${step.name}\` reported metrics that are not numbers or booleans; they are not recorded: ${checked.ignored.join(", ")}`, step.origin, {
              notes: ["a metric is a number or a boolean; nested objects are recorded under dotted names (`{\"a\": {\"b\": 1}}` is `a.b`)"],
            }),
          );
      }
      for (const o of step.outputs) outputs[o.name] = this.store.ingest(outPaths[o.name]!, undefined, stats[o.name]);
      if (hasMetricsFile) unlinkSync(metricsPath);
      ok = true;
      return { kind: "ok", outputs, metrics };
    } finally {
      // On success the outputs have moved into the store; anything half-written goes.
      if (!ok) for (const o of step.outputs) rmSync(outPaths[o.name]!, { recursive: true, force: true });
      if (!ok) rmSync(metricsPath, { force: true });
      if (usesWorkdir) rmSync(workDir, { recursive: true, force: true });
    }
  }

  /**
   * Checks `Table<Schema>` dataset inputs against their schema before the step runs. A (content
   * hash, schema) pair that passed once is remembered in the store and not read again.
   */
  private async checkDatasetInputs(step: IrStep): Promise<Diagnostic | null> {
    for (const i of step.inputs) {
      if (i.binding.kind !== "dataset" || i.type.kind !== "Table" || !("schema" in i.type) || i.type.schema === undefined) continue;
      const a = this.dataset(i.binding.dataset);
      // Another URL (`https://…`) is not read by mlp; an object-store one is, streamed.
      if ("error" in a || a.hash.startsWith("uri:")) continue;
      const schema = this.req.ir.schemas[i.type.schema];
      if (!schema) continue;
      const schemaHash = sha256(JSON.stringify(schema.columns));
      if (this.stmts.getValidation.get(a.hash, schemaHash)) continue;
      const problem = await this.checkTable(a.path, i.type.schema);
      if (problem !== null) {
        const ds = this.p.datasets.find((d) => d.name === (i.binding as { dataset: string }).dataset)!;
        return diagnostic("MLP7014", "error", `input \`${i.name}\` of step \`${step.name}\` (dataset \`${ds.name}\`, \`${ds.uri}\`) does not match schema \`${i.type.schema}\`: ${problem}`, ds.origin, {
          help: [`fix the data, or change the schema \`${i.type.schema}\` to describe it`],
        });
      }
      if (this.builtins) this.stmts.putValidation.run(a.hash, schemaHash);
    }
    return null;
  }

  private async checkTable(path: string, schemaName: string): Promise<string | null> {
    const schema = this.req.ir.schemas[schemaName];
    if (this.builtins === null) this.builtins = await this.req.builtins();
    if (!this.builtins) return null;
    const r = await this.builtins.validateTable(path, schema);
    return r.ok ? null : r.errors.slice(0, 3).join("; ");
  }

  private valueOf(step: IrStep, name: string): IrValue {
    const b = step.inputs.find((i) => i.name === name)!.binding;
    if (b.kind === "param") return this.req.params[b.param]!;
    if (b.kind === "literal") return b.value;
    if (b.kind === "expr") return evalExpr(b.expr, this.exprEnv()) ?? "";
    return "";
  }

  private exprEnv(): ExprEnv {
    return {
      param: (name) => this.req.params[name],
      metric: (step, metric) => this.metrics.get(step)?.[metric],
      deployed: (env, metric) => deployedMetrics(this.store, this.p.name, env)?.[metric],
    };
  }

  // ------------------------------------------------------------------------------------------
  // Gates and deploys

  private evalGate(n: NodeInfo): void {
    const gate = n.gate!;
    const conditions: ConditionRecord[] = [];
    let unknown = false;
    let errored = false;
    for (const c of gate.conditions) {
      const values: Record<string, IrValue | null> = {};
      try {
        const v = evalExpr(c.expr, this.exprEnv(), values);
        conditions.push({ text: c.text, values, ok: v === true });
      } catch (e) {
        if (this.req.dryRun && e instanceof MissingValueError) {
          unknown = true;
          conditions.push({ text: c.text, values, ok: false, error: "not known before the run" });
        } else {
          errored = true;
          conditions.push({ text: c.text, values, ok: false, error: (e as Error).message });
          this.report(
            diagnostic("MLP7023", "error", `gate \`${gate.name}\`: cannot evaluate \`${c.text}\`: ${(e as Error).message}`, c.origin, {
              help: ["make the step report the metric in its metrics file"],
            }),
          );
        }
      }
    }
    if (unknown) {
      this.settle(n, { kind: "gate", name: gate.name, status: "would_run", reason: "depends on metrics of steps that would run", conditions });
      return;
    }
    const passed = conditions.every((c) => c.ok);
    if (!passed && !errored) {
      const failed = conditions.filter((c) => !c.ok);
      this.report(
        diagnostic("MLP7020", "warning", `gate \`${gate.name}\` failed: \`${failed[0]!.text}\` does not hold`, gate.conditions.find((c) => c.text === failed[0]!.text)?.origin ?? gate.origin, {
          notes: failed.map((c) => `\`${c.text}\` with ${formatValues(c.values)}`),
        }),
      );
    }
    if (this.runId !== null) {
      const runId = this.runId;
      this.pendingWrites.push(() => this.stmts.putGate.run(runId, gate.name, passed ? "passed" : errored ? "error" : "failed", JSON.stringify(this.redactor.deep(conditions))));
      this.scheduleFlush();
    }
    if (errored && !this.stopping) this.stopping = "failed";
    this.settle(n, {
      kind: "gate",
      name: gate.name,
      status: passed ? "passed" : errored ? "failed" : "gated",
      conditions,
      ...(passed ? {} : { reason: conditions.filter((c) => !c.ok).map((c) => `${c.text} (${formatValues(c.values)})`).join("; ") }),
    });
  }

  private async runDeploy(n: NodeInfo): Promise<void> {
    const d = n.deploy!;
    const model = this.outputs.get(`${d.model.step}.${d.model.output}`);
    if (this.req.dryRun || this.runId === null) {
      this.settle(n, { kind: "deploy", name: d.name, status: "would_run", reason: `would deploy \`${d.model.step}.${d.model.output}\` to \`${d.name}\` (${d.to.kind})${d.approval && !(this.req.approve ?? []).includes(d.name) ? " after approval" : ""}` });
      return;
    }
    if (model === undefined || model === "pending") {
      this.report(diagnostic("MLP7021", "error", `deploy \`${d.name}\`: model \`${d.model.step}.${d.model.output}\` was not produced`, d.origin));
      this.settle(n, { kind: "deploy", name: d.name, status: "failed" });
      return;
    }
    this.flush();
    const metrics = this.metricsSnapshot();
    // One model per pipeline output, whatever the target calls its service.
    const modelName = `${this.p.name}.${d.model.step}.${d.model.output}`;
    const live = liveDeployment(this.store, this.p.name, d.name);
    if (live !== undefined && live.artifact === model.hash && live.model === modelName) {
      this.settle(n, { kind: "deploy", name: d.name, status: "deployed", note: `unchanged: model v${live.version} is already live in \`${d.name}\`` });
      return;
    }
    const secrets = { declared: d.secrets ?? [], pipeline: this.p.secrets.map((s) => s.name) };
    const base = { runId: this.runId, pipeline: this.p.name, env: d.name, model: modelName, artifact: model.hash, kind: d.to.kind, options: d.to.options, metrics, secrets };
    if (d.approval && !(this.req.approve ?? []).includes(d.name)) {
      const ok = this.req.confirmApproval ? await this.req.confirmApproval(d.name, `deploy \`${modelName}\` (${model.hash.slice(0, 12)}) to \`${d.name}\` via ${d.to.kind}`) : false;
      if (!ok) {
        recordAwaiting(this.store, base);
        this.settle(n, { kind: "deploy", name: d.name, status: "awaiting_approval", reason: "approval required" });
        return;
      }
    }
    // Only a `command` deploy runs anything here; the others need no secret locally.
    const unset = d.to.kind === "command" ? secrets.declared.filter((s) => this.env[s] === undefined) : [];
    if (unset.length > 0) {
      this.report(
        diagnostic("MLP7017", "error", `deploy \`${d.name}\` needs secret \`${unset[0]}\`, which is not set`, d.origin, {
          help: [`set the environment variable \`${unset[0]}\` before \`mlp run\``],
        }),
      );
      if (!this.stopping) this.stopping = "failed";
      this.settle(n, { kind: "deploy", name: d.name, status: "failed" });
      return;
    }
    const r = await deploy(this.store, {
      ...base,
      cwd: this.req.root,
      logPath: join(this.runDir, `deploy-${d.name}.log`),
      signal: this.req.signal,
      baseEnv: this.env,
    });
    if (r.status === "failed") {
      this.report(diagnostic("MLP7021", "error", `deploy \`${d.name}\` failed: ${r.note}`, d.origin), readTail(join(this.runDir, `deploy-${d.name}.log`)));
      if (!this.stopping) this.stopping = "failed";
    }
    this.settle(n, { kind: "deploy", name: d.name, status: r.status === "failed" ? "failed" : r.status === "registered" ? "registered" : "deployed", note: r.note });
  }

  /** Every metric recorded so far, as `metric` and `step.metric` (what `deployed(env).metric` reads). */
  private metricsSnapshot(): Record<string, number | boolean> {
    const snap: Record<string, number | boolean> = {};
    for (const s of this.p.steps) {
      const m = this.metrics.get(s.name);
      if (!m) continue;
      for (const [k, v] of Object.entries(m)) {
        snap[k] = v;
        snap[`${s.name}.${k}`] = v;
      }
    }
    return snap;
  }

  // ------------------------------------------------------------------------------------------
  // Recording

  /**
   * Flushes at most every 50 ms: a chain of fast steps commits a batch of records per transaction
   * instead of one each. A crash loses at most the last 50 ms of cache records (those steps run
   * again); their outputs are already complete objects in the store. A due flush runs on
   * `setImmediate`, after the steps that became ready have been handed to their workers, so the
   * commit overlaps them instead of delaying them.
   */
  private flushSoon(): void {
    if (this.flushScheduled || this.flushTimer) return;
    const wait = 50 - (performance.now() - this.lastFlush);
    if (wait <= 0) return this.scheduleFlush();
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes every pending record in one transaction (so a no-op run of 1,000 steps is one commit). */
  private flush(): void {
    this.flushScheduled = false;
    this.lastFlush = performance.now();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pendingWrites.length === 0) return this.afterCommit();
    const writes = this.pendingWrites;
    this.pendingWrites = [];
    // IMMEDIATE: take the write lock up front (waiting for it), since a write may follow a read
    // (lineage records); upgrading a read to a write fails at once if another run wrote between.
    try {
      this.store.db
        .transaction(() => {
          for (const w of writes) w();
        })
        .immediate();
      this.afterCommit();
    } catch (e) {
      // Rolled back as a whole: the store keeps what earlier commits wrote.
      this.onStoreFault(e);
    }
  }

  private afterCommit(): void {
    if (this.afterFlush.length === 0) return;
    const done = this.afterFlush;
    this.afterFlush = [];
    for (const f of done) f();
  }

  /**
   * The store failed a read or write (a damaged page, a full disk, a read-only remount): report it
   * once and stop starting steps. Anything that is not a store fault is a bug and is rethrown.
   */
  private onStoreFault(e: unknown): void {
    const d = storeFaultDiagnostic(e, this.store.dir);
    if (d === undefined) throw e;
    if (!this.storeFailed) this.report(d);
    this.storeFailed = true;
    if (!this.stopping) this.stopping = "failed";
  }

  /** A step or deploy whose handling threw (a store fault): record it failed so the run can end. */
  private nodeFailed(n: NodeInfo, e: unknown): void {
    this.onStoreFault(e);
    if (!this.outcomes.has(n.name)) this.settle(n, { kind: n.kind, name: n.name, status: "failed", reason: "the store failed" });
  }

  /** After the final write failed: one small transaction recording the run `failed`, if it can. */
  private endAfterStoreFault(runId: number, g: GitInfo): void {
    const message = this.diagnostics.find((d) => d.severity === "error")?.message ?? null;
    try {
      endRunRecord(this.store, runId, "failed", message, g, null);
    } catch {
      /* still no room: the next `mlp run` marks this run `died` */
    }
  }

  private redact(text: string): string {
    return this.redactor.text(text);
  }

  private redactDiagnostic(d: Diagnostic): Diagnostic {
    if (!this.redactor.active) return d;
    return { ...d, message: this.redact(d.message), notes: d.notes.map((x) => this.redact(x)), help: d.help.map((x) => this.redact(x)) };
  }

  /** Every step's log, not only those of steps that list a secret: a value can travel through a file. */
  private redactLog(step: IrStep, path: string): void {
    const problem = redactLogFile(path, this.redactor);
    if (problem !== null) this.report(unmaskedLogWarning(problem, step.origin));
  }
}

function isGood(status: NodeStatus, dry: boolean): boolean {
  if (status === "done" || status === "cached" || status === "passed" || status === "deployed" || status === "registered") return true;
  return dry && status === "would_run";
}

function formatValues(values: Record<string, IrValue | null>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "no values";
  return entries.map(([k, v]) => `${k} = ${v === null ? "absent" : JSON.stringify(v)}`).join(", ");
}

function printable(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** Last lines of a log file, to show under a failure. */
export function readTail(path: string, lines = 30): string {
  try {
    const st = statSync(path);
    const fd = openSync(path, "r");
    try {
      const len = Math.min(st.size, 64 * 1024);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, st.size - len);
      const text = buf.toString("utf8").split("\n");
      if (text[text.length - 1] === "") text.pop();
      return text.slice(-lines).join("\n");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

function prepare(store: Store) {
  const db = store.db;
  return {
    upsertStep: db.prepare(
      "INSERT OR REPLACE INTO run_steps(run_id, step, status, reason, cache_key, cache_hit, exit_code, attempts, started_at, ended_at, duration_ms, log_path, error, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    getCache: db.prepare<[string], { outputs: string; metrics: string; run_id: number }>("SELECT outputs, metrics, run_id FROM cache WHERE key = ?"),
    putCache: db.prepare("INSERT OR REPLACE INTO cache(key, step, outputs, metrics, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
    getState: db.prepare<[string, string, string], { key: string; parts: string }>("SELECT key, parts FROM step_state WHERE source = ? AND pipeline = ? AND step = ?"),
    // One statement that writes only when the key changed (a no-op run rewrites nothing).
    putState: db.prepare(
      "INSERT INTO step_state(source, pipeline, step, key, parts) VALUES (?, ?, ?, ?, ?) ON CONFLICT(source, pipeline, step) DO UPDATE SET key = excluded.key, parts = excluded.parts WHERE key <> excluded.key",
    ),
    putArtifact: db.prepare("INSERT OR IGNORE INTO artifacts(hash, size, kind, dir, created_at) VALUES (?, ?, ?, ?, ?)"),
    records: recordStatements(db),
    putMetric: db.prepare("INSERT OR REPLACE INTO metrics(run_id, step, name, value, type) VALUES (?, ?, ?, ?, ?)"),
    getValidation: db.prepare<[string, string], { hash: string }>("SELECT hash FROM validations WHERE hash = ? AND schema_hash = ?"),
    putValidation: db.prepare("INSERT OR IGNORE INTO validations(hash, schema_hash) VALUES (?, ?)"),
    putGate: db.prepare("INSERT OR REPLACE INTO gates(run_id, gate, verdict, conditions) VALUES (?, ?, ?, ?)"),
  };
}
