/**
 * Long-lived workers that start step commands for the executor: the Python launcher of
 * `python-launcher.ts` where it can run, else `/bin/sh`. Forking a large Node process for every
 * step costs about twice what make pays (make forks a small process); a small worker forks
 * cheaply. Either way each step runs as its own process group and session, with stdout and
 * stderr appended to its log. The shell worker forks a subshell that `cd`s, exports the step's environment and execs `setsid /bin/sh -c CMD`
 * with stdout and stderr appended to the step's log. The worker reports the group id when the
 * step starts and its exit status when it ends; timeouts and cancellation signal the whole group.
 *
 * Shell protocol (worker stdin): a header line with four line counts, then the working directory, the
 * log path, an `export …` script and the command, each as that many lines. Worker stdout:
 * `e STATUS` when finished (and `s PID` when started, where `/proc` cannot tell).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { Socket } from "node:net";
import type { SpawnResult } from "./spawn-step.js";
import { shellQuote } from "./shell-quote.js";
import { PYTHON, PYTHON_LAUNCHER } from "./python-launcher.js";
import { trackGroup } from "./step-groups.js";

/**
 * The worker loop. After each step it kills what is left of the step's process group (a
 * backgrounded `&` job must not outlive its step). A background watchdog reads fd 3, a pipe
 * from mlp: at its end of file (mlp died, even by kill -9) it signals the worker, which kills
 * the running step's group and exits. `START` reports the group id as `s PID`; it
 * is left out where Node can find the group in `/proc/PID/task/PID/children` when it needs to
 * stop a step, which saves one wake-up of Node per step.
 */
const worker = (start: boolean, setsid: string): string => `
rd() { n=$1; v=; while [ "$n" -gt 0 ]; do IFS= read -r l || exit 0; v="$v$l
"; n=$((n-1)); done; v=\${v%?}; }
p=
trap '[ -n "$p" ] && kill -9 -$p 2>/dev/null; exit 0' USR1
( while IFS= read -r _; do :; done <&3; kill -USR1 $$ ) </dev/null >/dev/null 2>&1 &
wd=$!
trap 'kill $wd 2>/dev/null' EXIT
while IFS= read -r h; do
  set -- $h
  rd "$1"; d=$v; rd "$2"; lg=$v; rd "$3"; ev=$v; rd "$4"; c=$v
  ( cd "$d" || exit 127; eval "$ev"; exec ${shellQuote(setsid)} /bin/sh -c "$c" ) </dev/null >>"$lg" 2>&1 3<&- &
  p=$!${start ? `
  echo "s $p"` : ""}
  wait $p
  s=$?
  kill -9 -$p 2>/dev/null
  p=
  echo "e $s"
done
`;

/** True where `/proc/PID/task/PID/children` exists (Linux), so workers need not report starts. */
const PROC_CHILDREN = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/**
 * The step process (session and group leader) a worker is waiting for, from `/proc`: the child
 * that leads its own session (the shell worker's watchdog is a child too, in the worker's session).
 */
function childOf(pid: number): number | null {
  try {
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")) {
      if (c === "") continue;
      const stat = readFileSync(`/proc/${c}/stat`, "utf8");
      // Fields after the command: state, ppid, pgrp, session.
      if (stat.slice(stat.lastIndexOf(")") + 2).split(" ")[3] === c) return Number(c);
    }
  } catch {
    /* gone */
  }
  return null;
}

/** Where `setsid` lives, or undefined (then the shell launcher is not available). */
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

/** Which program starts the steps: the Python launcher (cheaper per step) or `/bin/sh` + `setsid`. */
export type LauncherKind = "python" | "sh";

/**
 * The launcher to use: Python on Linux where a `python3` is installed at a fixed path, else the
 * shell with `setsid`; undefined when neither is possible (the executor then spawns from Node).
 * `MLP_STEP_LAUNCHER=sh` forces the shell (to compare the two, or where Python misbehaves).
 */
export function defaultLauncher(env: NodeJS.ProcessEnv = process.env): LauncherKind | undefined {
  if (PYTHON !== undefined && PROC_CHILDREN && env["MLP_STEP_LAUNCHER"] !== "sh") return "python";
  return SETSID !== undefined ? "sh" : undefined;
}

interface Worker {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly kind: LauncherKind;
  /** The Python launcher said `r`: it started, so a job it was given may have run. */
  ready: boolean;
  busy: boolean;
  buf: string;
  onLine: ((line: string) => void) | null;
  dead: boolean;
}

