/** Sweeps through the front end: what the checker resolves and types, and the IR lowering writes. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { nodeHost } from "../../src/source/host.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { compile, summary } from "./helpers.js";

/** The IR without `origin`s (spans move when the file is edited; the rest must not). */
function withoutOrigins(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutOrigins);
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).filter(([k]) => k !== "origin").map(([k, v]) => [k, withoutOrigins(v)]));
  return x;
}

const SWEEP = (extra = "", best = "    best max evaluate.f1\n"): string =>
  `pipeline p {\n  param depths: list<int> = [2, 4]\n` +
  `  sweep tune {\n    over lr: [0.01, 0.1]\n    over depth: depths\n` +
  `    step train {\n      inputs { lr: lr, depth: depth }\n      outputs { model: Model }\n      run "train \${lr} \${depth} \${model}"\n    }\n` +
  `    step evaluate {\n      inputs { model: train.model }\n      outputs { report: File }\n      metrics { f1: float }\n      run "eval \${model} \${report} \${metrics}"\n    }\n` +
  `${best}  }\n${extra}}\n`;

describe("sweeps in the checker and lowering", () => {
  it("test/fixtures/sweep/tune.mlp lowers to the IR of the hand-written contract, which the schema accepts", () => {
    const r = compileToIr("test/fixtures/sweep/tune.mlp", nodeHost);
    expect(r.diagnostics).toEqual([]);
    const contract = JSON.parse(readFileSync("test/fixtures/sweep/tune.ir.json", "utf8"));
    expect(withoutOrigins(JSON.parse(JSON.stringify(r.ir)))).toEqual(withoutOrigins(contract));
    expect(validateIrDocument(JSON.parse(JSON.stringify(r.ir)), "tune.ir.json").diagnostics).toEqual([]);
  });

  it("types a dimension by its values: ints and floats mix as float; a list param gives its element type", () => {
    const r = compile(SWEEP(`  step use {\n    inputs { m: tune.train.model, f1: tune.evaluate.f1 }\n    run "use \${m} \${f1}"\n  }\n`).replace("[0.01, 0.1]", "[1, 0.5]"));
    expect(summary(r.diagnostics)).toEqual([]);
    const p = r.ir!.pipelines[0]!;
    expect(p.sweeps![0]!.over.map((d) => [d.name, d.type.kind, d.values])).toEqual([
      ["lr", "float", { kind: "literal", values: [1, 0.5] }],
      ["depth", "int", { kind: "param", param: "depths" }],
    ]);
    expect(p.params[0]!.type).toEqual({ kind: "list", element: { kind: "int" } });
    const use = p.steps.find((s) => s.name === "use")!;
    expect(use.inputs.map((i) => i.binding)).toEqual([
      { kind: "best", sweep: "tune", step: "train", output: "model" },
      { kind: "expr", expr: { kind: "best", type: { kind: "float" }, sweep: "tune", step: "evaluate", metric: "f1" } },
    ]);
    // the fan-in comes after its members, and nodes outside need the sweep, not a member
    expect(p.order.map((n) => `${n.kind}:${n.name}`)).toEqual(["step:train", "step:evaluate", "sweep:tune", "step:use"]);
    expect(use.needs).toEqual(["tune"]);
    expect(p.sweeps![0]!.needs).toEqual(["evaluate", "train"]);
  });

  it("`after SWEEP` waits for every point; `collect` without `best` is allowed, and has a List type", () => {
    const r = compile(
      SWEEP(`  step report {\n    after tune\n    inputs { reports: collect(tune.evaluate.report) }\n    run "report \${reports}"\n  }\n`, ""),
    );
    expect(summary(r.diagnostics)).toEqual([]);
    const report = r.ir!.pipelines[0]!.steps.find((s) => s.name === "report")!;
    expect(report.inputs[0]).toEqual({ name: "reports", type: { kind: "list", element: { kind: "File" } }, binding: { kind: "collect", sweep: "tune", step: "evaluate", output: "report" } });
    expect(report.after).toEqual(["tune"]);
    expect(r.ir!.pipelines[0]!.sweeps![0]!.best).toBeUndefined();
  });

  it("a gate in the block reads the same point's metrics and values; a deploy ships the best point's model", () => {
    const r = compile(
      SWEEP(`  deploy staging {\n    model tune.train.model\n  }\n`).replace("    best max", "    gate sane {\n      evaluate.f1 > 0 and lr < 1\n    }\n    best max"),
    );
    expect(summary(r.diagnostics)).toEqual([]);
    const p = r.ir!.pipelines[0]!;
    expect(p.gates[0]).toMatchObject({ name: "sane", sweep: "tune", needs: ["evaluate"] });
    expect(p.deploys[0]!.model).toEqual({ step: "train", output: "model", sweep: "tune" });
    expect(p.deploys[0]!.needs).toEqual(["tune"]);
  });

  it("`list<…>` is a param type only, of value types", () => {
    expect(summary(compile(`pipeline p {\n  param xs: list<duration> = [1s]\n}\n`).diagnostics)).toEqual(["MLP3007 main.mlp 2:13+14"]);
    expect(summary(compile(`pipeline p {\n  dataset d: list<int> = "x"\n}\n`).diagnostics)).toEqual(["MLP3007 main.mlp 2:14+9"]);
  });
});
