import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/runtime/migrations.js";
import { openStore } from "../../src/runtime/store.js";
import { lineageOfStep, producerOf, showRun } from "../../src/runtime/tracking.js";
import { fromDataset, fromOutput, irDoc, out, step } from "./ir-builder.js";
import { project, runs, type Ran } from "./harness.js";

const { go, closeAll } = runs();
afterEach(closeAll);

/** a feeds b and c, which both feed d: a diamond. */
function diamond() {
  return irDoc({
    datasets: [{ name: "raw", uri: "data/raw.txt" }],
    steps: [
      step({ name: "a", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: "cat ${in} > ${o}" }),
      step({ name: "b", inputs: [fromOutput("in", "a", "o")], outputs: [out("o")], run: "cat ${in} > ${o}; echo b >> ${o}" }),
      step({ name: "c", inputs: [fromOutput("in", "a", "o")], outputs: [out("o")], run: "cat ${in} > ${o}; echo c >> ${o}" }),
      step({ name: "d", inputs: [fromOutput("x", "b", "o"), fromOutput("y", "c", "o")], outputs: [out("o")], run: "cat ${x} ${y} > ${o}" }),
    ],
  });
}

const count = (r: Ran, table: string) => (r.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("lineage records", () => {
  it("are shared by a no-op re-run instead of copied, and read back the same", async () => {
    const p = project({ "data/raw.txt": "hello\n" });
    const first = await go(p.dir, diamond());
    const records = count(first, "step_records");
    const rows = count(first, "record_artifacts");
    expect(records).toBe(4);
    expect(rows).toBe(9); // a: 1 in + 1 out, b and c: 2 each, d: 2 in + 1 out
    closeAll();

    const second = await go(p.dir, diamond(), { replay: false }); // the executor itself shares them
    expect(second.cached.sort()).toEqual(["a", "b", "c", "d"]);
    expect(count(second, "step_records")).toBe(records);
    expect(count(second, "record_artifacts")).toBe(rows);

    const one = showRun(second.store, second.runId! - 1)!.artifacts;
    const two = showRun(second.store, second.runId!)!.artifacts;
    expect(two.map((a) => [a.step, a.direction, a.name, a.hash])).toEqual(one.map((a) => [a.step, a.direction, a.name, a.hash]));
    expect(one.filter((a) => a.direction === "out").map((a) => a.source)).toEqual(["produced", "produced", "produced", "produced"]);
    expect(two.filter((a) => a.direction === "out").map((a) => a.source)).toEqual(["cached", "cached", "cached", "cached"]);
    expect(two.find((a) => a.step === "a" && a.direction === "in")!.source).toBe("dataset:raw:data/raw.txt");
    expect(two.find((a) => a.step === "d" && a.name === "y")!.source).toBe("output:c.o");

    // The artifact is still traced to the run that produced it, not the one that reused it.
    const dOut = two.find((a) => a.step === "d" && a.direction === "out")!.hash;
    expect(producerOf(second.store, dOut)).toEqual({ run: second.runId! - 1, step: "d", name: "o" });
  });

  it("traces a shared upstream once, then refers back to it", async () => {
    const p = project({ "data/raw.txt": "hello\n" });
    const r = await go(p.dir, diamond());
    const d = lineageOfStep(r.store, r.runId!, "d")!;
    const [x, y] = d.inputs;
    expect(x).toMatchObject({ kind: "output", from: "b.o" });
    expect(y).toMatchObject({ kind: "output", from: "c.o" });
    const b = (x as { producer: NonNullable<ReturnType<typeof lineageOfStep>> }).producer;
    const c = (y as { producer: NonNullable<ReturnType<typeof lineageOfStep>> }).producer;
    expect(b.inputs[0]).toMatchObject({ from: "a.o", producer: { step: "a" } });
    expect(c.inputs[0]).toMatchObject({ from: "a.o", producer: null, shownAbove: true });
  });
});

describe("migration 3", () => {
  it("turns the lineage rows of an older store into records with the same view", () => {
    const dir = join(project().dir, ".mlp");
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, "mlp.db"));
    for (const m of MIGRATIONS.slice(0, 2)) db.exec(m);
    db.pragma("user_version = 2");
    const runRow = db.prepare(
      "INSERT INTO runs(id, pipeline, source, file_hash, ir_hash, params, tools, argv, cwd, flags, status, started_at) VALUES (?, 'p', 'p.mlp', 'f', 'i', '{}', '{}', '[]', '/', '{}', 'success', 't')",
    );
    const stepRow = db.prepare("INSERT INTO run_steps(run_id, step, status, cache_hit, parts) VALUES (?, ?, ?, ?, ?)");
    const art = db.prepare("INSERT INTO run_artifacts(run_id, step, direction, name, hash, type, source) VALUES (?, ?, ?, ?, ?, ?, ?)");
    runRow.run(1);
    stepRow.run(1, "train", "done", 0, '{"args":{"lr":0.1}}');
    art.run(1, "train", "in", "data", "d".repeat(64), "File", "dataset:raw:data/raw.csv");
    art.run(1, "train", "out", "model", "m".repeat(64), "Model", "produced");
    runRow.run(2);
    stepRow.run(2, "train", "cached", 1, '{"args":{"lr":0.1}}');
    art.run(2, "train", "in", "data", "d".repeat(64), "File", "dataset:raw:data/raw.csv");
    art.run(2, "train", "out", "model", "m".repeat(64), "Model", "cached");
    stepRow.run(2, "report", "skipped", 0, null);
    db.close();

    const store = openStore(dir);
    try {
      expect(store.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      const rows = store.db.prepare("SELECT run_id, step, direction, name, hash, source FROM run_artifacts ORDER BY run_id, step_order, seq").all();
      expect(rows).toEqual([
        { run_id: 1, step: "train", direction: "in", name: "data", hash: "d".repeat(64), source: "dataset:raw:data/raw.csv" },
        { run_id: 1, step: "train", direction: "out", name: "model", hash: "m".repeat(64), source: "produced" },
        { run_id: 2, step: "train", direction: "in", name: "data", hash: "d".repeat(64), source: "dataset:raw:data/raw.csv" },
        { run_id: 2, step: "train", direction: "out", name: "model", hash: "m".repeat(64), source: "cached" },
      ]);
      expect(lineageOfStep(store, 2, "train")).toMatchObject({ args: { lr: 0.1 }, outputs: [{ name: "model" }] });
      expect(producerOf(store, "m".repeat(64))).toEqual({ run: 1, step: "train", name: "model" });
    } finally {
      store.close();
    }
  });
});
