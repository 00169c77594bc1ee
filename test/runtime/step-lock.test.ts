/**
 * Step locks (step-lock.ts) and waiting for another run executing the same step: the lock names
 * its run, a dead or never-written lock is broken, and a run that reaches a step another live run
 * is executing waits for it and reuses its result.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StepLocks } from "../../src/runtime/step-lock.js";
import { fromDataset, irDoc, out, step } from "./ir-builder.js";
import { project, runs } from "./harness.js";

const { go, closeAll } = runs();
afterEach(() => closeAll());

const KEY = "ab".repeat(32);

describe("step locks", () => {
  it("a held lock is busy for another run, names it, and is free once released", () => {
    const { dir } = project();
    const a = new StepLocks(dir, 1);
    const b = new StepLocks(dir, 2);
    const got = a.tryAcquire(KEY);
    expect(got.kind).toBe("acquired");
    expect(b.tryAcquire(KEY)).toEqual({ kind: "busy", run: 1 });
    expect(b.busy(KEY)).toBe(true);
    if (got.kind === "acquired") got.release();
    expect(b.busy(KEY)).toBe(false);
    expect(b.tryAcquire(KEY).kind).toBe("acquired");
    b.releaseAll();
    expect(readdirSync(join(dir, "locks"))).toEqual([]);
  });

  it("breaks the lock of a dead owner, and of a lock file left empty for more than a few seconds", () => {
    const { dir } = project();
    mkdirSync(join(dir, "locks"));
    const gone = spawnSync("/bin/sh", ["-c", "echo $$"], { encoding: "utf8" });
    const deadPid = Number(gone.stdout.trim());
    writeFileSync(join(dir, "locks", KEY), JSON.stringify({ pid: deadPid, start: "1", host: hostname(), run: 7 }));
    const locks = new StepLocks(dir, 8);
    expect(locks.busy(KEY)).toBe(false);
    expect(locks.tryAcquire(KEY).kind).toBe("acquired");
    locks.releaseAll();
    // Just created by a live owner that has not written it yet: busy.
    writeFileSync(join(dir, "locks", KEY), "");
    expect(locks.tryAcquire(KEY)).toEqual({ kind: "busy", run: null });
    // Left empty long ago (its owner died between creating and writing it): broken.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "locks", KEY), old, old);
    expect(locks.tryAcquire(KEY).kind).toBe("acquired");
    locks.releaseAll();
  });

  it("a run reaching a step another live run is executing waits for it and reuses its result", async () => {
    const p = project({ "data/in.txt": "x\n" });
    const ir = irDoc({
      datasets: [{ name: "in", uri: "data/in.txt" }],
      steps: [step({ name: "slow", inputs: [fromDataset("d", "in")], outputs: [out("o")], run: "echo . >> count; sleep 0.6; cat ${d} > ${o}" })],
    });
    const first = go(p.dir, ir);
    await new Promise((r) => setTimeout(r, 200));
    const second = go(p.dir, ir);
    const [a, b] = await Promise.all([first, second]);
    expect(a.status_).toEqual({ slow: "done" });
    expect(b.status_).toEqual({ slow: "cached" });
    expect(b.events.filter((e) => e.type === "step-wait")).toEqual([{ type: "step-wait", step: "slow", runId: a.runId }]);
    const outcome = b.outcomes[0]!;
    expect(outcome.reason).toBe(`cached (waited for run ${a.runId})`);
    expect(outcome.note).toBe(`waited for run ${a.runId}, which ran it`);
    const row = b.store.db.prepare("SELECT status, reason FROM run_steps WHERE run_id = ?").get(b.runId);
    expect(row).toEqual({ status: "cached", reason: `cached (waited for run ${a.runId})` });
    expect(spawnSync("cat", [join(p.dir, "count")], { encoding: "utf8" }).stdout).toBe(".\n");
    expect(readdirSync(join(p.dir, ".mlp", "locks"))).toEqual([]);
  }, 30_000);

  it("`--no-cache` does not wait: the user asked for the step to run", async () => {
    const p = project();
    const ir = irDoc({ steps: [step({ name: "s", outputs: [out("o")], run: "echo . >> count; sleep 0.4; echo o > ${o}" })] });
    const [a, b] = await Promise.all([go(p.dir, ir), new Promise((r) => setTimeout(r, 100)).then(() => go(p.dir, ir, { noCache: true }))]);
    expect(a.status_).toEqual({ s: "done" });
    expect(b.status_).toEqual({ s: "done" });
    expect(b.events.some((e) => e.type === "step-wait")).toBe(false);
  }, 30_000);

  it("a run cancelled while it waits for another stops waiting: the step is not run there", async () => {
    const p = project();
    const ir = irDoc({ steps: [step({ name: "s", outputs: [out("o")], run: "echo . >> count; sleep 1.5; echo o > ${o}" })] });
    const first = go(p.dir, ir);
    await new Promise((r) => setTimeout(r, 300));
    const ctl = new AbortController();
    const second = go(p.dir, ir, { signal: ctl.signal });
    await new Promise((r) => setTimeout(r, 300));
    ctl.abort();
    const b = await second;
    expect(b.status).toBe("cancelled");
    expect(b.status_).toEqual({ s: "not_run" });
    const a = await first;
    expect(a.status_).toEqual({ s: "done" });
    expect(spawnSync("cat", [join(p.dir, "count")], { encoding: "utf8" }).stdout).toBe(".\n");
  }, 30_000);
});
