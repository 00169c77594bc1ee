/**
 * Step locks: while a run executes a step, it holds `.mlp/locks/KEY` (the step's cache key), so
 * another run on the same store that reaches a step with the same key waits for it and reuses
 * its cached result instead of running it a second time. A lock file names its owner (pid,
 * process start time, host, run); a lock whose owner is dead (kill -9) is broken, so a dead run
 * never blocks another for longer than one look.
 *
 * Creating the file with `O_EXCL` is the whole protocol: no SQLite transaction is held while a
 * step runs. Breaking a dead lock and taking it are two steps, so two runs that both find the
 * same dead lock at the same moment may both run that step, which is what happened before locks
 * existed (the store stays consistent: objects are immutable and keyed by content).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ownerAlive, procStartTime } from "./recover.js";

/** What a lock file records about its holder. */
interface LockOwner {
  readonly pid: number;
  readonly start: string | null;
  readonly host: string;
  readonly run: number;
}

/** How long a lock file may stay empty (created, its owner not yet written) before it counts as dead. */
const EMPTY_LOCK_MS = 5_000;

/** The result of trying to take a step's lock. */
export type LockAttempt = { readonly kind: "acquired"; readonly release: () => void } | { readonly kind: "busy"; readonly run: number | null };

/** Step locks of one run, in the store directory `storeDir`. */
export class StepLocks {
  private readonly dir: string;
  private readonly owner: string;
  private readonly held = new Set<string>();

  constructor(storeDir: string, runId: number) {
    this.dir = join(storeDir, "locks");
    this.owner = JSON.stringify({ pid: process.pid, start: procStartTime(process.pid), host: hostname(), run: runId } satisfies LockOwner);
  }

  /** Takes the lock of cache key `key`, or says which run holds it. */
  tryAcquire(key: string): LockAttempt {
    const path = join(this.dir, key);
    for (let tries = 0; tries < 4; tries++) {
      try {
        // Plain open/write/close and unlink: about half the cost of writeFileSync and rmSync, per step.
        const fd = openSync(path, "wx");
        try {
          writeSync(fd, this.owner);
        } finally {
          closeSync(fd);
        }
        this.held.add(path);
        return { kind: "acquired", release: () => this.release(path) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          mkdirSync(this.dir, { recursive: true });
          continue;
        }
        if (code !== "EEXIST") throw e;
      }
      const holder = readOwner(path);
      if (holder === "gone") continue;
      if (holder !== "dead") return { kind: "busy", run: holder?.run ?? null };
      rmSync(path, { force: true });
    }
    return { kind: "busy", run: null };
  }

  /** True when key `key` is locked by a live owner (another run is executing that step). */
  busy(key: string): boolean {
    const holder = readOwner(join(this.dir, key));
    return holder !== "gone" && holder !== "dead";
  }

  /** Releases every lock this run still holds (the run is ending). */
  releaseAll(): void {
    for (const path of this.held) this.release(path);
  }

  private release(path: string): void {
    if (!this.held.delete(path)) return;
    try {
      unlinkSync(path);
    } catch {
      /* gone already, or left behind: its owner is this process, so it counts as dead once this process ends */
    }
  }
}

/** The live owner of a lock file; `null` while it is being written, `dead` or `gone`. */
function readOwner(path: string): LockOwner | null | "dead" | "gone" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return "gone";
  }
  let owner: LockOwner | undefined;
  try {
    owner = JSON.parse(text) as LockOwner;
  } catch {
    owner = undefined;
  }
  if (owner === undefined || typeof owner.pid !== "number") {
    // Just created and not yet written, or left half-written by a process that died then.
    try {
      return Date.now() - statSync(path).mtimeMs > EMPTY_LOCK_MS ? "dead" : null;
    } catch {
      return "gone";
    }
  }
  return ownerAlive(owner.pid, owner.start, owner.host) ? owner : "dead";
}
