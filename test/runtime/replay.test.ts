import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlp } from "../cli/run-cli.js";
import { showRun } from "../../src/runtime/tracking.js";
import { bin, deployNode, fromDataset, fromOutput, fromParam, gate, irDoc, lit, m, metric, out, step } from "./ir-builder.js";
import { project, runs, type Ran } from "./harness.js";

const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

const SPAN0 = { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** prep reads a dataset and a code file; train reports a metric; a gate on it; report after the gate. */
function pipeline() {
  return irDoc({
    datasets: [{ name: "raw", uri: "data/raw.txt" }],
    params: [{ name: "scale", type: { kind: "float" }, default: 0.5, origin: SPAN0 }],
    steps: [
      step({ name: "prep", inputs: [fromDataset("in", "raw")], outputs: [out("o")], code: ["prep.sh"], run: "sh prep.sh ${in} ${o}" }),
      step({
        name: "train",
        inputs: [fromOutput("data", "prep", "o"), fromParam("scale", "scale", "float")],
        outputs: [out("model", "Model")],
        metrics: [metric("accuracy")],
        run: `cat \${data} > \${model}; printf '{"accuracy": %s}' \${scale} > \${metrics}`,
      }),
      step({ name: "report", inputs: [fromOutput("model", "train", "model", "Model")], outputs: [out("r")], after: ["quality"], run: "wc -c < ${model} > ${r}" }),
    ],
    gates: [gate("quality", [{ text: "train.accuracy >= 0.1", expr: bin(">=", m("train", "accuracy"), lit(0.1)) }], ["train"])],
  });
}

function files() {
  return project({ "data/raw.txt": "hello\n", "prep.sh": 'cat "$1" > "$2"; echo prep >> "$2"\n' });
}

/** What `mlp runs show` would print of a run, without the fields that differ by nature (ids, times). */
function record(r: Ran) {
  const shown = showRun(r.store, r.runId!)!;
  return {
    status: shown.status,
    steps: shown.steps_.map((s) => ({ ...s })),
    artifacts: shown.artifacts,
    metrics: shown.metrics,
    gates: shown.gates,
    outcomes: r.outcomes,
  };
}

describe("no-op replay", () => {
  it("records exactly what the executor records for an unchanged pipeline", async () => {
    const p = files();
    const first = await go(p.dir, pipeline());
    expect(first.executed.sort()).toEqual(["prep", "report", "train"]);
    expect(first.replayedFrom).toBeUndefined();

    const full = await go(p.dir, pipeline(), { replay: false });
    expect(full.replayedFrom).toBeUndefined();
    expect(full.cached.sort()).toEqual(["prep", "report", "train"]);
    const fullRecord = record(full);

    const replayed = await go(p.dir, pipeline());
    expect(replayed.replayedFrom).toBe(full.runId);
    expect(replayed.status).toBe("success");
    expect(record(replayed)).toEqual(fullRecord);
    expect(replayed.events.filter((e) => e.type === "node-end").length).toBe(4);
    expect(readdirSync(join(p.dir, ".mlp", "logs"))).toContain(String(replayed.runId));
  });

  it("does not replay when a dataset, a code file or a parameter changed", async () => {
    const p = files();
    await go(p.dir, pipeline());
    p.write("data/raw.txt", "changed\n");
    const data = await go(p.dir, pipeline());
    expect(data.replayedFrom).toBeUndefined();
    expect(data.executed.sort()).toEqual(["prep", "report", "train"]);

    p.write("prep.sh", '# same output, new code\ncat "$1" > "$2"; echo prep >> "$2"\n');
    const code = await go(p.dir, pipeline());
    expect(code.replayedFrom).toBeUndefined();
    expect(code.executed).toEqual(["prep"]); // early cut-off: the same bytes, so train is reused

    const param = await go(p.dir, pipeline(), { params: { scale: 0.7 } });
    expect(param.replayedFrom).toBeUndefined();
    expect(param.executed).toEqual(["train"]); // the model's bytes do not depend on scale

    // Back to the first parameters: the run that had them is replayed, not just the latest run.
    const back = await go(p.dir, pipeline());
    expect(back.replayedFrom).toBe(code.runId);
  });

  it("does not replay when a cached output is gone from the store", async () => {
    const p = files();
    const first = await go(p.dir, pipeline());
    const hash = showRun(first.store, first.runId!)!.artifacts.find((a) => a.step === "report" && a.direction === "out")!.hash;
    rmSync(first.store.objectPath(hash), { recursive: true, force: true });
    const again = await go(p.dir, pipeline());
    expect(again.replayedFrom).toBeUndefined();
    expect(again.executed).toEqual(["report"]);
  });

  it("does not replay a run whose cache entries were since replaced with other outputs", async () => {
    const p = project({ "data/raw.txt": "hello\n" });
    const noisy = () =>
      irDoc({
        datasets: [{ name: "raw", uri: "data/raw.txt" }],
        steps: [step({ name: "a", inputs: [fromDataset("in", "raw")], outputs: [out("o")], run: "cat ${in} > ${o}; od -An -N8 -tx8 /dev/urandom >> ${o}" })],
      });
    const first = await go(p.dir, noisy());
    const rerun = await go(p.dir, noisy(), { noCache: true });
    // Only the first run is a candidate now; its entry was replaced by the re-run's other bytes.
    rerun.store.db.prepare("UPDATE runs SET replay_key = NULL WHERE id = ?").run(rerun.runId);
    const again = await go(p.dir, noisy());
    expect(again.replayedFrom).toBeUndefined();
    expect(again.cached).toEqual(["a"]);
    expect(again.outcomes[0]!.reason).toBe(`cached (from run ${rerun.runId})`);
    expect(first.runId).toBeLessThan(rerun.runId!);
  });

  it("never replays a pipeline that deploys, nor with --from or --no-cache", async () => {
    const p = files();
    const withDeploy = () => {
      const ir = pipeline();
      const d = deployNode("staging", { step: "train", output: "model" }, { kind: "local", options: {} }, ["quality"]);
      return { ...ir, pipelines: [{ ...ir.pipelines[0]!, deploys: [d], order: [...ir.pipelines[0]!.order, { kind: "deploy" as const, name: "staging" }] }] };
    };
    await go(p.dir, withDeploy());
    expect((await go(p.dir, withDeploy())).replayedFrom).toBeUndefined();

    await go(p.dir, pipeline());
    expect((await go(p.dir, pipeline(), { from: "train" })).replayedFrom).toBeUndefined();
    expect((await go(p.dir, pipeline(), { noCache: true })).replayedFrom).toBeUndefined();
    expect((await go(p.dir, pipeline())).replayedFrom).toBeDefined();
  });
});

describe("`mlp run` of an unchanged .mlp file", () => {
  beforeAll(() => ensureBuilt());

  it("replays from the IR cache's header, and runs what changed once the file or a parameter does", () => {
    const source = (extra: string) =>
      [
        "pipeline demo {",
        "  param word: string = \"hi\"",
        '  dataset raw: File = "raw.txt"',
        "  step a {",
        "    inputs { src: raw, w: word }",
        "    outputs { o: File }",
        '    run "cat ${src} > ${o}; echo ${w} >> ${o}"',
        "  }",
        extra,
        "}",
        "",
      ].join("\n");
    const p = project({ "raw.txt": "data\n", "p.mlp": source("") });
    const env = { CI: "1" };
    const first = mlp(["run", "p.mlp"], { cwd: p.dir, env });
    expect(first.status, first.stderr).toBe(0);
    const second = mlp(["run", "p.mlp"], { cwd: p.dir, env });
    expect(second.stderr).toContain("run 2 succeeded: 0 ran, 1 cached, in");
    expect(second.stderr).toContain("(nothing changed since run 1)");
    const json = mlp(["run", "p.mlp", "--format", "json"], { cwd: p.dir, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ runId: 3, status: "success", replayedFrom: 2, nodes: [{ name: "a", status: "cached", reason: "cached (from run 1)" }] });

    const param = mlp(["run", "p.mlp", "-p", "word=yo"], { cwd: p.dir, env });
    expect(param.stderr).toContain("1 ran, 0 cached");
    const bad = mlp(["run", "p.mlp", "-p", "nope=1"], { cwd: p.dir, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("MLP7002");

    // A comment at the end changes no span: the same IR, so still a replay.
    p.write("p.mlp", source("  # a comment"));
    expect(mlp(["run", "p.mlp"], { cwd: p.dir, env }).stderr).toContain("(nothing changed since run 3)");
    p.write("p.mlp", source('  step b {\n    outputs { o: File }\n    run "echo b > ${o}"\n  }'));
    const edited = mlp(["run", "p.mlp"], { cwd: p.dir, env });
    expect(edited.status, edited.stderr).toBe(0);
    expect(edited.stderr).toContain("1 ran, 1 cached");
    expect(edited.stderr).not.toContain("nothing changed since");
    expect(mlp(["run", "p.mlp"], { cwd: p.dir, env }).stderr).toMatch(/run 7 succeeded: 0 ran, 2 cached, in .* \(nothing changed since run 6\)/);
  });
});

