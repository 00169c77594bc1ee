/**
 * The IR boundary: `validateIrDocument` (documents read from disk) and `validLoweredIr` (the
 * compiler's own output). One case per kind of problem, each asserting the code and the message.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { IrDocument } from "../../src/ir/ir.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { validLoweredIr } from "../../src/ir/validate.js";
import { compileToIr } from "../../src/compile.js";
import { nodeHost } from "../../src/source/host.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "ir", "churn.ir.json");
const churn = (): any => JSON.parse(readFileSync(FIXTURE, "utf8"));
const problems = (doc: unknown): string[] => validateIrDocument(doc, "hand.ir.json").diagnostics.map((d) => `${d.code} ${d.message}`);
/** Mutates the first pipeline of a fresh copy of the fixture and returns the problems. */
const withPipeline = (edit: (p: any) => void): string[] => {
  const doc = churn();
  edit(doc.pipelines[0]);
  return problems(doc);
};

describe("valid documents", () => {
  test("the fixture and every example's IR pass and come back branded", () => {
    const r = validateIrDocument(churn(), "churn.ir.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.ir?.pipelines[0]?.name).toBe("churn");
    for (const example of ["examples/penguins/train.mlp", "examples/penguins/predict.mlp", "test/fixtures/kitchen-sink.mlp"]) {
      const compiled = compileToIr(join(import.meta.dirname, "..", "..", example), nodeHost);
      expect(compiled.ir, example).toBeDefined();
      expect(validateIrDocument(JSON.parse(JSON.stringify(compiled.ir)), example).diagnostics, example).toEqual([]);
    }
  });
});

describe("MLP9110: not the shape of mlp/v1", () => {
  test("a wrong version and a missing field are reported with their JSON path", () => {
    const doc = churn();
    doc.ir = "mlp/v0";
    delete doc.pipelines[0].order;
    const ps = problems(doc);
    expect(ps.every((p) => p.startsWith("MLP9110 `hand.ir.json` is not valid mlp/v1 IR: "))).toBe(true);
    expect(ps.join("\n")).toMatch(/\/ir: must be equal to constant/);
    expect(ps.join("\n")).toMatch(/\/pipelines\/0: must have required property 'order'/);
  });

  test("thousands of schema problems are shown as twenty and a count", () => {
    const doc = churn();
    doc.pipelines = Array.from({ length: 40 }, () => ({}));
    const ps = problems(doc);
    expect(ps).toHaveLength(21);
    expect(ps[20]).toMatch(/^MLP9110 `hand.ir.json`: \d+ more schema problems not shown$/);
  });

  test("a name that is not an identifier is a schema problem on disk, named in words", () => {
    expect(withPipeline((p) => (p.steps[0].outputs = [{ name: "../../etc/x", type: { kind: "File" } }]))).toContain(
      "MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/steps/0/outputs/0/name: `../../etc/x` is not a plain identifier (letters, digits and `_`, not starting with a digit)",
    );
  });
});

describe("MLP9111: names", () => {
  test("two nodes with one name", () => {
    expect(withPipeline((p) => (p.gates[0].name = "profile"))).toContain(
      "MLP9111 `profile` names two nodes of pipeline `churn`; steps, gates and deploys share one namespace",
    );
  });
  test("an environment variable name that is not an identifier (the schema does not constrain keys)", () => {
    expect(withPipeline((p) => (p.steps[1].env = { "A;rm -rf /": "x" }))).toContain(
      "MLP9111 environment variable name `A;rm -rf /` of step `prepare` is not a plain identifier",
    );
  });
  test("lowering's output is checked for identifiers too (it skips the schema)", () => {
    const doc = churn();
    doc.pipelines[0].steps[0].metrics.push({ name: "a/../b", type: { kind: "float" } });
    expect(validLoweredIr(doc as IrDocument).diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(
      "MLP9111 metric name `a/../b` of step `profile` is not a plain identifier",
    );
  });
  test("a duplicate output and a duplicate parameter", () => {
    const ps = withPipeline((p) => {
      p.steps[2].outputs.push({ ...p.steps[2].outputs[0] });
      p.params.push({ ...p.params[0] });
    });
    expect(ps).toContain(`MLP9111 step \`train\` has two outputs named \`model\``);
    expect(ps.some((x) => /^MLP9111 parameter `\w+` is declared twice in pipeline `churn`$/.test(x))).toBe(true);
  });
  // Short lists are scanned, long ones go through a set: both must find the same duplicates.
  test.each([3, 40])("duplicate names among %i outputs are reported once per repeat, in order", (n) => {
    const ps = withPipeline((p) => {
      const model = p.steps[2].outputs[0];
      p.steps[2].outputs = [...Array.from({ length: n - 3 }, (_, i) => ({ ...model, name: `o${i}` })), { ...model, name: "a" }, { ...model, name: "b" }, { ...model, name: "o0" }];
      p.steps[2].outputs.push({ ...model, name: "a" }, { ...model, name: "a" });
    });
    expect(ps.filter((x) => x.includes("has two outputs"))).toEqual([
      ...(n > 3 ? ["MLP9111 step `train` has two outputs named `o0`"] : []),
      "MLP9111 step `train` has two outputs named `a`",
      "MLP9111 step `train` has two outputs named `a`",
    ]);
  });
});

describe("MLP9112: references", () => {
  test.each([
    ["a need that is no node", (p: any) => p.steps[2].needs.push("nosuch"), "MLP9112 `train` needs `nosuch`, which is not a step, gate or deploy of pipeline `churn`"],
    ["an after that is not a need", (p: any) => (p.deploys[0].after = ["quality", "train"], p.deploys[0].needs = ["quality"]), "MLP9112 `staging` runs after `train`, which is missing from its `needs`"],
    ["an input from an output no step has", (p: any) => (p.steps[2].inputs[0].binding = { kind: "output", step: "prepare", output: "nope" }), "MLP9112 input `data` of step `train` reads `prepare.nope`, which no step outputs"],
    ["a metric no step reports", (p: any) => (p.gates[1].conditions[0].expr.left = { kind: "metric", type: { kind: "float" }, step: "evaluate", metric: "f1" }), "MLP9112 gate `quality` reads metric `evaluate.f1`, which no step reports"],
    ["a deploy of a model no step outputs", (p: any) => (p.deploys[0].model = { step: "train", output: "weights" }), "MLP9112 deploy `staging` ships `train.weights`, which no step outputs"],
    ["an undeclared secret", (p: any) => (p.deploys[1].secrets = ["KUBE_TOKEN"]), "MLP9112 deploy `production` lists secret `KUBE_TOKEN`, which pipeline `churn` does not declare"],
  ])("%s", (_, edit, message) => {
    expect(withPipeline(edit)).toContain(message);
  });
  test("a placeholder that names no input", () => {
    const ps = withPipeline((p) => p.steps[1].run.parts.push({ kind: "input", name: "ghost" }));
    expect(ps).toContain("MLP9112 the command of step `prepare` uses `${ghost}`, which is not one of its inputs");
  });
  test.each([1, 40])("placeholders are looked up among %i inputs and outputs alike", (n) => {
    const ps = withPipeline((p) => {
      const s = p.steps[1];
      const input = s.inputs[0];
      s.inputs = Array.from({ length: n }, (_, i) => ({ ...input, name: `i${i}` }));
      s.outputs = Array.from({ length: n }, (_, i) => ({ ...s.outputs[0], name: `o${i}` }));
      s.run.parts = [
        { kind: "input", name: `i${n - 1}` },
        { kind: "output", name: `o${n - 1}` },
        { kind: "input", name: `o${n - 1}` },
        { kind: "output", name: `i${n - 1}` },
      ];
    });
    expect(ps.filter((x) => x.includes("the command of step"))).toEqual([
      `MLP9112 the command of step \`prepare\` uses \`\${o${n - 1}}\`, which is not one of its inputs`,
      `MLP9112 the command of step \`prepare\` uses \`\${i${n - 1}}\`, which is not one of its outputs`,
    ]);
  });
});

describe("MLP9113: the graph", () => {
  test("a cycle is reported with its path", () => {
    const ps = withPipeline((p) => p.steps[1].needs.push("train"));
    expect(ps.filter((x) => x.startsWith("MLP9113"))).toEqual(["MLP9113 pipeline `churn` has a cycle: prepare -> train -> prepare"]);
  });
  test("an order that is not topological, lists a node twice or leaves one out", () => {
    expect(withPipeline((p) => p.order.reverse())).toContain("MLP9113 `order` of pipeline `churn` lists `data_ok` before `profile`, which it needs");
    expect(withPipeline((p) => p.order.push(p.order[0]))).toContain("MLP9113 `order` of pipeline `churn` lists `profile` twice");
    expect(withPipeline((p) => p.order.pop())).toContain("MLP9113 `order` of pipeline `churn` leaves out `production`");
  });
  test("a chain of 100,000 steps is checked without overflowing the stack", () => {
    const doc = churn();
    const p = doc.pipelines[0];
    const template = { ...p.steps[1], inputs: [], outputs: [], run: { template: "true", parts: [{ kind: "text", text: "true" }] } };
    p.steps = Array.from({ length: 100_000 }, (_, i) => ({ ...template, name: `s${i}`, needs: i === 0 ? [] : [`s${i - 1}`], after: i === 0 ? [] : [`s${i - 1}`] }));
    p.gates = [];
    p.deploys = [];
    p.triggers = [];
    p.order = p.steps.map((s: any) => ({ kind: "step", name: s.name }));
    expect(validLoweredIr(doc).diagnostics).toEqual([]);
    p.steps[0].needs = ["s99999"];
    p.steps[0].after = ["s99999"];
    expect(validLoweredIr(doc).diagnostics.map((d) => d.code)).toEqual(["MLP9113"]);
  });
});