/** A pool of step launchers sharing one base environment. */
export class ShellPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();

  constructor(
    private readonly baseEnv: NodeJS.ProcessEnv,
    private kind: LauncherKind = defaultLauncher() ?? "sh",
    /** The interpreter for the Python launcher (another path only in tests). */
    private readonly python: string | undefined = PYTHON,
  ) {
    if (this.kind === "sh" && SETSID === undefined) throw new Error("the shell launcher needs `setsid`");
  }

  private newWorker(): Worker {
    const proc = (
      this.kind === "python"
        ? spawn(this.python ?? "python3", ["-I", "-S", "-c", PYTHON_LAUNCHER], { env: this.baseEnv, stdio: ["pipe", "pipe", "pipe", "pipe"] })
        : spawn("/bin/sh", ["-c", worker(!PROC_CHILDREN, SETSID!)], { env: this.baseEnv, stdio: ["pipe", "pipe", "pipe", "pipe"] })) as ChildProcessWithoutNullStreams;
    // fd 3 is the launcher's watchdog: never written, it ends only when this process does.
    const watchdog = proc.stdio[3] as Socket | null;
    watchdog?.on("error", () => undefined);
    watchdog?.unref();
    const w: Worker = { proc, kind: this.kind, ready: this.kind === "sh", busy: false, buf: "", onLine: null, dead: false };
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (chunk: string) => {
      w.buf += chunk;
      let i;
      while ((i = w.buf.indexOf("\n")) >= 0) {
        const line = w.buf.slice(0, i);
        w.buf = w.buf.slice(i + 1);
        if (line === "r") w.ready = true;
        else w.onLine?.(line);
      }
    });
    proc.stderr.resume();
    proc.stdin.on("error", () => undefined);
    // A launcher that could not start (no usable Python) fails no step: the pool falls back. A
    // failed spawn emits only `error`, a worker that died only `exit`.
    const gone = (): void => {
      if (w.dead) return;
      w.dead = true;
      this.all.delete(w);
      w.onLine?.(w.ready ? "x" : "u");
    };
    proc.once("error", gone);
    proc.once("exit", gone);
    this.all.add(w);
    return w;
  }

  /** Runs one job on an idle (or new) worker. */
  async run(job: PoolJob): Promise<SpawnResult> {
    const r = await this.start(job);
    if (r !== RETRY) return r;
    // The Python launcher did not start: use the shell from now on (the job never ran).
    if (SETSID === undefined) return { exitCode: null, signal: null, timedOut: false, cancelled: false, spawnError: "the step launcher (python3) could not start" };
    this.kind = "sh";
    return this.run(job);
  }

  private start(job: PoolJob): Promise<SpawnResult | typeof RETRY> {
    let w = this.idle.pop();
    while (w && (w.dead || w.kind !== this.kind)) w = this.idle.pop();
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
      /** A second Ctrl-C: no grace period, SIGKILL at once. */
      let hard = false;
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
        const first = hard ? "SIGKILL" : "SIGTERM";
        killGroup(first);
        // The step may not have been forked yet: look again until it is, or until it ends.
        if (pgid === null && PROC_CHILDREN) findTimer ??= setInterval(() => pgid === null && killGroup(hard ? "SIGKILL" : "SIGTERM"), 10);
        killTimer ??= setTimeout(() => killGroup("SIGKILL"), job.graceMs ?? 3000);
      };
      const untrack = trackGroup(() => {
        hard = true;
        cancelled = true;
        stop();
      });
      const onAbort = (): void => {
        cancelled = true;
        stop();
      };
      const finish = (r: SpawnResult | typeof RETRY): void => {
        if (timeoutTimer) clearTimeout(timeoutTimer);
        if (killTimer) clearTimeout(killTimer);
        if (findTimer) clearInterval(findTimer);
        job.signal.removeEventListener("abort", onAbort);
        untrack();
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
        } else if (line === "u") {
          finish(RETRY);
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
      worker.proc.stdin.write(encodeJob(job, worker.kind));
    });
  }

  /** Ends every worker (they exit when their input closes). */
  close(): void {
    for (const w of this.all) w.proc.stdin.end();
  }
}

/** Returned by `start` when the Python launcher died before it was ready. */
const RETRY = Symbol("retry");

/** One job in a launcher's protocol: a header of per-field line counts, then the fields. */
function encodeJob(job: PoolJob, kind: LauncherKind): string {
  let fields: string[];
  if (kind === "python") {
    fields = [job.cwd, job.logPath, job.command];
    for (const [k, v] of Object.entries(job.env)) fields.push(`${k}=${v}`);
    for (const k of job.unset ?? []) fields.push(k);
  } else {
    const exports = Object.entries(job.env)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
      .concat((job.unset ?? []).map((k) => `unset ${k}`))
      .join("\n");
    fields = [job.cwd, job.logPath, exports, job.command];
  }
  const lines = fields.map((f) => f.split("\n"));
  return `${lines.map((f) => f.length).join(" ")}\n${lines.map((f) => f.join("\n")).join("\n")}\n`;
}
