/** The IR's sweep contract: a hand-written document with a sweep validates, reads through the view, and breaks where it should. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { pipelineView } from "../../src/ir/view.js";
import { defaultSweepPoints, pointEntryName, sweepPoints, sweepSize } from "../../src/ir/sweep-grid.js";

const FILE = join(__dirname, "../fixtures/sweep/tune.ir.json");
const load = (): any => JSON.parse(readFileSync(FILE, "utf8"));

describe("sweeps in the IR", () => {
  it("a document with a sweep is valid, and the view knows its members", () => {
    const v = validateIrDocument(load(), "tune.ir.json");
    expect(v.diagnostics).toEqual([]);
    const p = v.ir!.pipelines[0]!;
    const view = pipelineView(p);
    expect(view.members("tune").map((n) => n.name)).toEqual(["train", "evaluate"]);
    expect(view.sweepOf("evaluate")?.name).toBe("tune");
    expect(view.sweepOf("report")).toBeUndefined();
    expect(view.node("tune")?.kind).toBe("sweep");
    // outside the block, the members' per-point metrics are not a source: the sweep is
    expect(view.metricSources("quality").map((s) => s.name)).toEqual([]);
    expect(view.metricSources("evaluate").map((s) => s.name)).toEqual(["train"]);
  });

  it("points are the cross product, first dimension slowest, keyed by their values", () => {
    const p = validateIrDocument(load(), "tune.ir.json").ir!.pipelines[0]!;
    const points = defaultSweepPoints(p.sweeps![0]!, p.params);
    expect(points.map((x) => x.values)).toEqual([
      { lr: 0.01, depth: 2 }, { lr: 0.01, depth: 4 },
      { lr: 0.1, depth: 2 }, { lr: 0.1, depth: 4 },
      { lr: 0.3, depth: 2 }, { lr: 0.3, depth: 4 },
    ]);
    const more = sweepPoints(p.sweeps![0]!, () => [2, 4, 8]);
    expect(more).toHaveLength(9);
    // adding a value keeps the other points' identities
    expect(points.every((pt) => more.some((m) => m.key === pt.key))).toBe(true);
    expect(sweepSize(p.sweeps![0]!, () => [1, 2, 3, 4])).toBe(12);
    expect([pointEntryName(3, 12), pointEntryName(0, 1), pointEntryName(7, 1000)]).toEqual(["03", "0", "007"]);
  });

  it("a node outside the block that reads a member directly is refused", () => {
    const doc = load();
    const report = doc.pipelines[0].steps.find((s: any) => s.name === "report");
    report.inputs[0].binding = { kind: "output", step: "evaluate", output: "report" };
    report.needs = ["evaluate", "tune"];
    const v = validateIrDocument(doc, "tune.ir.json");
    expect(v.ir).toBeUndefined();
    expect(v.diagnostics.map((d) => d.code)).toContain("MLP9112");
    expect(v.diagnostics.map((d) => d.message).join("\n")).toMatch(/member of sweep `tune`/);
  });

  it("`over` outside a sweep, an unlisted member and a `best` on a missing metric are refused", () => {
    const doc = load();
    const p = doc.pipelines[0];
    p.steps[0].inputs.push({ name: "lr", type: { kind: "float" }, binding: { kind: "over", name: "lr" } });
    p.sweeps[0].members = ["train"];
    p.sweeps[0].needs = ["train"];
    p.sweeps[0].best.metric = "auc";
    const messages = validateIrDocument(doc, "tune.ir.json").diagnostics.map((d) => d.message).join("\n");
    expect(messages).toMatch(/sweep value `lr` outside any sweep/);
    expect(messages).toMatch(/`evaluate` belongs to sweep `tune`, which does not list it/);
    expect(messages).toMatch(/by `evaluate.auc`, which no member step reports/);
  });
});

describe("the fan-in spec", () => {
  it("lists the points, the best rule, the members and what nodes outside read", async () => {
    const { defaultFanInSpec } = await import("../../src/ir/fan-in-spec.js");
    const p = validateIrDocument(load(), "tune.ir.json").ir!.pipelines[0]!;
    const spec = defaultFanInSpec(pipelineView(p), "tune", p.params);
    expect(spec.points.map((x) => x.entry)).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(spec.best).toEqual({ direction: "max", step: "evaluate", metric: "f1" });
    expect(spec.steps).toEqual([
      { name: "train", outputs: ["model"], metrics: ["loss"] },
      { name: "evaluate", outputs: ["report"], metrics: ["f1"] },
    ]);
    expect(spec.bestOutputs).toEqual([{ step: "train", output: "model" }]);
    expect(spec.collect).toEqual([{ step: "evaluate", output: "report" }]);
  });
});

describe("a best point needs a `best`", () => {
  it("a `best` binding or expression of a sweep without `best` is refused", () => {
    const doc = load();
    delete doc.pipelines[0].sweeps[0].best;
    const messages = validateIrDocument(doc, "tune.ir.json").diagnostics.map((d) => d.message).join("\n");
    expect(messages).toMatch(/reads the best point of sweep `tune`, which has no `best`/);
    expect(messages).toMatch(/deploy `production` ships the best point of sweep `tune`, which has no `best`/);
  });
});
