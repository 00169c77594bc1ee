/**
 * `mlp graph` on a pipeline with a sweep (the tune fixture): the sweep is one box titled with its
 * grid size, holding its members and its fan-in (a node of its own shape, `best max …`); nodes
 * outside read the fan-in, `collect` edges are told apart; goldens in every format.
 */
import { describe, expect, it } from "vitest";
import { graphModel } from "../../src/graph/model.js";
import { GRAPH_FORMATS, renderGraph } from "../../src/graph/render.js";
import { sweepBoxLabel } from "../../src/graph/sweep-box.js";
import { layoutGraph } from "../../src/graph/layout.js";
import { CLUSTER_TITLE_HEIGHT } from "../../src/graph/cluster-layout.js";
import { expectGolden } from "../helpers/golden.js";
import { readValidIr, validIr } from "../helpers/valid-ir.js";
import { TUNE_FIXTURE as FIXTURE, tuneDocument, twoSweeps } from "./sweep-fixtures.js";

const tune = readValidIr(FIXTURE).pipelines[0]!;

describe("graph model of a sweep", () => {
  const g = graphModel(tune);

  it("has the fan-in as a node of its own kind, labelled with how it picks the best point", () => {
    expect(g.nodes.map((n) => `${n.kind}:${n.name}`)).toEqual([
      "dataset:raw", "step:prepare", "step:train", "step:evaluate", "sweep:tune", "gate:quality", "deploy:production", "step:report",
    ]);
    expect(g.nodes.find((n) => n.kind === "sweep")).toEqual({ id: "sweep_tune", kind: "sweep", name: "tune", detail: "best max evaluate.f1" });
  });

  it("puts the members and the fan-in in one cluster titled with the grid size", () => {
    expect(g.clusters).toEqual([{ id: "cluster_tune", name: "tune", label: "tune: 3×2 = 6 points", members: ["step_train", "step_evaluate", "sweep_tune"] }]);
  });

  it("draws edges from outside to and from the fan-in, collect edges as their own kind", () => {
    expect(g.edges).toEqual([
      { from: "dataset_raw", to: "step_prepare", kind: "data" },
      { from: "step_prepare", to: "step_train", kind: "data", label: "rows" },
      { from: "step_train", to: "step_evaluate", kind: "data", label: "model" },
      { from: "sweep_tune", to: "step_report", kind: "collect", label: "collect(evaluate.report)" },
      { from: "sweep_tune", to: "step_report", kind: "metric", label: "evaluate.f1" },
      { from: "sweep_tune", to: "gate_quality", kind: "metric", label: "evaluate.f1" },
      { from: "sweep_tune", to: "deploy_production", kind: "data", label: "train.model" },
      { from: "gate_quality", to: "deploy_production", kind: "control" },
      // into the fan-in: the metric `best` compares, then what nodes outside read
      { from: "step_evaluate", to: "sweep_tune", kind: "metric", label: "f1" },
      { from: "step_evaluate", to: "sweep_tune", kind: "data", label: "report" },
      { from: "step_train", to: "sweep_tune", kind: "data", label: "model" },
    ]);
    // no node outside the box reads a member
    const inside = new Set(g.clusters[0]!.members);
    for (const e of g.edges) if (!inside.has(e.to) && e.to !== "step_train") expect(e.from === "sweep_tune" || !inside.has(e.from), `${e.from} -> ${e.to}`).toBe(true);
  });

  it("links a member that only has to finish to the fan-in, and says `every point` without `best`", () => {
    const doc = tuneDocument();
    const p = doc.pipelines[0];
    // no best, no reads from outside: only `report` after the sweep, ordered by `after`
    delete p.sweeps[0].best;
    p.gates = [];
    p.deploys = [];
    const report = p.steps.find((s: any) => s.name === "report");
    report.inputs = [];
    report.after = ["tune"];
    report.run = { template: "true", parts: [{ kind: "text", text: "true" }] };
    p.order = p.order.filter((r: any) => r.kind !== "gate" && r.kind !== "deploy");
    const m = graphModel(validIr(doc).pipelines[0]!);
    expect(m.nodes.find((n) => n.kind === "sweep")!.detail).toBe("every point");
    expect(m.edges.filter((e) => e.to === "sweep_tune")).toEqual([{ from: "step_evaluate", to: "sweep_tune", kind: "control" }]);
    expect(m.edges).toContainEqual({ from: "sweep_tune", to: "step_report", kind: "control" });
  });
});

