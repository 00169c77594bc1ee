/**
 * Runs one shell command as its own process group (`detached`), with stdout and stderr going
 * straight to a log file descriptor. Timeouts and cancellation signal the whole group (the shell
 * and everything it started): SIGTERM first, SIGKILL after a grace period.
 */
import { spawn } from "node:child_process";
import { trackGroup } from "./step-groups.js";

/** How a command ended. */
export interface SpawnResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Set when the process could not be started at all. */
  readonly spawnError?: string;
}

/** Options for `spawnStep`. */
export interface SpawnOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFd: number;
  readonly timeoutSeconds?: number;
  readonly signal: AbortSignal;
  /** Called with the process group id once the child is started. */
  readonly onStart?: (pgid: number) => void;
  /** Milliseconds between SIGTERM and SIGKILL. */
  readonly graceMs?: number;
}

/** Runs `sh -c command` and resolves when it and its process group leader exit. */
export function spawnStep(opts: SpawnOptions): Promise<SpawnResult> {
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    const child = spawn("/bin/sh", ["-c", opts.command], {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ["ignore", opts.logFd, opts.logFd],
    });
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    let hard = false;
    const stop = (): void => {
      killGroup(hard ? "SIGKILL" : "SIGTERM");
      killTimer ??= setTimeout(() => killGroup("SIGKILL"), opts.graceMs ?? 3000);
    };
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    const untrack = trackGroup(() => {
      hard = true;
      cancelled = true;
      stop();
    });
    child.once("spawn", () => {
      if (child.pid !== undefined) opts.onStart?.(child.pid);
    });
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener("abort", onAbort, { once: true });
    if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutSeconds * 1000);
    }
    let settled = false;
    const finish = (r: SpawnResult): void => {
      if (settled) return;
      settled = true;
      if (timeoutTimer) clearTimeout(timeoutTimer);
      opts.signal.removeEventListener("abort", onAbort);
      untrack();
      // Leftover members of the group (a backgrounded `&` job) must not outlive the step.
      if (r.spawnError === undefined) killGroup("SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      resolve(r);
    };
    child.once("error", (e) =>
      finish({ exitCode: null, signal: null, timedOut, cancelled, spawnError: e.message }),
    );
    child.once("exit", (code, sig) => finish({ exitCode: code, signal: sig, timedOut, cancelled }));
  });
}
