/**
 * The IR's control-flow contract (asserts, `after not`, `finally`, string interpolation, deployed
 * models as inputs, computed deploy options, pull-request triggers): the fixture validates, reads
 * through the view, and each broken variant is refused with the reason.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { pipelineView } from "../../src/ir/view.js";

const FILE = join(__dirname, "../fixtures/control/flow.ir.json");
const load = (): any => JSON.parse(readFileSync(FILE, "utf8"));
const step = (doc: any, name: string): any => doc.pipelines[0].steps.find((s: any) => s.name === name);

/** The messages of a variant's refusal (it must be refused). */
function refused(doc: unknown): string[] {
  const v = validateIrDocument(doc, "flow.ir.json");
  expect(v.ir).toBeUndefined();
  return v.diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("control flow in the IR", () => {
  it("the fixture is valid, and the view knows the else branch and the finally step", () => {
    const v = validateIrDocument(load(), "flow.ir.json");
    expect(v.diagnostics).toEqual([]);
    const view = pipelineView(v.ir!.pipelines[0]!);
    expect(view.elseBranches("good").map((n) => n.name)).toEqual(["rejected"]);
    expect(view.afterNot("rejected")).toEqual(["good"]);
    expect(view.afterNot("production")).toEqual([]);
    expect(view.finallySteps.map((s) => s.name)).toEqual(["notify"]);
    expect(view.isFinally("notify")).toBe(true);
    expect(view.nodes.at(-1)!.name).toBe("notify");
    expect(view.gate("enough_rows")!.assert).toBe(true);
    const predict = pipelineView(v.ir!.pipelines[1]!).step("predict")!;
    expect(predict.inputs[0]!.binding).toEqual({ kind: "deployed", env: "production", pipeline: "flow" });
  });

  it("refuses `after not` an assert, or a gate the node does not need", () => {
    const doc = load();
    step(doc, "rejected").afterNot = ["enough_rows"];
    step(doc, "rejected").needs = ["enough_rows", "good", "train"];
    expect(refused(doc).join("\n")).toMatch(/MLP9112 .*`not enough_rows`, an assert/);
    const doc2 = load();
    step(doc2, "rejected").needs = ["train"];
    expect(refused(doc2).join("\n")).toMatch(/must be in its `needs`/);
  });

  it("refuses a node that needs a finally step, and a finally step that needs one", () => {
    const doc = load();
    step(doc, "rejected").needs = ["good", "notify", "train"];
    expect(refused(doc).join("\n")).toMatch(/needs `notify`, a `finally` step/);
    const doc2 = load();
    step(doc2, "notify").needs = ["train"];
    expect(refused(doc2).join("\n")).toMatch(/`finally` step `notify` needs other nodes/);
  });

  it("refuses a finally step before another node in `order`", () => {
    const doc = load();
    const order = doc.pipelines[0].order;
    doc.pipelines[0].order = [order.at(-1), ...order.slice(0, -1)];
    expect(refused(doc).join("\n")).toMatch(/after a `finally` step/);
  });

  it("refuses `${status}` outside a finally step, and a finally step that reads a step's output", () => {
    const doc = load();
    step(doc, "train").run.parts.push({ kind: "builtin", name: "status" });
    expect(refused(doc).join("\n")).toMatch(/which only a `finally` step has/);
    const doc2 = load();
    step(doc2, "notify").inputs.push({ name: "m", type: { kind: "Model" }, binding: { kind: "output", step: "train", output: "model" } });
    expect(refused(doc2).join("\n")).toMatch(/a `finally` step reads only/);
  });

  it("refuses a computed option the deploy's `to` does not have, or of the wrong type", () => {
    const doc = load();
    const d = doc.pipelines[0].deploys[0];
    d.optionExprs.image = d.optionExprs.command;
    expect(refused(doc).join("\n")).toMatch(/option `image` of deploy `production` is computed/);
    const doc2 = load();
    doc2.pipelines[0].deploys[0].optionExprs.command = { kind: "param", type: { kind: "float" }, name: "quality" };
    expect(refused(doc2).join("\n")).toMatch(/computed as a `float`/);
  });

  it("refuses a deployed model whose fallback is not an artifact, or whose input is not a Model", () => {
    const doc = load();
    const input = doc.pipelines[1].steps[0].inputs[0];
    input.binding.fallback = { kind: "literal", value: "x" };
    expect(refused(doc).join("\n")).toMatch(/falls back to a `literal` binding/);
    const doc2 = load();
    doc2.pipelines[1].steps[0].inputs[0].type = { kind: "File" };
    expect(refused(doc2).join("\n")).toMatch(/its type is not `Model`/);
  });

  it("the schema knows the new shapes and refuses misspelt ones", () => {
    const doc = load();
    doc.pipelines[0].triggers[0].kind = "pull-request";
    expect(refused(doc).join("\n")).toMatch(/MLP9110/);
    const doc2 = load();
    step(doc2, "notify").finally = false;
    expect(refused(doc2).join("\n")).toMatch(/MLP9110/);
  });
});
