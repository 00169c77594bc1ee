/** Type rules: widening, Table column subtyping, optionals and `??`, operators, member values. */
import { describe, expect, it } from "vitest";
import { assignability, assignable, showType, type Ty } from "../../src/check/types.js";
import { compile, only, summary } from "./helpers.js";

const pipeline = (body: string, top = ""): string => `${top}pipeline p {\n${body}}\n`;
/** A pipeline with a step `t` reporting `acc: float`, `n: int`, `ok: bool`, and a gate with `cond`. */
const gate = (cond: string, extra = ""): string =>
  pipeline(`${extra}  step t {\n    metrics { acc: float, n: int, ok: bool }\n    run "x \${metrics}"\n  }\n  gate g {\n    ${cond}\n  }\n`);
const codes = (src: string): string[] => summary(compile(src).diagnostics).map((s) => s.split(" ")[0]!);

describe("assignability", () => {
  const schemas = new Map([
    ["Wide", new Map([["a", "int"], ["b", "string"], ["c", "float"]] as const)],
    ["Narrow", new Map([["a", "int"], ["b", "string"]] as const)],
    ["Other", new Map([["a", "float"]] as const)],
  ]);
  const T = (schema?: string): Ty => (schema === undefined ? { kind: "Table" } : { kind: "Table", schema });
  it("widens int to float only", () => {
    expect(assignable({ kind: "int" }, { kind: "float" }, schemas)).toBe(true);
    expect(assignable({ kind: "float" }, { kind: "int" }, schemas)).toBe(false);
    expect(assignable({ kind: "int" }, { kind: "string" }, schemas)).toBe(false);
    expect(assignable({ kind: "bool" }, { kind: "int" }, schemas)).toBe(false);
  });
  it("accepts a Table<S> where S has every column of T with the same type", () => {
    expect(assignable(T("Wide"), T("Narrow"), schemas)).toBe(true);
    expect(assignable(T("Wide"), T(), schemas)).toBe(true);
    expect(assignable(T(), T("Narrow"), schemas)).toBe(false);
    expect(assignability(T("Narrow"), T("Wide"), schemas)).toEqual({ column: "c", expected: "float" });
    expect(assignability(T("Other"), T("Narrow"), schemas)).toEqual({ column: "a", expected: "int", found: "float" });
  });
  it("never accepts an optional where a value is expected", () => {
    expect(assignable({ kind: "float", optional: true }, { kind: "float" }, schemas)).toBe(false);
    expect(assignable({ kind: "int" }, { kind: "float", optional: true }, schemas)).toBe(true);
  });
  it("keeps artifacts apart", () => {
    expect(assignable({ kind: "File" }, { kind: "Model" }, schemas)).toBe(false);
    expect(assignable({ kind: "Dir" }, T(), schemas)).toBe(false);
    expect(showType(T("Wide"))).toBe("Table<Wide>");
    expect(showType({ kind: "float", optional: true })).toBe("float?");
  });
});

describe("expressions in gates", () => {
  it.each([
    "t.acc >= 0.8",
    "t.n > 1",
    "t.acc > t.n",
    "t.ok",
    "not t.ok or t.acc < 1",
    "t.acc + t.n * 2 - 1 / 3 > 0",
    "t.n == 3 and t.acc != 0.5",
    "-t.acc < 0",
    "(deployed(prod).acc ?? 0) <= t.acc",
    "t.acc >= (deployed(prod).acc ?? 0) - 0.01",
    "(deployed(prod).ok ?? true)",
  ])("accepts `%s`", (cond) => {
    const src = gate(cond) .replace("}\n", "}\n") + "";
    const withDeploy = src.replace(/}\n$/, `  deploy prod {\n    model m.m\n  }\n  step m {\n    outputs { m: Model }\n    run "x \${m}"\n  }\n}\n`);
    expect(summary(compile(withDeploy).diagnostics)).toEqual([]);
  });

  it("requires gate conditions to be bool", () => {
    const d = only(gate("t.acc"));
    expect(summary([d])).toEqual(["MLP3001 main.mlp 7:5+5"]);
    expect(d.message).toBe("gate condition must be `bool`, found `float`");
  });

  it("rejects comparing an optional without `??`, pointing at the optional operand, with a help line", () => {
    const src = gate("t.acc > deployed(prod).acc").replace(/}\n$/, `  deploy prod {\n    model m.m\n  }\n  step m {\n    outputs { m: Model }\n    run "x \${m}"\n  }\n}\n`);
    const d = only(src);
    expect(summary([d])).toEqual(["MLP3002 main.mlp 7:13+18"]);
    expect(d.message).toBe("optional `float?` used without `??`");
    expect(d.help[0]).toContain("??");
  });

  it("rejects arithmetic on an optional param without `??`", () => {
    expect(codes(gate("t.n < cap + 1", "  param cap: int?\n"))).toEqual(["MLP3002"]);
    expect(codes(gate("t.n < (cap ?? 1) + 1", "  param cap: int?\n"))).toEqual([]);
  });

  it.each([
    ["t.acc > \"high\"", "MLP3003"],
    ["t.ok and t.n", "MLP3003"],
    ["not t.n", "MLP3003"],
    ["t.ok == t.n", "MLP3003"],
  ])("rejects `%s`", (cond, code) => {
    expect(codes(gate(cond))).toEqual([code]);
  });

  it("points an operator error at the operator and labels both operands", () => {
    const d = only(gate("t.acc > \"high\""));
    expect(summary([d])).toEqual(["MLP3003 main.mlp 7:11+1"]);
    expect(d.labels.map((l) => l.message)).toEqual(["`float`", "`string`"]);
  });

  it("rejects an artifact in an expression with a hint", () => {
    const d = only(pipeline(`  dataset raw: Table = "a.csv"\n  gate g {\n    raw > 1\n  }\n`));
    expect(d.code).toBe("MLP3003");
    expect(d.help[0]).toContain("artifacts");
  });

  it("rejects a step, a gate and a secret used as values", () => {
    expect(codes(gate("t > 1"))).toEqual(["MLP3006"]);
    expect(codes(pipeline(`  secret tok\n  step s {\n    inputs { t: tok }\n    run "x \${t}"\n  }\n`))).toEqual(["MLP3006"]);
  });

  it("types `??` as the wider of its sides and rejects a default of another type", () => {
    expect(codes(gate(`(cap ?? "x") == "x"`, "  param cap: string?\n"))).toEqual([]);
    expect(codes(gate(`(cap ?? 1) == 1`, "  param cap: string?\n"))).toEqual(["MLP3003"]);
  });
});

