/**
 * `verifyStore` (behind `mlp store verify`): the database's integrity, every object re-hashed
 * against its name, objects the cache or registry records looked for; `repair` moves bad objects
 * aside and drops the cache entries that name them, and the next run recomputes those steps.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/runtime/store.js";
import { verifyStore } from "../../src/runtime/store-verify.js";
import { fromDataset, fromOutput, irDoc, out, step } from "./ir-builder.js";
import { project, runs, type Ran } from "./harness.js";

const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

function pipeline() {
  return irDoc({
    datasets: [{ name: "raw", uri: "raw.txt" }],
    steps: [
      step({ name: "prep", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: "cat ${in} > ${o}; echo prep >> ${o}" }),
      step({ name: "fit", inputs: [fromOutput("d", "prep", "o")], outputs: [out("m", "Model")], run: "cat ${d} > ${m}; echo fit >> ${m}" }),
    ],
  });
}

function objectOf(r: Ran, stepName: string): string {
  const { hash } = r.store.db.prepare<[number, string], { hash: string }>("SELECT hash FROM run_artifacts WHERE run_id = ? AND step = ? AND direction = 'out'").get(r.runId!, stepName)!;
  return r.store.objectPath(hash);
}

/** Flips one byte in the middle of a file, keeping its size. */
function flipByte(path: string): void {
  const mode = statSync(path).mode & 0o777;
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x20;
  writeFileSync(path, bytes);
  chmodSync(path, mode);
}

describe("verifyStore", () => {
  it("passes a clean store, re-hashing every object", async () => {
    const p = project({ "raw.txt": "hello\n" });
    const r = await go(p.dir, pipeline());
    const report = verifyStore(r.store);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.objects).toBe(2);
    expect(report.bytes).toBe("hello\nprep\n".length + "hello\nprep\nfit\n".length);
  });

  it("finds a flipped byte, names the step and run that made the object, and with repair moves it aside so the next run recomputes it", async () => {
    const p = project({ "raw.txt": "hello\n" });
    const first = await go(p.dir, pipeline());
    const obj = objectOf(first, "fit");
    flipByte(obj);
    const found = verifyStore(first.store);
    expect(found.ok).toBe(false);
    expect(found.problems).toEqual([
      expect.objectContaining({ kind: "corrupt", path: obj, producer: { run: first.runId, step: "fit", output: "m" } }),
    ]);
    expect(existsSync(obj)).toBe(true); // without `repair`, nothing moves

    const repaired = verifyStore(first.store, { repair: true });
    expect(repaired.ok).toBe(true);
    expect(repaired.cacheEntriesDropped).toBe(1);
    expect(existsSync(obj)).toBe(false);
    const moved = (repaired.problems[0] as { movedTo: string }).movedTo;
    expect(moved).toBe(join(p.dir, ".mlp", "corrupt", obj.split("/").pop()!));
    expect(existsSync(moved)).toBe(true);
    expect(verifyStore(first.store).problems).toEqual([]);

    const next = await go(p.dir, pipeline());
    expect(next.executed).toEqual(["fit"]);
    expect(next.cached).toEqual(["prep"]);
    expect(readFileSync(obj, "utf8")).toBe("hello\nprep\nfit\n");
  });

  it("finds a corrupt file inside a directory object", async () => {
    const p = project();
    const r = await go(p.dir, irDoc({ steps: [step({ name: "d", outputs: [out("o", "Dir")], run: "echo a > ${o}/a; echo b > ${o}/b" })] }));
    flipByte(join(objectOf(r, "d"), "b"));
    expect(verifyStore(r.store).problems.map((x) => x.kind)).toEqual(["corrupt"]);
  });

  it("reports a stray entry under objects/ and an object the cache names that is gone", async () => {
    const p = project({ "raw.txt": "hello\n" });
    const r = await go(p.dir, pipeline());
    const stray = join(r.store.objectsDir, "zz");
    mkdirSync(stray);
    const gone = objectOf(r, "prep");
    chmodSync(gone, 0o644);
    rmSync(gone);
    const report = verifyStore(r.store);
    expect(report.problems.map((x) => x.kind).sort()).toEqual(["missing", "stray"]);
    const missing = report.problems.find((x) => x.kind === "missing") as { usedBy: readonly string[]; producer: unknown };
    expect(missing.usedBy).toEqual([expect.stringMatching(/^cache entry of step `prep`/)]);
    expect(missing.producer).toEqual({ run: r.runId, step: "prep", output: "o" });

    const repaired = verifyStore(r.store, { repair: true });
    expect(repaired.ok).toBe(true);
    expect(existsSync(stray)).toBe(false);
    expect(verifyStore(r.store).problems).toEqual([]);
  });

  it("reports a damaged database page from SQLite's integrity check", async () => {
    const p = project({ "raw.txt": "hello\n" });
    const dir = join(p.dir, ".mlp");
    await go(p.dir, pipeline());
    closeAll();
    const db = join(dir, "mlp.db");
    const original = readFileSync(db);
    const pageSize = original.readUInt16BE(16);
    const pages = original.length / pageSize;
    // Damage one page after the schema page at a time, until one still opens but fails the check
    // (which page holds what depends on SQLite's layout; some damage is caught on open instead).
    let found: string[] = [];
    for (let page = pages - 1; page >= 1 && found.length === 0; page--) {
      writeFileSync(db, original);
      const fd = openSync(db, "r+");
      writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, page * pageSize + 8);
      closeSync(fd);
      let store;
      try {
        store = openStore(dir);
      } catch {
        continue;
      }
      try {
        found = verifyStore(store).problems.filter((x) => x.kind === "database").map((x) => (x as { message: string }).message);
      } finally {
        store.close();
      }
    }
    expect(found.length).toBeGreaterThan(0);
  });
});
