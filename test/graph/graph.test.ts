/**
 * `mlp graph` renderers: goldens for the churn IR in every format, edge kinds told apart, and
 * hostile text (dataset URIs are free text) escaped in every format.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readValidIr } from "../helpers/valid-ir.js";
import { graphModel } from "../../src/graph/model.js";
import { GRAPH_FORMATS, renderGraph } from "../../src/graph/render.js";
import { expectGolden } from "../helpers/golden.js";

const churn = readValidIr("test/fixtures/ir/churn.ir.json");
const hostile = readValidIr("test/fixtures/ir/injection.ir.json");

describe("graph model", () => {
  it("draws datasets, steps, gates and deploys with data, metric and control edges", () => {
    const g = graphModel(churn.pipelines[0]!);
    expect(g.nodes.map((n) => `${n.kind}:${n.name}`)).toEqual([
      "dataset:raw", "dataset:reference", "step:profile", "gate:data_ok", "step:prepare",
      "step:train", "step:evaluate", "gate:quality", "deploy:staging", "deploy:production",
    ]);
    expect(g.edges).toContainEqual({ from: "step_prepare", to: "step_train", kind: "data", label: "train" });
    expect(g.edges).toContainEqual({ from: "step_evaluate", to: "gate_quality", kind: "metric", label: "auc" });
    expect(g.edges).toContainEqual({ from: "gate_data_ok", to: "step_prepare", kind: "control" });
    expect(g.edges).toContainEqual({ from: "deploy_staging", to: "deploy_production", kind: "control" });
  });
});

describe.each(GRAPH_FORMATS.map((f) => [f]))("%s", (format) => {
  it("matches the golden file for the churn pipeline", () => {
    expectGolden(`test/golden/graph/churn.${format}`, renderGraph(churn.pipelines[0]!, format));
  });

  it("is deterministic", () => {
    expect(renderGraph(churn.pipelines[0]!, format)).toBe(renderGraph(churn.pipelines[0]!, format));
  });

  it("escapes hostile text", () => {
    const out = renderGraph(hostile.pipelines[0]!, format);
    const uri = hostile.pipelines[0]!.datasets[0]!.uri;
    expect(out).not.toContain(uri); // quotes and braces must have been escaped
    if (format === "svg" || format === "html") {
      expect(out).not.toMatch(/<script/i);
      expect(out).toContain("it&#39;s &quot;odd&quot;");
    }
    if (format === "mermaid") expect(out).toContain("it's #34;odd#34;");
    if (format === "dot") expect(out).toContain(`it's \\"odd\\"`);
  });
});