describe("params and component inputs", () => {
  it("checks defaults against declared types, widening int to float", () => {
    expect(codes(pipeline(`  param a: float = 1\n  param b: int = 2\n  param c: duration = 30s\n  param d: bool = false\n  param e: string = "x"\n  param f: float = -0.5\n  step s {\n    run "true"\n  }\n`))).toEqual([]);
    const d = only(pipeline(`  param depth: int = 2.5\n  step s {\n    run "true"\n  }\n`));
    expect(summary([d])).toEqual(["MLP3001 main.mlp 2:22+3"]);
    expect(d.notes).toEqual(["`int` widens to `float`, not the other way"]);
    expect(codes(pipeline(`  param w: duration = 30\n  step s {\n    run "true"\n  }\n`))).toEqual(["MLP3001"]);
  });

  it("checks a component input's default against its declared type", () => {
    const comp = (inputs: string) => `component c {\n  inputs { ${inputs} }\n  run "true"\n}\n`;
    const use = pipeline(`  step s = c()\n`);
    expect(codes(comp(`a: float = 1, b: string = "x"`) + use)).toEqual([]);
    expect(summary(compile(comp(`a: int = 2.5`) + use).diagnostics)).toEqual(["MLP3001 main.mlp 2:21+3"]);
    expect(summary(compile(comp(`a: float = 1, b: bool = "x"`) + use).diagnostics)).toEqual(["MLP3001 main.mlp 2:36+3"]);
  });

  it("rejects artifact params and value datasets", () => {
    expect(codes(pipeline(`  param m: Model\n  step s {\n    run "true"\n  }\n`))).toEqual(["MLP3007"]);
    expect(codes(pipeline(`  dataset n: int = "x"\n  step s {\n    run "true"\n  }\n`))).toEqual(["MLP3007"]);
  });

  it("checks component arguments: Table subtyping with the first missing column in a note", () => {
    const top = `schema Wide {\n  a: int\n  b: string\n}\nschema Narrow {\n  a: int\n}\ncomponent c {\n  inputs { t: Table<Narrow>, lr: float = 0.1 }\n  run "x \${t} \${lr}"\n}\n`;
    expect(codes(pipeline(`  dataset w: Table<Wide> = "w.csv"\n  step s = c(t: w, lr: 1)\n`, top))).toEqual([]);
    const d = only(pipeline(`  dataset n: Table = "n.csv"\n  step s = c(t: n)\n`, top));
    expect(d.code).toBe("MLP3001");
    const top2 = top.replace("  a: int\n  b: string", "  a: float\n  b: string");
    const d2 = only(pipeline(`  dataset w: Table<Wide> = "w.csv"\n  step s = c(t: w)\n`, top2));
    expect(d2.notes).toEqual(["column `a` is `float` in `Table<Wide>` but `int` in `Table<Narrow>`"]);
    expect(d2.labels[0]!.message).toBe("input `t` declared here");
  });

  it("checks std.* arguments against their signatures, applying defaults", () => {
    expect(codes(pipeline(`  dataset a: Table = "a.csv"\n  step e = std.expect(data: a)\n`))).toEqual([]);
    expect(codes(pipeline(`  dataset a: Table = "a.csv"\n  step e = std.expect(data: a, min_rows: 1.5)\n`))).toEqual(["MLP3001"]);
    expect(codes(pipeline(`  dataset a: Table = "a.csv"\n  step e = std.drift(current: a)\n`))).toEqual(["MLP3004"]);
    // a misspelt argument is one mistake: no "missing `data`" on top of "no input `dta`"
    const d = only(pipeline(`  dataset a: Table = "a.csv"\n  step e = std.expect(dta: a)\n`));
    expect(d.code).toBe("MLP3005");
    expect(d.help).toEqual(["did you mean `data`?"]);
  });

  it("reports a repeated argument", () => {
    const top = `component c {\n  inputs { x: int }\n  run "x \${x}"\n}\n`;
    expect(summary(compile(pipeline(`  step s = c(x: 1, x: 2)\n`, top)).diagnostics)).toEqual(["MLP2011 main.mlp 6:20+1"]);
  });

  it("lists every missing argument in one diagnostic", () => {
    const top = `component c {\n  inputs { x: int, y: int, z: int = 1 }\n  run "x \${x} \${y} \${z}"\n}\n`;
    const d = only(pipeline(`  step s = c()\n`, top));
    expect(d.message).toBe("missing arguments `x`, `y` in call to `c`");
  });
});

