import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { readStepRecord, RunRecorder, type StepRecord } from "../../src/runtime/run-recorder.js";
import { startRunRecord } from "../../src/runtime/run-record.js";
import { openStore, type Store } from "../../src/runtime/store.js";

const opened: Store[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function storeWithRun(): { store: Store; runId: number } {
  const store = openStore(join(mkdtempSync(join(tmpdir(), "mlp-recorder-")), ".mlp"));
  opened.push(store);
  const runId = startRunRecord(store, { pipeline: "p", source: "p.mlp", fileHash: "f", irHash: "i", params: {}, root: "/r", argv: [], jobs: 1 });
  return { store, runId };
}

describe("run recorder", () => {
  it("writes a step record with every field named, and reads back each one unchanged", () => {
    const { store, runId } = storeWithRun();
    const recorder = new RunRecorder(store, () => {
      throw new Error("no fault expected");
    });
    // Every field differs from its default and from every other field's value, so a column
    // bound to the wrong name cannot go unnoticed.
    const full: Required<StepRecord> = {
      runId,
      step: "train",
      status: "failed",
      reason: "input `x` changed",
      cacheKey: "k".repeat(64),
      cacheHit: true,
      exitCode: 3,
      attempts: 2,
      startedAt: "2026-01-02T03:04:05.000Z",
      endedAt: "2026-01-02T03:04:06.500Z",
      durationMs: 1500.25,
      logPath: "/logs/1/train.log",
      error: "step `train` failed with exit code 3",
      recordId: 42,
    };
    recorder.later(() => recorder.step(full));
    expect(readStepRecord(store, runId, "train")).toBeUndefined();
    recorder.flush();
    expect(readStepRecord(store, runId, "train")).toEqual(full);
  });

  it("stores absent fields as NULL, no cache hit and no attempts", () => {
    const { store, runId } = storeWithRun();
    const recorder = new RunRecorder(store, () => undefined);
    recorder.later(() => recorder.step({ runId, step: "a", status: "skipped" }));
    recorder.flush();
    expect(readStepRecord(store, runId, "a")).toEqual({
      runId,
      step: "a",
      status: "skipped",
      reason: null,
      cacheKey: null,
      cacheHit: false,
      exitCode: null,
      attempts: 0,
      startedAt: null,
      endedAt: null,
      durationMs: null,
      logPath: null,
      error: null,
      recordId: null,
    });
  });

  it("commits a batch in one transaction, then runs what waited for the commit", () => {
    const { store, runId } = storeWithRun();
    const recorder = new RunRecorder(store, () => undefined);
    const seen: string[] = [];
    recorder.later(() => recorder.step({ runId, step: "a", status: "not_run" }));
    recorder.later(() => recorder.step({ runId, step: "b", status: "not_run" }));
    recorder.afterCommit(() => seen.push(`after: ${readStepRecord(store, runId, "b")?.status}`));
    expect(seen).toEqual([]);
    recorder.flush();
    expect(seen).toEqual(["after: not_run"]);
    // A write that throws rolls the whole batch back; an error that is not a store fault is a bug.
    recorder.later(() => recorder.step({ runId, step: "c", status: "not_run" }));
    recorder.later(() => {
      throw new Error("a bug");
    });
    expect(() => recorder.flush()).toThrow("a bug");
    expect(readStepRecord(store, runId, "c")).toBeUndefined();
  });

  it("reports the first store fault once, as a diagnostic, and marks the recorder failed", () => {
    const { store, runId } = storeWithRun();
    const faults: (string | undefined)[] = [];
    const recorder = new RunRecorder(store, (d) => faults.push(d?.code));
    const full = new Database.SqliteError("database or disk is full", "SQLITE_FULL");
    for (let i = 0; i < 2; i++) {
      recorder.later(() => recorder.step({ runId, step: `s${i}`, status: "not_run" }));
      recorder.later(() => {
        throw full;
      });
      recorder.flush();
    }
    expect(recorder.failed).toBe(true);
    expect(faults).toEqual(["MLP7043", undefined]);
    expect(readStepRecord(store, runId, "s0")).toBeUndefined();
  });
});
