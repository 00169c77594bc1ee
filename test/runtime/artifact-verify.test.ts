/**
 * A store object whose bytes changed after it was stored (a flipped byte, a bad disk) is never
 * reused: the replay sees its stat changed, the executor re-hashes it, moves it aside, warns with
 * MLP7030 and runs its step again, so downstream steps and lineage see only true hashes.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hashPath } from "../../src/runtime/hash-path.js";
import { verifyStore } from "../../src/runtime/store-verify.js";
import type { Store } from "../../src/runtime/store.js";
import { approveDeployment } from "../../src/runtime/approve.js";
import { bin, deployNode, fromDataset, fromOutput, gate, irDoc, lit, m, metric, out, step } from "./ir-builder.js";
import { project, runs, type Ran } from "./harness.js";

const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

/** prep -> train -> (gate) -> report, as in the replay tests; each output holds different bytes. */
function pipeline() {
  return irDoc({
    datasets: [{ name: "raw", uri: "data/raw.txt" }],
    steps: [
      step({ name: "prep", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: 'cat ${in} > ${o}; echo prep >> ${o}' }),
      step({
        name: "train",
        inputs: [fromOutput("data", "prep", "o")],
        outputs: [out("model", "Model")],
        metrics: [metric("accuracy")],
        run: `cat \${data} > \${model}; echo model >> \${model}; printf '{"accuracy": 0.9}' > \${metrics}`,
      }),
      step({ name: "report", inputs: [fromOutput("model", "train", "model", "Model")], outputs: [out("r")], after: ["quality"], run: "cat ${model} > ${r}; echo report >> ${r}" }),
    ],
    gates: [gate("quality", [{ text: "train.accuracy >= 0.1", expr: bin(">=", m("train", "accuracy"), lit(0.1)) }], ["train"])],
  });
}

const GOOD = "hello\nprep\n";

function setUp() {
  return project({ "data/raw.txt": "hello\n" });
}

/** The object a run recorded for `step.output`. */
function objectOf(r: Ran, stepName: string, output: string): string {
  const row = r.store.db
    .prepare<[number, string, string], { hash: string }>("SELECT hash FROM run_artifacts WHERE run_id = ? AND step = ? AND direction = 'out' AND name = ?")
    .get(r.runId!, stepName, output)!;
  return r.store.objectPath(row.hash);
}

/** Flips the first byte of a (read-only) object file; with `keepTimes`, puts its mtime back. */
function flipByte(path: string, keepTimes = false): void {
  const before = statSync(path);
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[0] = bytes[0]! ^ 0x01;
  writeFileSync(path, bytes);
  chmodSync(path, before.mode & 0o777);
  if (keepTimes) utimesSync(path, before.atime, before.mtime);
}

/** Every hash the run's lineage records for a step's output, or for an input read from the store, holds those bytes. */
function lineageIsTrue(store: Store, runId: number): void {
  const rows = store.db
    .prepare<[number], { step: string; name: string; hash: string; source: string }>("SELECT step, name, hash, source FROM run_artifacts WHERE run_id = ? AND source NOT LIKE 'dataset:%'")
    .all(runId);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(hashPath(store.objectPath(r.hash)).hash, `${r.step}.${r.name}`).toBe(r.hash);
}

const warnings = (r: Ran) => r.diagnostics.filter((d) => d.code === "MLP7030");

