/**
 * Crash recovery. A run whose `mlp` process died (kill -9, power loss) stays `running` in the
 * store; the next `mlp run` or `mlp runs` on the store marks it `died`, stops step processes it left behind
 * (found by the `MLP_RUN_ID`/`MLP_STORE_DIR` they inherited) and removes its temporary
 * directories. Finished steps of the dead run are in the cache and are reused.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Store } from "./store.js";

/** The kernel's start time of process `pid` (clock ticks since boot), to tell a reused pid apart. */
export function procStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether the process that owns a run (or a step lock) still lives: `pid` exists and, when its
 * start time was recorded, started then (a reused pid is another process). A run recorded on
 * another host (a store on a shared disk) cannot be checked from here and counts as alive.
 */
export function ownerAlive(pid: number, start: string | null, host: string | null = null): boolean {
  if (host !== null && host !== hostname()) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  if (start === null) return true;
  const now = procStartTime(pid);
  return now === null || now === start;
}

/** The runs recorded `running` whose `mlp` process is gone (reads only: works on a read-only store). */
export function deadRunIds(store: Store): number[] {
  const rows = store.db
    .prepare<[], { id: number; pid: number | null; proc_start: string | null; host: string | null }>(
      "SELECT id, pid, proc_start, host FROM runs WHERE status = 'running'",
    )
    .all();
  return rows.filter((r) => r.pid !== null && r.pid !== process.pid && !ownerAlive(r.pid, r.proc_start, r.host)).map((r) => r.id);
}

/** Marks dead runs as `died`, kills their leftover steps, removes their temporary files. */
export function recoverDeadRuns(store: Store): number[] {
  const dead = deadRunIds(store).map((id) => ({ id }));
  if (dead.length === 0) return [];
  const now = new Date().toISOString();
  const mark = store.db.transaction(() => {
    for (const r of dead) {
      store.db
        .prepare("UPDATE runs SET status = 'died', ended_at = ?, message = 'the mlp process died before the run finished' WHERE id = ? AND status = 'running'")
        .run(now, r.id);
      store.db.prepare("UPDATE run_steps SET status = 'died' WHERE run_id = ? AND status = 'running'").run(r.id);
    }
  });
  mark.immediate();
  const ids = new Set(dead.map((r) => String(r.id)));
  markUnmasked(store.dir, ids);
  killLeftovers(store.dir, ids);
  try {
    for (const name of readdirSync(store.tmpDir)) {
      const id = name.split("-")[0]!;
      if (ids.has(id)) rmSync(join(store.tmpDir, name), { recursive: true, force: true });
    }
  } catch {
    /* no tmp dir */
  }
  return dead.map((r) => r.id);
}

/**
 * The folder of markers for dead runs whose logs are not masked yet: a killed mlp masks nothing,
 * and only a later `mlp run` knows the secrets' values (redact-run.ts `redactDeadRunLogs`).
 */
export const UNMASKED_DIR = "unmasked";

function markUnmasked(storeDir: string, runIds: Set<string>): void {
  try {
    mkdirSync(join(storeDir, UNMASKED_DIR), { recursive: true });
    for (const id of runIds) writeFileSync(join(storeDir, UNMASKED_DIR, id), "");
  } catch {
    /* best effort: a store that cannot take a marker cannot take a masked log either */
  }
}

function killLeftovers(storeDir: string, runIds: Set<string>): void {
  let procs: string[];
  try {
    procs = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  for (const p of procs) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${p}/environ`, "latin1");
    } catch {
      continue;
    }
    if (!environ.includes(`MLP_STORE_DIR=${storeDir}\0`)) continue;
    const m = /(?:^|\0)MLP_RUN_ID=(\d+)\0/.exec(environ);
    if (m && runIds.has(m[1]!)) {
      try {
        process.kill(Number(p), "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
}

/**
 * For `mlp runs`: marks dead runs `died` (and stops their leftovers) when the store can be
 * written; when it cannot (read-only, locked), returns the dead runs' ids for the caller to label
 * `died` on display without writing.
 */
export function settleDeadRuns(store: Store): ReadonlySet<number> {
  try {
    recoverDeadRuns(store);
    return new Set();
  } catch {
    try {
      return new Set(deadRunIds(store));
    } catch {
      return new Set();
    }
  }
}