describe("sweep box label", () => {
  const sweep = tune.sweeps![0]!;
  it.each([
    ["the params' defaults", tune.params, "tune: 3×2 = 6 points"],
    ["a longer default", [{ ...tune.params[0]!, default: [1, 2, 3, 4] }], "tune: 3×4 = 12 points"],
    ["a list param without a default", [{ ...tune.params[0]!, default: undefined }], "tune: 3×depths points"],
  ])("with %s", (_what, params, label) => {
    expect(sweepBoxLabel(sweep, params)).toBe(label);
  });

  it("one dimension: no product; one point: singular", () => {
    expect(sweepBoxLabel({ ...sweep, over: [sweep.over[0]!] }, tune.params)).toBe("tune: 3 points");
    expect(sweepBoxLabel({ ...sweep, over: [{ ...sweep.over[0]!, values: { kind: "literal", values: [0.1] } }] }, tune.params)).toBe("tune: 1 point");
  });
});

describe.each([
  ["tune", tune],
  ["two sweeps", twoSweeps()],
] as const)("layout of %s", (_name, pipeline) => {
  const layout = layoutGraph(graphModel(pipeline));
  const box = (n: { x: number; y: number; width: number; height: number }) => ({ l: n.x - n.width / 2, r: n.x + n.width / 2, t: n.y - n.height / 2, b: n.y + n.height / 2 });

  it("each box holds its members below its title strip, and no other node", () => {
    expect(layout.clusters).toHaveLength(pipeline.sweeps!.length);
    for (const c of layout.clusters) {
      const cb = box(c);
      for (const n of layout.nodes) {
        const nb = box(n);
        if (c.members.includes(n.id)) {
          expect(nb.l, n.id).toBeGreaterThan(cb.l);
          expect(nb.r, n.id).toBeLessThan(cb.r);
          expect(nb.t, n.id).toBeGreaterThanOrEqual(cb.t + CLUSTER_TITLE_HEIGHT);
          expect(nb.b, n.id).toBeLessThan(cb.b);
        } else {
          const overlap = nb.l < cb.r && cb.l < nb.r && nb.t < cb.b && cb.t < nb.b;
          expect(overlap, `${n.id} overlaps ${c.id}`).toBe(false);
        }
      }
      expect(cb.r).toBeLessThanOrEqual(layout.width);
      expect(cb.b).toBeLessThanOrEqual(layout.height);
    }
    const [a, b] = layout.clusters;
    if (b) expect(box(a!).r <= box(b).l || box(b).r <= box(a!).l || box(a!).b <= box(b).t || box(b).b <= box(a!).t, "boxes overlap").toBe(true);
  });

  it("shows the title whole when it fits, else shortened in the middle", () => {
    for (const c of layout.clusters) {
      if (c.label.length * 6.8 <= c.width - 16) expect(c.shownLabel).toBe(c.label);
      else {
        expect(c.shownLabel).toMatch(/^.+….+$/);
        expect(c.shownLabel.length).toBeLessThan(c.label.length);
      }
    }
  });
});

describe.each(GRAPH_FORMATS.map((f) => [f]))("%s of the tune pipeline", (format) => {
  const out = renderGraph(tune, format);

  it("matches the golden file", () => {
    expectGolden(`test/golden/graph/tune.${format}`, out);
  });

  it("is deterministic", () => {
    expect(renderGraph(readValidIr(FIXTURE).pipelines[0]!, format)).toBe(out);
  });

  it("draws the box title, the fan-in and the collect edge", () => {
    expect(out).toContain("tune: 3×2 = 6 points");
    expect(out).toContain("best max evaluate.f1");
    expect(out).toContain("collect(evaluate.report)");
  });
});
