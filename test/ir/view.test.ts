/** `PipelineView`: the one index of a pipeline every consumer reads. */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { pipelineView } from "../../src/ir/view.js";
import { readValidIr } from "../helpers/valid-ir.js";

const churn = readValidIr(join(import.meta.dirname, "..", "fixtures", "ir", "churn.ir.json")).pipelines[0]!;
const names = (ns: readonly { name: string }[]): string[] => ns.map((n) => n.name);

describe("PipelineView", () => {
  const view = pipelineView(churn);

  test("nodes are tagged and in `order`", () => {
    expect(view.nodes.map((n) => `${n.kind}:${n.name}:${n.index}`)).toEqual([
      "step:profile:0",
      "gate:data_ok:1",
      "step:prepare:2",
      "step:train:3",
      "step:evaluate:4",
      "gate:quality:5",
      "deploy:staging:6",
      "deploy:production:7",
    ]);
    const train = view.node("train");
    expect(train?.kind === "step" && train.step.name).toBe("train");
    expect(view.step("quality")).toBeUndefined();
    expect(view.gate("quality")?.conditions.length).toBeGreaterThan(0);
    expect(view.deploy("production")?.approval).toBe(true);
    expect(view.node("nosuch")).toBeUndefined();
  });

  test("direct edges both ways", () => {
    expect(names(view.needs("evaluate"))).toEqual(["prepare", "train"]);
    expect(names(view.dependents("prepare"))).toEqual(["train", "evaluate"]);
    expect(names(view.dependents("production"))).toEqual([]);
  });

  test("upstream and downstream are transitive, through gates and deploys, in order", () => {
    expect(names(view.upstream("production"))).toEqual(["profile", "data_ok", "prepare", "train", "evaluate", "quality", "staging"]);
    expect(names(view.upstream("profile"))).toEqual([]);
    expect(names(view.downstream("data_ok"))).toEqual(["prepare", "train", "evaluate", "quality", "staging", "production"]);
  });

  test("metricSources: upstream steps that report metrics, in order", () => {
    expect(names(view.metricSources("staging"))).toEqual(["profile", "train", "evaluate"]);
    expect(names(view.metricSources("data_ok"))).toEqual(["profile"]);
    expect(names(view.metricSources("prepare"))).toEqual(["profile"]);
  });

  test("one view per pipeline object", () => {
    expect(pipelineView(churn)).toBe(view);
  });

  test("an unknown node is a programming error, not a silent empty answer", () => {
    expect(() => view.upstream("nosuch")).toThrow(/has no node `nosuch`/);
  });
});
