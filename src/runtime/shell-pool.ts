/**
 * Long-lived `/bin/sh` workers that start step commands for the executor. Forking a large Node
 * process for every step costs about twice what make pays (make forks a small process); a small
 * shell forks cheaply. Each step still runs as its own process group and session: the worker
 * forks a subshell that `cd`s, exports the step's environment and execs `setsid /bin/sh -c CMD`
 * with stdout and stderr appended to the step's log. The worker reports the group id when the
 * step starts and its exit status when it ends; timeouts and cancellation signal the whole group.
 *
 * Protocol (worker stdin): a header line with four line counts, then the working directory, the
 * log path, an `export …` script and the command, each as that many lines. Worker stdout:
 * `e STATUS` when finished (and `s PID` when started, where `/proc` cannot tell).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { SpawnResult } from "./spawn-step.js";
import { shellQuote } from "./shell-quote.js";

/**
 * The worker loop. After each step it kills what is left of the step's process group (a
 * backgrounded `&` job must not outlive its step). `START` reports the group id as `s PID`; it
 * is left out where Node can find the group in `/proc/PID/task/PID/children` when it needs to
 * stop a step, which saves one wake-up of Node per step.
 */
const worker = (start: boolean): string => `
rd() { n=$1; v=; while [ "$n" -gt 0 ]; do IFS= read -r l || exit 0; v="$v$l
"; n=$((n-1)); done; v=\${v%?}; }
while IFS= read -r h; do
  set -- $h
  rd "$1"; d=$v; rd "$2"; lg=$v; rd "$3"; ev=$v; rd "$4"; c=$v
  ( cd "$d" || exit 127; eval "$ev"; exec setsid /bin/sh -c "$c" ) </dev/null >>"$lg" 2>&1 &
  p=$!${start ? `
  echo "s $p"` : ""}
  wait $p
  s=$?
  kill -9 -$p 2>/dev/null
  echo "e $s"
done
`;

/** True where `/proc/PID/task/PID/children` exists (Linux), so workers need not report starts. */
const PROC_CHILDREN = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** The step process (session and group leader) a worker is waiting for, from `/proc`. */
function childOf(pid: number): number | null {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/** Where `setsid` lives, or undefined (then the executor spawns each step from Node). */
export const SETSID: string | undefined = ["/usr/bin/setsid", "/bin/setsid"].find((p) => existsSync(p));

/** One step for a worker. */
export interface PoolJob {
  readonly command: string;
  readonly cwd: string;
  /** Variables exported for this step only (on top of the pool's base environment). */
  readonly env: Readonly<Record<string, string>>;
  /** Variables removed for this step. */
  readonly unset?: readonly string[];
  readonly logPath: string;
  readonly timeoutSeconds?: number;
  readonly signal: AbortSignal;
  readonly graceMs?: number;
}

interface Worker {
  readonly proc: ChildProcessWithoutNullStreams;
  busy: boolean;
  buf: string;
  onLine: ((line: string) => void) | null;
  dead: boolean;
}

/** A pool of shell workers sharing one base environment. */
export class ShellPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();

  constructor(private readonly baseEnv: NodeJS.ProcessEnv) {}

  private newWorker(): Worker {
    const proc = spawn("/bin/sh", ["-c", worker(!PROC_CHILDREN)], { env: this.baseEnv, stdio: ["pipe", "pipe", "pipe"] });
    const w: Worker = { proc, busy: false, buf: "", onLine: null, dead: false };
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (chunk: string) => {
      w.buf += chunk;
      let i;
      while ((i = w.buf.indexOf("\n")) >= 0) {
        const line = w.buf.slice(0, i);
        w.buf = w.buf.slice(i + 1);
        w.onLine?.(line);
      }
    });
    proc.stderr.resume();
    proc.stdin.on("error", () => undefined);
    proc.once("exit", () => {
      w.dead = true;
      this.all.delete(w);
      w.onLine?.("x");
    });
    this.all.add(w);
    return w;
  }

  /** Runs one job on an idle (or new) worker. */
  run(job: PoolJob): Promise<SpawnResult> {
    let w = this.idle.pop();
    while (w && w.dead) w = this.idle.pop();
    if (!w) w = this.newWorker();
    const worker = w;
    worker.busy = true;
    return new Promise((resolve) => {
      let pgid: number | null = null;
      let timedOut = false;
      let cancelled = false;
      let killTimer: NodeJS.Timeout | undefined;
      let timeoutTimer: NodeJS.Timeout | undefined;
      let findTimer: NodeJS.Timeout | undefined;
      let stopping = false;
      const killGroup = (sig: NodeJS.Signals): void => {
        if (pgid === null && PROC_CHILDREN && worker.proc.pid !== undefined) pgid = childOf(worker.proc.pid);
        if (pgid === null) return;
        try {
          process.kill(-pgid, sig);
        } catch {
          /* gone */
        }
      };
      const stop = (): void => {
        stopping = true;
        killGroup("SIGTERM");
        // The step may not have been forked yet: look again until it is, or until it ends.
        if (pgid === null && PROC_CHILDREN) findTimer ??= setInterval(() => pgid === null && killGroup("SIGTERM"), 10);
        killTimer ??= setTimeout(() => killGroup("SIGKILL"), job.graceMs ?? 3000);
      };
      const onAbort = (): void => {
        cancelled = true;
        stop();
      };
      const finish = (r: SpawnResult): void => {
        if (timeoutTimer) clearTimeout(timeoutTimer);
        if (killTimer) clearTimeout(killTimer);
        if (findTimer) clearInterval(findTimer);
        job.signal.removeEventListener("abort", onAbort);
        worker.onLine = null;
        worker.busy = false;
        if (!worker.dead) this.idle.push(worker);
        resolve(r);
      };
      worker.onLine = (line) => {
        if (line.startsWith("s ")) {
          pgid = Number(line.slice(2));
          if (stopping) stop();
        } else if (line.startsWith("e ")) {
          const status = Number(line.slice(2));
          const bySignal = status > 128 && (cancelled || timedOut || status - 128 <= 31);
          finish({ exitCode: bySignal ? null : status, signal: bySignal ? `signal ${status - 128}` : null, timedOut, cancelled });
        } else if (line === "x") {
          finish({ exitCode: null, signal: null, timedOut, cancelled, spawnError: "the step's shell worker exited unexpectedly" });
        }
      };
      if (job.signal.aborted) cancelled = true;
      else job.signal.addEventListener("abort", onAbort, { once: true });
      if (job.timeoutSeconds !== undefined && job.timeoutSeconds > 0) {
        timeoutTimer = setTimeout(() => {
          timedOut = true;
          stop();
        }, job.timeoutSeconds * 1000);
      }
      const exports = Object.entries(job.env)
        .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
        .concat((job.unset ?? []).map((k) => `unset ${k}`))
        .join("\n");
      const fields = [job.cwd, job.logPath, exports, job.command].map((f) => f.split("\n"));
      worker.proc.stdin.write(`${fields.map((f) => f.length).join(" ")}\n${fields.map((f) => f.join("\n")).join("\n")}\n`);
    });
  }

  /** Ends every worker (they exit when their input closes). */
  close(): void {
    for (const w of this.all) w.proc.stdin.end();
  }
}
