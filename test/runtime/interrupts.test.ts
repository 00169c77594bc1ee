/**
 * Interrupts and dead runs (issue #13): a second Ctrl-C kills every step's process group and
 * records the run `cancelled`; a killed mlp takes its steps with it within moments; `mlp runs`
 * labels a run whose process is gone `died`, writing it when it can and only on display when not.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt, mlp } from "../cli/run-cli.js";
import { abandonRun } from "../../src/runtime/abandon-run.js";
import { settleDeadRuns } from "../../src/runtime/recover.js";
import { startRunRecord } from "../../src/runtime/run-record.js";
import { openStore, type Store } from "../../src/runtime/store.js";
import { irDoc, out, step } from "./ir-builder.js";
import { project } from "./harness.js";
import { exited, processesWith, waitFor } from "./proc-helpers.js";

beforeAll(() => ensureBuilt());

const statusOf = (dir: string, runId: number): string => {
  const db = new Database(join(dir, ".mlp", "mlp.db"), { readonly: true });
  try {
    return (db.prepare("SELECT status FROM runs WHERE id = ?").get(runId) as { status: string }).status;
  } finally {
    db.close();
  }
};

/** A pipeline whose step `stubborn` ignores SIGTERM (and so does the `sleep` it runs). */
function stubbornProject(tag: string): string {
  const p = project();
  const ir = irDoc({
    steps: [
      step({ name: "stubborn", outputs: [out("o")], run: `trap '' TERM; echo partial > \${o}; touch started; sleep ${tag}; echo done >> \${o}` }),
      step({ name: "after", after: ["stubborn"], run: "true" }),
    ],
  });
  writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(ir));
  return p.dir;
}

