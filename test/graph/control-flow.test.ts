/**
 * `mlp graph` on control flow (the control fixture): an assert is its own kind of node, apart
 * from gates; `after not` is a `not` edge from the gate to its else branch; a `finally` step has
 * no edge and is placed after everything; a `deployed(…)` read is a registry source node with a
 * dashed edge; goldens in every format.
 */
import { describe, expect, it } from "vitest";
import { graphModel } from "../../src/graph/model.js";
import { layoutGraph } from "../../src/graph/layout.js";
import { GRAPH_FORMATS, renderGraph } from "../../src/graph/render.js";
import { readValidIr } from "../helpers/valid-ir.js";
import { expectGolden } from "../helpers/golden.js";
import { flow, flowPredict, predictWithFallback, tuneWithFinally } from "./control-fixtures.js";

describe("graph model of control flow", () => {
  const g = graphModel(flow);

  it("draws the assert and the finally step as kinds of their own, saying what they are", () => {
    expect(g.nodes.map((n) => `${n.kind}:${n.name}:${n.detail ?? ""}`)).toEqual([
      "dataset:raw:data/rows.csv",
      "step:train:",
      "assert:enough_rows:assert",
      "gate:good:",
      "deploy:production:to command",
      "step:rejected:",
      "finally:notify:finally: always runs",
    ]);
  });

  it("draws `after not` as a `not` edge from the gate to the else branch, `after` as control edges", () => {
    expect(g.edges.filter((e) => e.kind === "else")).toEqual([{ from: "gate_good", to: "step_rejected", kind: "else", label: "not" }]);
    expect(g.edges.filter((e) => e.kind === "control")).toEqual([
      { from: "assert_enough_rows", to: "deploy_production", kind: "control" },
      { from: "gate_good", to: "deploy_production", kind: "control" },
    ]);
  });

  it("draws the metrics read by interpolated inputs and computed deploy options", () => {
    // `"score ${train.score} is below ${min_score}"` and `command: "node ship.mjs ${version} ${train.score}"`
    expect(g.edges).toContainEqual({ from: "step_train", to: "step_rejected", kind: "metric", label: "score" });
    expect(g.edges).toContainEqual({ from: "step_train", to: "deploy_production", kind: "metric", label: "score" });
  });

  it("gives the finally step no edge", () => {
    expect(g.edges.filter((e) => e.from === "finally_notify" || e.to === "finally_notify")).toEqual([]);
  });

  it("draws a model read from another pipeline's registry as a source node with a dashed edge", () => {
    const p = graphModel(flowPredict);
    expect(p.nodes).toEqual([
      { id: "dataset_rows", kind: "dataset", name: "rows", detail: "data/rows.csv" },
      { id: "registry_0", kind: "registry", name: "production (from flow)", detail: "deployed model" },
      { id: "step_predict", kind: "step", name: "predict" },
    ]);
    expect(p.edges).toEqual([
      { from: "registry_0", to: "step_predict", kind: "registry", label: "model" },
      { from: "dataset_rows", to: "step_predict", kind: "data" },
    ]);
  });

  it("shares one node per record, names this pipeline's own, draws fallbacks, and another pipeline's metrics", () => {
    const p = graphModel(predictWithFallback());
    expect(p.nodes.filter((n) => n.kind === "registry").map((n) => `${n.id}:${n.name}`)).toEqual(["registry_0", "registry_1"].map((id, i) => `${id}:${["production (from flow)", "staging (from flow_predict)"][i]}`));
    expect(p.edges).toEqual([
      { from: "registry_0", to: "step_predict", kind: "registry", label: "model" },
      { from: "step_baseline", to: "step_predict", kind: "data", label: "?? model" },
      { from: "dataset_rows", to: "step_predict", kind: "data" },
      { from: "registry_0", to: "step_compare", kind: "registry", label: "model" },
      { from: "registry_1", to: "step_compare", kind: "registry", label: "model" },
      { from: "dataset_rows", to: "step_compare", kind: "data", label: "??" },
      // `deployed(production, from: flow).score`; this pipeline's own `deployed(production).score` is not drawn
      { from: "registry_0", to: "gate_better", kind: "registry", label: "score" },
    ]);
  });

  it("leaves pipelines without control flow as they were: no registry node for a champion/challenger gate", () => {
    const churn = graphModel(readValidIr("test/fixtures/ir/churn.ir.json").pipelines[0]!);
    expect(churn.nodes.map((n) => n.kind)).not.toContain("registry");
    expect(churn.edges.map((e) => e.kind)).not.toContain("registry");
  });
});

