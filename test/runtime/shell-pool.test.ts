import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PYTHON } from "../../src/runtime/python-launcher.js";
import { defaultLauncher, SETSID, ShellPool, type LauncherKind, type PoolJob } from "../../src/runtime/shell-pool.js";

const kinds: [LauncherKind, boolean][] = [
  ["python", PYTHON !== undefined && defaultLauncher({}) === "python"],
  ["sh", SETSID !== undefined],
];

const waitFor = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(kinds)("the %s step launcher", (kind, available) => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-pool-"));
    const pool = new ShellPool({ ...process.env, BASE_VAR: "base", DROPPED: "x" }, kind);
    const signal = new AbortController().signal;
    const job = (command: string, extra: Partial<PoolJob> = {}): PoolJob => ({ command, cwd: dir, env: {}, logPath: join(dir, "log"), signal, ...extra });
    return { dir, pool, job, log: () => readFileSync(join(dir, "log"), "utf8") };
  };
  /** Runs `body` with a fresh pool in a fresh directory, and closes the pool after. */
  const withPool = async (body: (ctx: ReturnType<typeof setup>) => Promise<void>): Promise<void> => {
    const ctx = setup();
    try {
      await body(ctx);
    } finally {
      ctx.pool.close();
    }
  };

  it.skipIf(!available)("runs in the working directory with the step's environment, appending both streams to the log", () =>
    withPool(async ({ dir, pool, job, log }) => {
      const r = await pool.run(
        job('pwd; echo "$BASE_VAR $STEP_VAR ${DROPPED-unset}"; printf "%s" "$MULTI" | wc -l; echo oops >&2; exit 3', {
          env: { STEP_VAR: "it's \"quoted\" $HOME", MULTI: "a\nb\nc" },
          unset: ["DROPPED"],
        }),
      );
      expect(r).toMatchObject({ exitCode: 3, signal: null, timedOut: false, cancelled: false });
      expect(r.spawnError).toBeUndefined();
      const again = await pool.run(job("echo second"));
      expect(again.exitCode).toBe(0);
      expect(log().split("\n").map((l) => l.trim())).toEqual([dir, "base it's \"quoted\" $HOME unset", "2", "oops", "second", ""]);
    }));

  it.skipIf(!available)("starts each step as its own session and process group, with default signal dispositions", () =>
    withPool(async ({ pool, job, log }) => {
      // /proc/PID/stat: pid (comm) state ppid pgrp session …; SigIgn lists ignored signals.
      const r = await pool.run(job("cut -d' ' -f1,5,6 /proc/$$/stat; grep SigIgn /proc/$$/status; yes | head -n 1"));
      expect(r.exitCode).toBe(0);
      const [ids, ign, yes] = log().split("\n");
      const [pid, pgrp, sid] = ids!.split(" ");
      expect(pgrp).toBe(pid);
      expect(sid).toBe(pid);
      // Standard signals 1-31 (glibc reserves 32 and 33 for itself). The shell worker's steps are
      // background jobs of a non-interactive shell, which POSIX has ignore SIGINT and SIGQUIT.
      const ignored = Number(BigInt(`0x${ign!.split(/\s+/)[1]}`) & 0x7fffffffn);
      expect(ignored).toBe(kind === "sh" ? 0b110 : 0);
      expect(yes).toBe("y");
      expect(log()).not.toMatch(/broken pipe/i);
    }));

  it.skipIf(!available)("reports a step killed by a signal, and stops what it left running in the background", () =>
    withPool(async ({ dir, pool, job }) => {
      const killed = await pool.run(job("kill -9 $$"));
      expect(killed).toMatchObject({ exitCode: null, signal: "signal 9" });
      const left = await pool.run(job(`sleep 37.5 & echo $! > ${join(dir, "bg.pid")}`));
      expect(left.exitCode).toBe(0);
      const pid = readFileSync(join(dir, "bg.pid"), "utf8").trim();
      await waitFor(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.startsWith("Z"));
    }));

  it.skipIf(!available)("stops the whole group on timeout and on cancel", () =>
    withPool(async ({ pool, job }) => {
      const timed = await pool.run(job("sleep 36.5; echo late", { timeoutSeconds: 1, graceMs: 500 }));
      expect(timed).toMatchObject({ timedOut: true, cancelled: false, exitCode: null });
      const ac = new AbortController();
      const pending = pool.run(job("sleep 35.5 & wait", { signal: ac.signal, graceMs: 500 }));
      setTimeout(() => ac.abort(), 200);
      expect(await pending).toMatchObject({ cancelled: true, exitCode: null });
      const after = await pool.run(job("echo still usable"));
      expect(after.exitCode).toBe(0);
    }));

  it.skipIf(!available)("fails a step whose working directory does not exist", () =>
    withPool(async ({ dir, pool, job }) => {
      const r = await pool.run(job("echo never", { cwd: join(dir, "missing") }));
      expect(r.exitCode).toBe(127);
    }));
});

describe("the step launcher pool", () => {
  it.skipIf(SETSID === undefined)("falls back to the shell when the Python launcher cannot start, and runs the job once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-pool-"));
    for (const python of [join(dir, "no-such-python3"), "/bin/false"]) {
      const pool = new ShellPool(process.env, "python", python);
      try {
        const r = await pool.run({ command: "echo ran >> counter", cwd: dir, env: {}, logPath: join(dir, "log"), signal: new AbortController().signal });
        expect(r).toMatchObject({ exitCode: 0 });
        expect(r.spawnError).toBeUndefined();
      } finally {
        pool.close();
      }
    }
    expect(readFileSync(join(dir, "counter"), "utf8")).toBe("ran\nran\n");
  });
});