describe("member values", () => {
  const step = (member: string): string => pipeline(`  step s {\n    ${member}\n    run "true"\n  }\n`);
  it.each([
    ["retry 2", []],
    ["retry 0", []],
    ["retry -1", ["MLP3008"]],
    ["retry 1.5", ["MLP3001"]],
    ["retry 5m", ["MLP3001"]],
    ["timeout 2h", []],
    ["timeout 2", ["MLP3001"]],
    ["timeout 0s", ["MLP3008"]],
    ["resources { cpu: 0.5, memory: 512Mi, gpu: 1 }", []],
    ["resources { memory: 512 }", ["MLP3001"]],
    ["resources { gpu: 0.5 }", ["MLP3001"]],
    ["resources { cpu: 0 }", ["MLP3008"]],
    ["resources { cpu: 1, cpu: 2 }", ["MLP2011"]],
    ['env { MODE: "fast" }', []],
    ["env { MODE: 3 }", ["MLP3001"]],
  ] as const)("`%s`", (member, expected) => {
    expect(codes(step(member))).toEqual(expected);
  });

  it("requires option values to be literals", () => {
    expect(codes(pipeline(`  step s {\n    run "true"\n  }\n  target argo { namespace: ml }\n`))).toEqual(["MLP3009"]);
    expect(codes(pipeline(`  step s {\n    run "true"\n  }\n  target github { runs_on: ["a", "b"], timeout: 10m }\n`))).toEqual([]);
  });

  it("checks the cron of `schedule`", () => {
    expect(codes(pipeline(`  schedule "0 3 * * *"\n  step s {\n    run "true"\n  }\n`))).toEqual([]);
    expect(codes(pipeline(`  schedule "every day"\n  step s {\n    run "true"\n  }\n`))).toEqual(["MLP3008"]);
  });

  it("requires a deploy to name a model output", () => {
    expect(codes(pipeline(`  step s {\n    run "true"\n  }\n  deploy prod {\n    approval required\n  }\n`))).toEqual(["MLP3010"]);
    expect(codes(pipeline(`  dataset m: Model = "m.bin"\n  deploy prod {\n    model m\n  }\n`))).toEqual(["MLP3006"]);
  });
});

describe("values the IR cannot carry", () => {
  it("rejects numbers too large to represent, wherever they are written", () => {
    const step = (m: string): string => `pipeline p {\n  step s {\n    ${m}\n    run "true"\n  }\n}\n`;
    expect(summary(compile(`pipeline p {\n  param x: float = 1e999\n  step s {\n    run "true"\n  }\n}\n`).diagnostics)).toEqual(["MLP3008 main.mlp 2:20+5"]);
    expect(codes(step("retry 1e999"))).toEqual(["MLP3008"]);
    expect(codes(step("timeout 1e999h"))).toEqual(["MLP3008"]);
    expect(codes(step("resources { cpu: 1e999 }"))).toEqual(["MLP3008"]);
    expect(codes(gate("t.acc < 1e999"))).toEqual(["MLP3008"]);
    expect(codes(`pipeline p {\n  step s {\n    run "true"\n  }\n  target argo { n: 1e999 }\n}\n`)).toEqual(["MLP3008"]);
  });

  it("requires a gate to have at least one condition", () => {
    const d = only(`pipeline p {\n  step s {\n    run "true"\n  }\n  gate g {\n  }\n}\n`);
    expect(summary([d])).toEqual(["MLP3010 main.mlp 5:8+1"]);
  });
});