describe("layout of control flow", () => {
  const layout = layoutGraph(graphModel(flow));
  const right = (n: { x: number; width: number }) => n.x + n.width / 2;
  const left = (n: { x: number; width: number }) => n.x - n.width / 2;

  it("places the finally step after every other node", () => {
    const notify = layout.nodes.find((n) => n.kind === "finally")!;
    for (const n of layout.nodes) if (n !== notify) expect(right(n), n.id).toBeLessThan(left(notify));
  });

  it("places a finally step after a sweep's box too, and keeps its data edge", () => {
    const model = graphModel(tuneWithFinally());
    expect(model.edges.filter((e) => e.to === "finally_cleanup")).toEqual([{ from: "dataset_raw", to: "finally_cleanup", kind: "data" }]);
    const l = layoutGraph(model);
    const cleanup = l.nodes.find((n) => n.id === "finally_cleanup")!;
    for (const n of [...l.nodes, ...l.clusters]) if (n !== cleanup) expect(right(n), n.id).toBeLessThan(left(cleanup));
  });

  it("keeps room for the `not` label on the else edge, between the gate and the else branch", () => {
    const e = layout.edges.find((x) => x.kind === "else")!;
    const gate = layout.nodes.find((n) => n.id === "gate_good")!;
    const rejected = layout.nodes.find((n) => n.id === "step_rejected")!;
    expect(e.labelAt).toBeDefined();
    expect(e.labelAt!.x).toBeGreaterThan(right(gate));
    expect(e.labelAt!.x).toBeLessThan(left(rejected));
    // no other edge has a drawn label
    expect(layout.edges.filter((x) => x.labelAt !== undefined)).toHaveLength(1);
  });
});

describe.each(GRAPH_FORMATS.map((f) => [f]))("%s", (format) => {
  it.each([
    ["flow", flow],
    ["flow_predict", flowPredict],
  ] as const)("matches the golden file for %s", (name, pipeline) => {
    expectGolden(`test/golden/graph/${name}.${format}`, renderGraph(pipeline, format));
  });

  it("is deterministic", () => {
    expect(renderGraph(flow, format)).toBe(renderGraph(flow, format));
  });

  it("says `not` on the else edge and `assert` on the assert", () => {
    const out = renderGraph(flow, format);
    expect(out).toMatch(/>not<|"not"|label="not"/);
    expect(out).toContain("assert");
    expect(out).toContain("always runs");
  });
});

describe("mermaid", () => {
  it("places finally steps with invisible links from every sink, after the drawn links", () => {
    const lines = renderGraph(flow, "mermaid").split("\n");
    const invisible = lines.filter((l) => l.includes("~~~"));
    expect(invisible).toEqual(["  deploy_production ~~~ finally_notify", "  step_rejected ~~~ finally_notify"]);
    // `linkStyle` numbers links in writing order: the invisible ones come after every drawn one
    const lastDrawn = Math.max(...lines.map((l, i) => (/ (-->|==>|-\.->)/.test(l) ? i : -1)));
    expect(lines.indexOf(invisible[0]!)).toBeGreaterThan(lastDrawn);
    expect(lines).toContain("  linkStyle 2 stroke:#b38600");
  });
});

describe("dot", () => {
  it("puts the finally steps on the last rank", () => {
    expect(renderGraph(flow, "dot")).toContain('  { rank=sink; "finally_notify"; }\n}');
  });
});