describe("a corrupt object in the store", () => {
  it("is not replayed: its step runs again with a warning naming the artifact, step and run, and the object is moved aside", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    const prepObject = objectOf(first, "prep", "o");
    expect(readFileSync(prepObject, "utf8")).toBe(GOOD);
    flipByte(prepObject);

    const next = await go(p.dir, pipeline());
    expect(next.replayedFrom).toBeUndefined();
    expect(next.status).toBe("success");
    expect(next.executed).toEqual(["prep"]);
    // prep is deterministic, so its recomputed output has the old hash: train and report are reused.
    expect(next.cached.sort()).toEqual(["report", "train"]);
    const [w] = warnings(next);
    expect(w?.severity).toBe("warning");
    expect(w?.message).toContain("cached output `prep.o`");
    expect(w?.message).toContain(`run ${first.runId}`);
    expect(w?.notes.join("\n")).toMatch(/moved to .*\.mlp\/corrupt\//);
    expect(w?.help.join("\n")).toContain("mlp store verify");
    expect(next.outcomes.find((o) => o.name === "prep")?.reason).toBe("cached output `o` corrupt in the store");
    expect(readFileSync(prepObject, "utf8")).toBe(GOOD);
    expect(readdirSync(join(p.dir, ".mlp", "corrupt"))).toHaveLength(1);
    lineageIsTrue(next.store, next.runId!);

    // Repaired: the run after replays again, without a warning.
    const after = await go(p.dir, pipeline());
    expect(after.replayedFrom).toBe(next.runId);
    expect(warnings(after)).toEqual([]);
  });

  it("is not fed to the steps `--from` re-runs: the upstream step that made it runs again first", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    flipByte(objectOf(first, "prep", "o"));

    const from = await go(p.dir, pipeline(), { from: "train" });
    expect(from.status).toBe("success");
    expect(from.executed.sort()).toEqual(["prep", "report", "train"]);
    expect(warnings(from)).toHaveLength(1);
    expect(readFileSync(objectOf(from, "train", "model"), "utf8")).toBe(`${GOOD}model\n`);
    expect(readFileSync(objectOf(from, "report", "r"), "utf8")).toBe(`${GOOD}model\nreport\n`);
    lineageIsTrue(from.store, from.runId!);
  });

  it("is found when its mtime was put back (ctime still moved)", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    flipByte(objectOf(first, "train", "model"), true);

    const next = await go(p.dir, pipeline());
    expect(next.replayedFrom).toBeUndefined();
    expect(next.executed).toEqual(["train"]);
    expect(warnings(next)[0]?.message).toContain("cached output `train.model`");
    lineageIsTrue(next.store, next.runId!);
  });

  it("inside a directory output is found", async () => {
    const p = setUp();
    const ir = irDoc({
      steps: [
        step({ name: "make", outputs: [out("d", "Dir")], run: "mkdir ${d}/sub 2>/dev/null; echo deep > ${d}/sub/f; echo top > ${d}/g" }),
        step({ name: "use", inputs: [fromOutput("d", "make", "d", "Dir")], outputs: [out("o")], run: "cat ${d}/sub/f > ${o}" }),
      ],
    });
    const first = await go(p.dir, ir);
    const nested = join(objectOf(first, "make", "d"), "sub", "f");
    flipByte(nested);

    const next = await go(p.dir, ir);
    expect(next.replayedFrom).toBeUndefined();
    expect(next.executed).toEqual(["make"]);
    expect(warnings(next)).toHaveLength(1);
    expect(readFileSync(objectOf(next, "use", "o"), "utf8")).toBe("deep\n");
    lineageIsTrue(next.store, next.runId!);
  });

  it("that can no longer be hashed (a FIFO inside a directory output) is set aside too, not a crash", async () => {
    const p = setUp();
    const ir = irDoc({ steps: [step({ name: "make", outputs: [out("d", "Dir")], run: "echo top > ${d}/g" })] });
    const first = await go(p.dir, ir);
    execFileSync("mkfifo", [join(objectOf(first, "make", "d"), "pipe")]);

    const next = await go(p.dir, ir);
    expect(next.status).toBe("success");
    expect(next.executed).toEqual(["make"]);
    expect(warnings(next)[0]?.message).toContain("now cannot be read");
    lineageIsTrue(next.store, next.runId!);
  });

  it("is reported but left in place by a dry run", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    const prepObject = objectOf(first, "prep", "o");
    flipByte(prepObject);
    const dry = await go(p.dir, pipeline(), { dryRun: true });
    expect(dry.status_["prep"]).toBe("would_run");
    expect(warnings(dry)[0]?.notes.join("\n")).toContain("this dry run changes nothing");
    expect(existsSync(prepObject)).toBe(true);
    expect(existsSync(join(p.dir, ".mlp", "corrupt"))).toBe(false);
  });
});

describe("an object whose stat changed but whose bytes did not", () => {
  it("is re-hashed once by the executor, then replayed again", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    const obj = objectOf(first, "prep", "o");
    const later = new Date(Date.now() + 5_000);
    utimesSync(obj, later, later);

    const touched = await go(p.dir, pipeline());
    expect(touched.replayedFrom).toBeUndefined();
    expect(touched.executed).toEqual([]);
    expect(warnings(touched)).toEqual([]);
    const again = await go(p.dir, pipeline());
    expect(again.replayedFrom).toBe(touched.runId);
  });

  it("from a store made before fingerprints were recorded is re-hashed once, then replayed", async () => {
    const p = setUp();
    const first = await go(p.dir, pipeline());
    first.store.db.exec("DELETE FROM object_stats");
    const next = await go(p.dir, pipeline());
    expect(next.replayedFrom).toBeUndefined();
    expect(next.executed).toEqual([]);
    expect(next.store.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM object_stats").get()!.n).toBe(3);
    expect((await go(p.dir, pipeline())).replayedFrom).toBe(next.runId);
  });
});

