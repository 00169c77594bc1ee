import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FanInSpec } from "../../../src/ir/fan-in-spec.js";
import { FanInError, fanIn } from "../../../src/runtime/sweep/fan-in.js";
import { checkFanInSpec } from "../../../src/runtime/sweep/fan-in-spec-check.js";

/** A 2-step sweep (train -> evaluate) over `lr`, the winner by `evaluate.f1`. */
function spec(lrs: number[], direction: "max" | "min" = "max"): FanInSpec {
  return {
    sweep: "tune",
    points: lrs.map((lr, index) => ({ index, entry: String(index), values: { lr } })),
    best: { direction, step: "evaluate", metric: "f1" },
    steps: [
      { name: "train", outputs: ["model"], metrics: [] },
      { name: "evaluate", outputs: ["report"], metrics: ["f1"] },
    ],
    bestOutputs: [{ step: "train", output: "model" }],
    collect: [{ step: "evaluate", output: "report" }],
  };
}

/** Writes point `entry`'s files; `f1` undefined leaves out evaluate (the point did not finish). */
function point(dir: string, entry: string, f1: number | string | null | undefined): void {
  mkdirSync(join(dir, entry, "train", "model"), { recursive: true });
  writeFileSync(join(dir, entry, "train", "model", "weights.bin"), `model ${entry}`);
  if (f1 === undefined) return;
  mkdirSync(join(dir, entry, "evaluate"), { recursive: true });
  writeFileSync(join(dir, entry, "evaluate", "report"), `report ${entry}`);
  writeFileSync(join(dir, entry, "evaluate.metrics.json"), JSON.stringify({ f1 }));
}

function dirs(): { points: string; out: string } {
  const d = mkdtempSync(join(tmpdir(), "mlp-fanin-"));
  return { points: join(d, "points"), out: join(d, "out") };
}

const json = (p: string): unknown => JSON.parse(readFileSync(p, "utf8"));

describe("fanIn", () => {
  it("picks the max, writes points.json, best.json, best/ and collect/ with its points.json", () => {
    const { points, out } = dirs();
    [0.5, 0.9, 0.7].forEach((f1, i) => point(points, String(i), f1));
    const r = fanIn(spec([0.01, 0.1, 0.3]), points, out);
    expect(r.best?.index).toBe(1);
    expect(json(join(out, "best.json"))).toEqual({ index: 1, entry: "1", values: { lr: 0.1 }, metrics: { evaluate: { f1: 0.9 } } });
    expect(readFileSync(join(out, "best", "train", "model", "weights.bin"), "utf8")).toBe("model 1");
    expect(readdirSync(join(out, "collect", "evaluate", "report")).sort()).toEqual(["0", "1", "2", "points.json"]);
    expect(readFileSync(join(out, "collect", "evaluate", "report", "2"), "utf8")).toBe("report 2");
    expect((json(join(out, "collect", "evaluate", "report", "points.json")) as { entry: string }[]).map((p) => p.entry)).toEqual(["0", "1", "2"]);
    expect(json(join(out, "points.json"))).toEqual([
      { index: 0, entry: "0", values: { lr: 0.01 }, metrics: { evaluate: { f1: 0.5 } }, status: "succeeded" },
      { index: 1, entry: "1", values: { lr: 0.1 }, metrics: { evaluate: { f1: 0.9 } }, status: "succeeded" },
      { index: 2, entry: "2", values: { lr: 0.3 }, metrics: { evaluate: { f1: 0.7 } }, status: "succeeded" },
    ]);
  });

  it("picks the min when asked", () => {
    const { points, out } = dirs();
    [0.5, 0.9, 0.2].forEach((f1, i) => point(points, String(i), f1));
    expect(fanIn(spec([1, 2, 3], "min"), points, out).best?.index).toBe(2);
  });

  it("gives a tie to the earliest point, for max and for min", () => {
    for (const direction of ["max", "min"] as const) {
      const { points, out } = dirs();
      [0.3, 0.8, 0.8, 0.3].forEach((f1, i) => point(points, String(i), f1));
      expect(fanIn(spec([1, 2, 3, 4], direction), points, out).best?.index).toBe(direction === "max" ? 1 : 0);
    }
  });

  it("leaves out points without the metric file, and values that are not finite numbers", () => {
    const { points, out } = dirs();
    point(points, "0", 0.4);
    point(points, "1", undefined); // a gate in the block did not hold
    point(points, "2", "NaN");
    point(points, "3", null);
    const r = fanIn(spec([1, 2, 3, 4]), points, out);
    expect(r.best?.index).toBe(0);
    expect(r.points.map((p) => p.status)).toEqual(["succeeded", "incomplete", "succeeded", "succeeded"]);
    // The incomplete point has no report to collect.
    expect(readdirSync(join(out, "collect", "evaluate", "report")).sort()).toEqual(["0", "2", "3", "points.json"]);
  });

  it("fails with a clear message when no point finished", () => {
    const { points, out } = dirs();
    point(points, "0", undefined);
    point(points, "1", undefined);
    expect(() => fanIn(spec([1, 2]), points, out)).toThrow(FanInError);
    expect(() => fanIn(spec([1, 2]), points, out)).toThrow("sweep `tune`: no point has a numeric `evaluate.f1` to pick the best from (2 points, 0 finished)");
  });

  it("writes the same bytes twice (deterministic), linking or copying", () => {
    const a = dirs();
    const b = dirs();
    for (const d of [a, b]) [0.5, 0.9].forEach((f1, i) => point(d.points, String(i), f1));
    fanIn(spec([1, 2]), a.points, a.out, { link: true });
    fanIn(spec([1, 2]), b.points, b.out);
    for (const f of ["points.json", "best.json", "collect/evaluate/report/points.json", "best/train/model/weights.bin"])
      expect(readFileSync(join(a.out, f), "utf8")).toBe(readFileSync(join(b.out, f), "utf8"));
  });
});

describe("checkFanInSpec", () => {
  it("accepts a compiled spec", () => {
    expect("spec" in checkFanInSpec(JSON.parse(JSON.stringify(spec([1, 2]))))).toBe(true);
  });

  it("names each problem's field", () => {
    const s = JSON.parse(JSON.stringify(spec([1, 2]))) as Record<string, unknown> & { points: { entry: string }[] };
    s.points[1]!.entry = "../x";
    s.best = { direction: "up", step: "evaluate", metric: "loss" };
    s.collect = [{ step: "train", output: "report" }];
    s.extra = 1;
    const r = checkFanInSpec(s);
    expect("problems" in r && r.problems).toEqual([
      "`extra` is not a field of a fan-in spec",
      "`points[1].entry` must be the point's entry name (digits)",
      "`collect[0].output` names no output of step `train` (`report`)",
      "`best.direction` must be `max` or `min`",
      "`best.metric` must name a metric of step `evaluate`",
    ]);
    expect(checkFanInSpec([])).toEqual({ problems: ["the spec is not a JSON object"] });
  });
});
