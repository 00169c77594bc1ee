/**
 * Every store write of one executor run, batched. Writes are queued as closures and committed
 * together in one IMMEDIATE transaction: a no-op run of 1,000 steps is one commit, and a chain of
 * fast steps commits a batch per 50 ms instead of one per step. A store fault (full disk, damaged
 * page, read-only remount) is turned into one diagnostic, reported once; anything else is a bug
 * and is rethrown.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDataset, IrStep } from "../ir/ir.js";
import type { KeyParts } from "./cache-key.js";
import { lineageRecord, recordStatements, storeRecord } from "./lineage-record.js";
import type { NodeStatus } from "./run-events.js";
import type { Store } from "./store.js";
import { storeFaultDiagnostic } from "./store-fault.js";

/** A step's row in `run_steps`, by name. Absent fields are stored as NULL (`cacheHit`: 0, `attempts`: 0). */
export interface StepRecord {
  readonly runId: number;
  readonly step: string;
  readonly status: NodeStatus;
  /** Why it ran, was reused or was skipped. */
  readonly reason?: string | null;
  readonly cacheKey?: string | null;
  /** Its outputs came from the cache. */
  readonly cacheHit?: boolean;
  readonly exitCode?: number | null;
  readonly attempts?: number;
  /** ISO 8601. */
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
  readonly durationMs?: number | null;
  readonly logPath?: string | null;
  /** The failure's message (already masked). */
  readonly error?: string | null;
  /** Its lineage record (`step_records.id`). */
  readonly recordId?: number | null;
}

/** Every field of `StepRecord` present, as read back from the store. */
export type StoredStepRecord = { readonly [K in keyof StepRecord]-?: Exclude<StepRecord[K], undefined> };

const UPSERT_STEP =
  "INSERT OR REPLACE INTO run_steps(run_id, step, status, reason, cache_key, cache_hit, exit_code, attempts, started_at, ended_at, duration_ms, log_path, error, record_id) " +
  "VALUES (@runId, @step, @status, @reason, @cacheKey, @cacheHit, @exitCode, @attempts, @startedAt, @endedAt, @durationMs, @logPath, @error, @recordId)";

/** The row `upsertStep` binds for `r` (named parameters, every one present). */
function stepRow(r: StepRecord): Record<string, string | number | null> {
  return {
    runId: r.runId,
    step: r.step,
    status: r.status,
    reason: r.reason ?? null,
    cacheKey: r.cacheKey ?? null,
    cacheHit: r.cacheHit === true ? 1 : 0,
    exitCode: r.exitCode ?? null,
    attempts: r.attempts ?? 0,
    startedAt: r.startedAt ?? null,
    endedAt: r.endedAt ?? null,
    durationMs: r.durationMs ?? null,
    logPath: r.logPath ?? null,
    error: r.error ?? null,
    recordId: r.recordId ?? null,
  };
}

/** Step `step`'s record in run `runId`, as stored; undefined when there is none. */
export function readStepRecord(store: Store, runId: number, step: string): StoredStepRecord | undefined {
  const row = store.db
    .prepare<[number, string], Record<string, string | number | null>>(
      "SELECT run_id, step, status, reason, cache_key, cache_hit, exit_code, attempts, started_at, ended_at, duration_ms, log_path, error, record_id FROM run_steps WHERE run_id = ? AND step = ?",
    )
    .get(runId, step);
  if (row === undefined) return undefined;
  return {
    runId: row["run_id"] as number,
    step: row["step"] as string,
    status: row["status"] as NodeStatus,
    reason: row["reason"] as string | null,
    cacheKey: row["cache_key"] as string | null,
    cacheHit: row["cache_hit"] === 1,
    exitCode: row["exit_code"] as number | null,
    attempts: row["attempts"] as number,
    startedAt: row["started_at"] as string | null,
    endedAt: row["ended_at"] as string | null,
    durationMs: row["duration_ms"] as number | null,
    logPath: row["log_path"] as string | null,
    error: row["error"] as string | null,
    recordId: row["record_id"] as number | null,
  };
}

