import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { fromDataset, fromOutput, irDoc, out, step, fromParam } from "./ir-builder.js";
import { project, runs } from "./harness.js";

// Each run closes the store before the next opens it, as separate `mlp run` processes would.
const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

/** a -> b -> c, with b keyed by a code file, plus d independent of all. */
function pipeline(extraB = "") {
  return irDoc({
    datasets: [{ name: "raw", uri: "data/raw.txt" }],
    params: [{ name: "suffix", type: { kind: "string" }, default: "x", origin: { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } }],
    steps: [
      step({ name: "a", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: "cat ${in} > ${o}; echo a >> ${o}" }),
      step({ name: "b", inputs: [fromOutput("in", "a", "o")], outputs: [out("o")], code: ["b.sh"], run: `sh b.sh \${in} \${o}${extraB}` }),
      step({ name: "c", inputs: [fromOutput("in", "b", "o"), fromParam("sfx", "suffix")], outputs: [out("o")], run: "cat ${in} > ${o}; echo ${sfx} >> ${o}" }),
      step({ name: "d", outputs: [out("o")], run: "echo d > ${o}" }),
    ],
  });
}

describe("caching", () => {
  it("runs every step once, then re-runs nothing", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"; echo b >> "$2"\n' });
    const first = await go(p.dir, pipeline());
    expect(first.status).toBe("success");
    expect(first.executed.sort()).toEqual(["a", "b", "c", "d"]);
    const second = await go(p.dir, pipeline());
    expect(second.status).toBe("success");
    expect(second.executed).toEqual([]);
    expect(second.cached.sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("re-runs exactly the step whose code file changed and what depends on it", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"; echo b >> "$2"\n' });
    await go(p.dir, pipeline());
    p.write("b.sh", 'cat "$1" > "$2"; echo B >> "$2"\n');
    const r = await go(p.dir, pipeline());
    expect(r.executed.sort()).toEqual(["b", "c"]);
    const reasons = Object.fromEntries(r.outcomes.map((o) => [o.name, o.reason]));
    expect(reasons["b"]).toBe("code file `b.sh` changed");
    expect(reasons["c"]).toBe("input `in` (`b.o`) changed");
  });

  it("cuts off early when a re-run step produces byte-identical outputs", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"; echo b >> "$2"\n' });
    await go(p.dir, pipeline());
    p.write("b.sh", '# same output, different code\ncat "$1" > "$2"; echo b >> "$2"\n');
    const r = await go(p.dir, pipeline());
    expect(r.executed).toEqual(["b"]);
    expect(r.status_["c"]).toBe("cached");
  });

  it("names the changed param in the reason and in a dry run", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"\n' });
    await go(p.dir, pipeline());
    const dry = await go(p.dir, pipeline(), { params: { suffix: "y" }, dryRun: true });
    expect(dry.runId).toBeNull();
    expect(dry.status_["c"]).toBe("would_run");
    expect(dry.outcomes.find((o) => o.name === "c")!.reason).toBe('param `suffix` changed ("x" -> "y")');
    expect(dry.status_["a"]).toBe("cached");
    const r = await go(p.dir, pipeline(), { params: { suffix: "y" } });
    expect(r.executed).toEqual(["c"]);
  });

  it("re-runs a dataset's consumers when its content changes, not when it is only touched", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"\n' });
    await go(p.dir, pipeline());
    p.write("data/raw.txt", "hello\n");
    const touched = await go(p.dir, pipeline());
    expect(touched.executed).toEqual([]);
    p.write("data/raw.txt", "hello again\n");
    const r = await go(p.dir, pipeline());
    expect(r.executed.sort()).toEqual(["a", "b", "c"]);
    expect(r.outcomes.find((o) => o.name === "a")!.reason).toBe("input `in` (dataset `raw`) changed");
  });

  it("--no-cache and --from force re-runs", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"\n' });
    await go(p.dir, pipeline());
    const from = await go(p.dir, pipeline(), { from: "b" });
    expect(from.executed.sort()).toEqual(["b", "c"]);
    const all = await go(p.dir, pipeline(), { noCache: true });
    expect(all.executed.sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("passes outputs by content-addressed path and stores them read-only", async () => {
    const p = project({ "data/raw.txt": "hello\n", "b.sh": 'cat "$1" > "$2"; echo b >> "$2"\n' });
    const r = await go(p.dir, pipeline());
    const hash = r.store.db.prepare("SELECT hash FROM run_artifacts WHERE step = 'c' AND direction = 'out'").get() as { hash: string };
    expect(readFileSync(r.store.objectPath(hash.hash), "utf8")).toBe("hello\na\nb\nx\n");
  });
});
