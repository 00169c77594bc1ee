/**
 * A run's row in `runs`: written when the run starts (so `mlp runs` shows it running, and a dead
 * run can be found and marked) and completed when it ends.
 */
import { hostname } from "node:os";
import { MLP_VERSION } from "../version.js";
import { canonicalJson } from "./cache-key.js";
import type { GitInfo } from "./git-info.js";
import type { ParamValues } from "./params.js";
import type { Redactor } from "./redact.js";
import { procStartTime } from "./recover.js";
import type { RunStatus } from "./run-events.js";
import type { Store } from "./store.js";

/** What the `runs` row says of a run's request. */
export interface RunRecordInfo {
  readonly pipeline: string;
  /** The IR's `source` (the entry file, relative to the IR root). */
  readonly source: string;
  readonly fileHash: string;
  readonly irHash: string;
  readonly params: ParamValues;
  readonly root: string;
  readonly argv: readonly string[];
  readonly entryFile?: string;
  readonly jobs: number;
  readonly noCache?: boolean;
  readonly from?: string;
  readonly approve?: readonly string[];
  /** Masks secret values in what is recorded (params, argv); the replay key still uses `params`. */
  readonly redactor?: Redactor;
}

/** Inserts the row of a starting run; its id. */
export function startRunRecord(store: Store, req: RunRecordInfo): number {
  const sqlite = (store.db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  const info = store.db
    .prepare(
      "INSERT INTO runs(pipeline, source, file_hash, ir_hash, params, tools, argv, cwd, flags, status, started_at, pid, proc_start, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)",
    )
    .run(
      req.pipeline,
      req.source,
      req.fileHash,
      req.irHash,
      canonicalJson(req.redactor?.deep(req.params) ?? req.params),
      JSON.stringify({ mlp: MLP_VERSION, node: process.version, sqlite, platform: `${process.platform}-${process.arch}` }),
      JSON.stringify(req.redactor?.deep(req.argv) ?? req.argv),
      process.cwd(),
      JSON.stringify({
        file: req.entryFile ?? null,
        root: req.root,
        store: store.dir,
        jobs: req.jobs,
        noCache: req.noCache === true,
        from: req.from ?? null,
        approve: req.approve ?? [],
      }),
      new Date().toISOString(),
      process.pid,
      procStartTime(process.pid),
      hostname(),
    );
  return Number(info.lastInsertRowid);
}

/** Completes run `runId`: status, first error, end time, git state and its replay key (if any). */
export function endRunRecord(store: Store, runId: number, status: RunStatus, message: string | null, git: GitInfo, replayKey: string | null): void {
  store.db
    .prepare("UPDATE runs SET status = ?, message = ?, ended_at = ?, git_commit = ?, git_dirty = ?, replay_key = ? WHERE id = ?")
    .run(status, message, new Date().toISOString(), git.commit, git.dirty === null ? null : git.dirty ? 1 : 0, replayKey, runId);
}