function prepare(store: Store) {
  const db = store.db;
  return {
    upsertStep: db.prepare(UPSERT_STEP),
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

/** A cache entry: output hashes by name, metrics, and the run that produced them. */
export interface CacheEntry {
  readonly outputs: Record<string, string>;
  readonly metrics: Record<string, number | boolean>;
  readonly runId: number;
}

/** Where a step's cache key is remembered between runs (for the reason of the next miss). */
export interface StepStateKey {
  readonly source: string;
  readonly pipeline: string;
  readonly step: string;
}

export class RunRecorder {
  private readonly stmts: ReturnType<typeof prepare>;
  private pending: (() => void)[] = [];
  private flushScheduled = false;
  private lastFlush = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Run after the next commit: releases of step locks, once their cache entries are written. */
  private afterFlush: (() => void)[] = [];
  /** Set once the store failed a read or write (reported once; the run then ends `failed`). */
  failed = false;

  /** `onFault` hears of the first store fault (its diagnostic) and of every later one (undefined). */
  constructor(
    private readonly store: Store,
    private readonly onFault: (d: Diagnostic | undefined) => void,
  ) {
    this.stmts = prepare(store);
  }

  // ------------------------------------------------------------------------------------------
  // Reads (immediate)

  cacheEntry(key: string): CacheEntry | undefined {
    const hit = this.stmts.getCache.get(key);
    if (!hit) return undefined;
    return { outputs: JSON.parse(hit.outputs) as Record<string, string>, metrics: JSON.parse(hit.metrics) as Record<string, number | boolean>, runId: hit.run_id };
  }

  hasCacheEntry(key: string): boolean {
    return this.stmts.getCache.get(key) !== undefined;
  }

  /** The key and parts a step had when it last ran from this source and pipeline. */
  lastState(at: StepStateKey): { key: string; parts: string } | undefined {
    return this.stmts.getState.get(at.source, at.pipeline, at.step);
  }

  /** The (content hash, schema hash) pair passed a table check before. */
  validated(hash: string, schemaHash: string): boolean {
    return this.stmts.getValidation.get(hash, schemaHash) !== undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Writes (call inside `later`, so they are committed with their batch)

  step(r: StepRecord): void {
    this.stmts.upsertStep.run(stepRow(r));
  }

  gate(runId: number, gate: string, verdict: "passed" | "failed" | "error", conditionsJson: string): void {
    this.stmts.putGate.run(runId, gate, verdict, conditionsJson);
  }

  metrics(runId: number, step: string, metrics: Record<string, number | boolean>): void {
    for (const [name, value] of Object.entries(metrics)) {
      this.stmts.putMetric.run(runId, step, name, typeof value === "boolean" ? (value ? 1 : 0) : value, typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int" : "float");
    }
  }

  /** Remembers the step's key and (masked) key parts for the next run's miss reasons. */
  state(at: StepStateKey, key: string, maskedPartsJson: string): void {
    this.stmts.putState.run(at.source, at.pipeline, at.step, key, maskedPartsJson);
  }

  /** Stores the step's lineage record (shared with earlier runs that had the same one); its id. */
  lineage(step: IrStep, datasets: readonly IrDataset[], key: string, parts: KeyParts, maskedPartsJson: string, outs: Record<string, string>): number {
    return storeRecord(this.stmts.records, lineageRecord(step, datasets, key, parts.inputs, maskedPartsJson, outs));
  }

  artifact(hash: string, size: number, kind: string, dir: boolean): void {
    this.stmts.putArtifact.run(hash, size, kind, dir ? 1 : 0, new Date().toISOString());
  }

  cache(key: string, step: string, outs: Record<string, string>, metrics: Record<string, number | boolean>, runId: number): void {
    this.stmts.putCache.run(key, step, JSON.stringify(outs), JSON.stringify(metrics), runId, new Date().toISOString());
  }

  validation(hash: string, schemaHash: string): void {
    this.stmts.putValidation.run(hash, schemaHash);
  }

  // ------------------------------------------------------------------------------------------
  // Batching

  /** Queues `write` for the next commit. */
  later(write: () => void): void {
    this.pending.push(write);
  }

  /** Runs `f` after the next commit (or at once, if that commit has nothing to write). */
  afterCommit(f: () => void): void {
    this.afterFlush.push(f);
  }

  /**
   * Flushes at most every 50 ms: a chain of fast steps commits a batch of records per transaction
   * instead of one each. A crash loses at most the last 50 ms of cache records (those steps run
   * again); their outputs are already complete objects in the store. A due flush runs on
   * `setImmediate`, after the steps that became ready have been handed to their workers, so the
   * commit overlaps them instead of delaying them.
   */
  flushSoon(): void {
    if (this.flushScheduled || this.flushTimer) return;
    const wait = 50 - (performance.now() - this.lastFlush);
    if (wait <= 0) return this.flushNext();
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  /** Flushes on the next turn of the event loop. */
  flushNext(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes every pending record in one transaction (so a no-op run of 1,000 steps is one commit). */
  flush(): void {
    this.flushScheduled = false;
    this.lastFlush = performance.now();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0) return this.committed();
    const writes = this.pending;
    this.pending = [];
    // IMMEDIATE: take the write lock up front (waiting for it), since a write may follow a read
    // (lineage records); upgrading a read to a write fails at once if another run wrote between.
    try {
      this.store.db
        .transaction(() => {
          for (const w of writes) w();
        })
        .immediate();
      this.committed();
    } catch (e) {
      // Rolled back as a whole: the store keeps what earlier commits wrote.
      this.fault(e);
    }
  }

  /**
   * The store failed a read or write: the first fault's diagnostic goes to `onFault`, later ones
   * only mark it again. Anything that is not a store fault is a bug and is rethrown.
   */
  fault(e: unknown): void {
    const d = storeFaultDiagnostic(e, this.store.dir);
    if (d === undefined) throw e;
    const first = !this.failed;
    this.failed = true;
    this.onFault(first ? d : undefined);
  }

  private committed(): void {
    if (this.afterFlush.length === 0) return;
    const done = this.afterFlush;
    this.afterFlush = [];
    for (const f of done) f();
  }
}