describe("interrupts", () => {
  it("a second Ctrl-C SIGKILLs a step that ignores SIGTERM, records the run cancelled, removes its scratch folder, exits 130; a third does nothing", async () => {
    const dir = stubbornProject("47.25");
    const child = spawn(process.execPath, [BIN, "run", "p.ir.json"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "1" } });
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    await waitFor(() => existsSync(join(dir, "started")), 20_000, "the step to start");
    child.kill("SIGINT");
    await waitFor(() => err.includes("press Ctrl-C again"), 5_000, "the first interrupt's message");
    // The step ignores SIGTERM: it is still running after the first interrupt.
    expect(processesWith("sleep 47.25")).toBeGreaterThan(0);
    const t0 = Date.now();
    child.kill("SIGINT");
    await waitFor(() => err.includes("killing running steps"), 5_000, "the second interrupt's message");
    child.kill("SIGINT");
    const code = await exited(child);
    const forcedMs = Date.now() - t0;
    // The forced stop takes a few milliseconds, so the third interrupt often lands while Node is
    // already tearing down, after the run was recorded and reported: Node has then restored the
    // signal's default action and it ends the process (a shell shows that as 130 too). Either way
    // the run must be fully recorded and reported first.
    expect(err).toContain("run 1 was cancelled");
    expect([130, "SIGINT"]).toContain(code);
    // Well inside the 3 s SIGTERM grace period: the second interrupt did not wait for it.
    expect(forcedMs).toBeLessThan(2_500);
    expect(processesWith("sleep 47.25")).toBe(0);
    expect(statusOf(dir, 1)).toBe("cancelled");
    expect(readdirSync(join(dir, ".mlp", "tmp"))).toEqual([]);
    expect(readdirSync(join(dir, ".mlp", "objects"))).toEqual([]);
    expect(err).not.toMatch(/^\s+at /m);
    expect(err).toContain("run 1 was cancelled");
    // Recorded once: no second record, no new run.
    const runs = JSON.parse(mlp(["runs", "--format", "json"], { cwd: dir }).stdout) as { id: number; status: string }[];
    expect(runs.map((r) => [r.id, r.status])).toEqual([[1, "cancelled"]]);
    const show = mlp(["runs", "show", "1"], { cwd: dir });
    expect(show.stdout).toMatch(/stubborn\s+cancelled/);
  }, 60_000);

  for (const launcher of ["python", "sh"] as const) {
    it(`steps of a killed mlp (kill -9) stop within moments (${launcher} launcher); \`mlp runs\` then labels the run died`, async () => {
      const tag = launcher === "python" ? "48.25" : "48.75";
      const dir = stubbornProject(tag);
      const env = { ...process.env, CI: "1", MLP_STEP_LAUNCHER: launcher === "sh" ? "sh" : "" };
      const child = spawn(process.execPath, [BIN, "run", "p.ir.json"], { cwd: dir, stdio: "ignore", env });
      await waitFor(() => existsSync(join(dir, "started")), 20_000, "the step to start");
      expect(processesWith(`sleep ${tag}`)).toBeGreaterThan(0);
      const t0 = Date.now();
      child.kill("SIGKILL");
      await exited(child);
      await waitFor(() => processesWith(`sleep ${tag}`) === 0, 5_000, "the orphaned step to stop");
      const gone = Date.now() - t0;
      expect(gone).toBeLessThan(5_000);
      // Before any `mlp run`: the run is still `running` in the store, but its owner is gone.
      expect(statusOf(dir, 1)).toBe("running");
      const list = JSON.parse(mlp(["runs", "--format", "json"], { cwd: dir }).stdout) as { id: number; status: string }[];
      expect(list).toMatchObject([{ id: 1, status: "died" }]);
      // `mlp runs` could write, so it recorded it and removed the dead run's scratch folder.
      expect(statusOf(dir, 1)).toBe("died");
      expect(readdirSync(join(dir, ".mlp", "tmp"))).toEqual([]);
      expect(mlp(["runs", "show", "1"], { cwd: dir }).stdout).toMatch(/^run 1: .* — died$/m);
    }, 60_000);
  }

  it("on a store it cannot write, `mlp runs` labels a dead run died on display only", async () => {
    const dir = stubbornProject("49.25");
    const child = spawn(process.execPath, [BIN, "run", "p.ir.json"], { cwd: dir, stdio: "ignore", env: { ...process.env, CI: "1" } });
    await waitFor(() => existsSync(join(dir, "started")), 20_000, "the step to start");
    child.kill("SIGKILL");
    await exited(child);
    const db = new Database(join(dir, ".mlp", "mlp.db"), { readonly: true });
    const store = { db, dir: join(dir, ".mlp"), tmpDir: join(dir, ".mlp", "tmp") } as unknown as Store;
    try {
      expect([...settleDeadRuns(store)]).toEqual([1]);
      expect((db.prepare("SELECT status FROM runs WHERE id = 1").get() as { status: string }).status).toBe("running");
    } finally {
      db.close();
    }
  }, 60_000);

  it("a forced stop that cannot wait for the executor records the run cancelled once and removes its scratch folders", () => {
    const p = project();
    const store = openStore(join(p.dir, ".mlp"));
    try {
      const info = { pipeline: "p", source: "p.mlp", fileHash: "f", irHash: "i", params: {}, root: p.dir, jobs: 1, argv: [] };
      const runId = startRunRecord(store, info);
      const other = startRunRecord(store, info);
      mkdirSync(join(store.tmpDir, String(runId)));
      mkdirSync(join(store.tmpDir, `${runId}-x`));
      mkdirSync(join(store.tmpDir, String(other)));
      store.db.prepare("INSERT INTO run_steps(run_id, step, status) VALUES (?, 'a', 'running')").run(runId);
      abandonRun(store, runId);
      abandonRun(store, runId);
      const row = store.db.prepare("SELECT status, message FROM runs WHERE id = ?").get(runId);
      expect(row).toEqual({ status: "cancelled", message: "stopped by a second interrupt before its steps had ended" });
      expect(store.db.prepare("SELECT status FROM run_steps WHERE run_id = ?").get(runId)).toEqual({ status: "cancelled" });
      // Another run's record and scratch folder are untouched.
      expect(store.db.prepare("SELECT status FROM runs WHERE id = ?").get(other)).toEqual({ status: "running" });
      expect(readdirSync(store.tmpDir)).toEqual([String(other)]);
    } finally {
      store.close();
    }
  });
});