describe("mlp approve", () => {
  it("refuses to deploy a model whose object was corrupted while it awaited approval", async () => {
    const p = setUp();
    const ir = irDoc({
      steps: [step({ name: "train", outputs: [out("model", "Model")], run: "echo weights > ${model}" })],
      deploys: [deployNode("production", { step: "train", output: "model" }, { kind: "command", options: { command: 'cp "$MLP_MODEL" deployed.txt' } }, [], true)],
    });
    const r = await go(p.dir, ir);
    expect(r.status).toBe("awaiting_approval");
    flipByte(objectOf(r, "train", "model"));
    const a = await approveDeployment(r.store, r.runId!, "production", new AbortController().signal);
    expect(a).toMatchObject({ ok: false, error: { kind: "bad-model", model: "p.train.model" } });
    expect(existsSync(join(p.dir, "deployed.txt"))).toBe(false);
  });
});

describe("chaos: random damage to the objects of a finished run", () => {
  /** A fan-in of file and directory outputs, every step deterministic. */
  const chaosIr = () =>
    irDoc({
      datasets: [{ name: "raw", uri: "data/raw.txt" }],
      steps: [
        step({ name: "a", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: "cat ${in} > ${o}; echo a >> ${o}" }),
        step({ name: "b", inputs: [fromOutput("x", "a", "o")], outputs: [out("d", "Dir")], run: "cp ${x} ${d}/copy; echo b > ${d}/b; mkdir ${d}/sub; echo deep > ${d}/sub/f" }),
        step({ name: "c", inputs: [fromOutput("x", "a", "o")], outputs: [out("o")], run: "cat ${x} > ${o}; echo c >> ${o}" }),
        step({ name: "d", inputs: [fromOutput("x", "b", "d", "Dir"), fromOutput("y", "c", "o")], outputs: [out("o")], run: "cat ${x}/copy ${x}/sub/f ${y} > ${o}; echo d >> ${o}" }),
      ],
    });

  /** Seeded, so a failure names a case that can be replayed (mulberry32). */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** Every regular file of an object (itself, or the files of its tree). */
  const filesOf = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path, { recursive: true, encoding: "utf8" }).map((f) => join(path, f)).filter((f) => statSync(f).isFile()) : [path];

  const DAMAGE: Record<string, (file: string, random: () => number) => void> = {
    flip: (f, r) => {
      const st = statSync(f);
      chmodSync(f, 0o644);
      const bytes = readFileSync(f);
      const at = Math.floor(r() * bytes.length);
      bytes[at] = bytes[at]! ^ (1 << Math.floor(r() * 8));
      writeFileSync(f, bytes);
      if (r() < 0.5) utimesSync(f, st.atime, st.mtime);
    },
    truncate: (f) => {
      chmodSync(f, 0o644);
      truncateSync(f, 1);
    },
    append: (f) => {
      chmodSync(f, 0o644);
      appendFileSync(f, "x");
    },
    remove: (f) => rmSync(f, { force: true }),
    "replace by a directory": (f) => {
      rmSync(f, { force: true });
      mkdirSync(f);
    },
  };

  it("every run after the damage succeeds with the clean run's bytes, records true hashes, and leaves a store that verifies clean", async () => {
    const tried: string[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const random = rng(seed);
      const p = setUp();
      const clean = await go(p.dir, chaosIr());
      const expected = readFileSync(objectOf(clean, "d", "o"), "utf8");
      const objects = ["a", "b", "c", "d"].map((s) => objectOf(clean, s, s === "b" ? "d" : "o"));
      const damaged = objects.filter(() => random() < 0.5);
      if (damaged.length === 0) damaged.push(objects[Math.floor(random() * objects.length)]!);
      for (const obj of damaged) {
        const files = filesOf(obj);
        const file = files[Math.floor(random() * files.length)]!;
        const kinds = Object.keys(DAMAGE);
        const kind = kinds[Math.floor(random() * kinds.length)]!;
        DAMAGE[kind]!(file, random);
        tried.push(`seed ${seed}: ${kind} ${file.slice(obj.length) || "(the file)"} of step ${"abcd"[objects.indexOf(obj)]}`);
      }
      const next = await go(p.dir, chaosIr());
      const label = `seed ${seed}: ${tried.filter((t) => t.startsWith(`seed ${seed}:`)).join("; ")}`;
      expect(next.status, label).toBe("success");
      expect(next.replayedFrom, label).toBeUndefined();
      expect(next.diagnostics.filter((d) => d.severity === "error"), label).toEqual([]);
      expect(readFileSync(objectOf(next, "d", "o"), "utf8"), label).toBe(expected);
      lineageIsTrue(next.store, next.runId!);
      expect(verifyStore(next.store).problems, label).toEqual([]);
    }
    expect(tried.length).toBeGreaterThanOrEqual(6);
  });
});
