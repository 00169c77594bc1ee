/** Lowering details: paths, bindings, commands, defaults, deploys, schemas, pipelines. */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { validateIr } from "../../src/ir/validate-ir.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { memoryHost, type Host } from "../../src/source/host.js";
import { posix } from "node:path";
import { summary } from "../check/helpers.js";

function lower(files: Record<string, string>, entry = "main.mlp", cwd?: string, repoRoot?: string): IrDocument {
  const r = compileToIr(entry, memoryHost(files), { ...(cwd === undefined ? {} : { cwd }), ...(repoRoot === undefined ? {} : { repoRoot }) });
  expect(summary(r.diagnostics)).toEqual([]);
  expect(validateIr(r.ir)).toEqual([]);
  return r.ir!;
}

describe("paths", () => {
  const files = {
    "proj/main.mlp":
      `import "../common/lib.mlp"\npipeline p {\n  dataset a: File = "data/a.csv"\n  dataset b: File = "s3://bucket/b.csv"\n  dataset c: File = "../other/./c.csv"\n` +
      `  step s = tool(input: a)\n  step t {\n    code "steps/t.py"\n    run "python steps/t.py"\n  }\n}\n`,
    "common/lib.mlp": `component tool {\n  inputs { input: File }\n  code "bin/tool.sh"\n  run "sh bin/tool.sh \${input}"\n}\n`,
  };

  it("makes every path relative to the entry file's directory, with `/`", () => {
    const ir = lower(files, "proj/main.mlp");
    expect(ir.root).toBe("proj");
    expect(ir.source).toBe("main.mlp");
    const p = ir.pipelines[0]!;
    expect(p.datasets.map((d) => d.uri)).toEqual(["data/a.csv", "s3://bucket/b.csv", "../other/c.csv"]);
    const [s, t] = p.steps;
    expect(s!.workingDir).toBe("../common");
    expect(s!.code).toEqual(["../common/bin/tool.sh"]);
    expect(s!.origin.file).toBe("main.mlp");
    expect(t!.workingDir).toBe(".");
    expect(t!.code).toEqual(["steps/t.py"]);
  });

  it("makes an absolute entry's root relative to the given cwd", () => {
    const abs = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/home/x/${k}`, v]));
    expect(lower(abs, "/home/x/proj/main.mlp", "/home/x").root).toBe("proj");
  });

  /** The files under /r (the repository), read as a real host would from `cwd`. */
  const inRepo: Record<string, string> = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/r/${k}`, v]));
  const fromCwd = (entry: string, cwd: string): IrDocument => {
    const host: Host = { readFile: (path) => memoryHost(inRepo).readFile(posix.resolve(cwd, path)) };
    const r = compileToIr(entry, host, { cwd, repoRoot: "/r" });
    expect(summary(r.diagnostics)).toEqual([]);
    return r.ir!;
  };

  it("makes the root the entry's directory relative to the repository root, from any cwd and spelling", () => {
    const docs = [
      fromCwd("proj/main.mlp", "/r"),
      fromCwd("main.mlp", "/r/proj"),
      fromCwd("../main.mlp", "/r/proj/sub"),
      fromCwd("/r/proj/main.mlp", "/elsewhere"),
      fromCwd("/r/proj/main.mlp", "/r"),
    ].map((d) => JSON.stringify(d));
    for (const d of docs) expect(d).toBe(docs[0]);
    const ir = JSON.parse(docs[0]!) as IrDocument;
    expect(ir.root).toBe("proj");
    expect(ir.pipelines[0]!.steps[0]!.workingDir).toBe("../common");
    expect(ir.pipelines[0]!.steps[0]!.origin.file).toBe("main.mlp");
  });

  it("relates an absolute import to a relative entry through the cwd", () => {
    const src = { "/r/proj/main.mlp": files["proj/main.mlp"]!.replace('"../common/lib.mlp"', '"/r/common/lib.mlp"'), "/r/common/lib.mlp": files["common/lib.mlp"]! };
    const host: Host = { readFile: (path) => memoryHost(src).readFile(posix.resolve("/r/proj", path)) };
    const viaCwd = compileToIr("main.mlp", host, { cwd: "/r/proj", repoRoot: "/r" }).ir!;
    expect(viaCwd.pipelines[0]!.steps[0]!.workingDir).toBe("../common");
    expect(viaCwd.pipelines[0]!.steps[0]!.code).toEqual(["../common/bin/tool.sh"]);
  });

  it("without a repository root or cwd, reads a relative entry as relative to the root and an absolute one as at it", () => {
    expect(lower(files, "proj/main.mlp").root).toBe("proj");
    const abs = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/home/x/${k}`, v]));
    expect(lower(abs, "/home/x/proj/main.mlp").root).toBe(".");
  });

  it("keeps absolute dataset and code paths as written", () => {
    const ir = lower({ "main.mlp": `pipeline p {\n  dataset a: File = "/data/a.csv"\n  step s {\n    inputs { x: a }\n    code "/opt/tools/t.sh"\n    run "sh /opt/tools/t.sh \${x}"\n  }\n}\n` }, "main.mlp", "/r", "/r");
    expect(ir.pipelines[0]!.datasets[0]!.uri).toBe("/data/a.csv");
    expect(ir.pipelines[0]!.steps[0]!.code).toEqual(["/opt/tools/t.sh"]);
  });
});

describe("steps", () => {
  const src =
    `schema S {\n  a: int\n  b: string\n}\n` +
    `component c {\n  description "a component"\n  inputs { data: Table, k: int = 3, w: float = 0.5 }\n  outputs { out: File }\n  metrics { m: float }\n  image "img:1"\n  run "c \${data} \${k} \${w} \${out} \${metrics}"\n}\n` +
    `pipeline p {\n  param k: int = 7\n  param opt: int?\n  secret tok\n  dataset d: Table<S> = "d.csv"\n` +
    `  step s = c(data: d, w: k)\n` +
    `  step t {\n    inputs { f: s.out, n: opt ?? 2, lit: "x", m: s.m * 2, kk: k }\n    outputs { o: Dir }\n    env { A: "1" }\n    secrets [tok]\n    resources { cpu: 1.5, memory: 1Gi }\n    retry 3\n    timeout 90s\n    cache off\n    run "t \${f} \${n} > \${o}/x; echo $$ \${run_id} \${workdir}"\n  }\n` +
    `  step e = std.expect(data: d)\n}\n`;

  it("expands components, applies defaults and types inputs", () => {
    const s = lower({ "main.mlp": src }).pipelines[0]!.steps.find((x) => x.name === "s")!;
    expect(s.component).toBe("c");
    expect(s.description).toBe("a component");
    expect(s.image).toBe("img:1");
    expect(s.inputs).toEqual([
      { name: "data", type: { kind: "Table", schema: "S" }, binding: { kind: "dataset", dataset: "d" } },
      { name: "k", type: { kind: "int" }, binding: { kind: "literal", value: 3 } },
      { name: "w", type: { kind: "float" }, binding: { kind: "param", param: "k" } },
    ]);
    expect(s.metrics).toEqual([{ name: "m", type: { kind: "float" } }]);
  });

  it("lowers every binding kind, members and the command parts", () => {
    const t = lower({ "main.mlp": src }).pipelines[0]!.steps.find((x) => x.name === "t")!;
    expect(t.inputs.map((i) => [i.name, i.binding.kind, i.type])).toEqual([
      ["f", "output", { kind: "File" }],
      ["n", "expr", { kind: "int" }],
      ["lit", "literal", { kind: "string" }],
      ["m", "expr", { kind: "float" }],
      ["kk", "param", { kind: "int" }],
    ]);
    expect(t.inputs[3]!.binding).toEqual({
      kind: "expr",
      expr: { kind: "binary", type: { kind: "float" }, op: "*", left: { kind: "metric", type: { kind: "float" }, step: "s", metric: "m" }, right: { kind: "literal", type: { kind: "int" }, value: 2 } },
    });
    expect(t.needs).toEqual(["s"]);
    expect(t.env).toEqual({ A: "1" });
    expect(t.secrets).toEqual(["tok"]);
    expect(t.resources).toEqual({ cpu: 1.5, memory: "1Gi" });
    expect([t.retry, t.timeoutSeconds, t.cache]).toEqual([3, 90, false]);
    expect(t.run!.template).toBe("t ${f} ${n} > ${o}/x; echo $$ ${run_id} ${workdir}");
    expect(t.run!.parts).toEqual([
      { kind: "text", text: "t " },
      { kind: "input", name: "f" },
      { kind: "text", text: " " },
      { kind: "input", name: "n" },
      { kind: "text", text: " > " },
      { kind: "output", name: "o" },
      { kind: "text", text: "/x; echo $ " },
      { kind: "builtin", name: "run_id" },
      { kind: "text", text: " " },
      { kind: "builtin", name: "workdir" },
    ]);
  });

  it("marks std steps as builtins without a command, with per-column metrics", () => {
    const e = lower({ "main.mlp": src }).pipelines[0]!.steps.find((x) => x.name === "e")!;
    expect(e.builtin).toBe("expect");
    expect(e.component).toBe("std.expect");
    expect(e.run).toBeUndefined();
    expect(e.inputs.map((i) => [i.name, i.binding])).toEqual([
      ["data", { kind: "dataset", dataset: "d" }],
      ["min_rows", { kind: "literal", value: 1 }],
      ["max_null_fraction", { kind: "literal", value: 0 }],
    ]);
  });

  it("lists only reachable schemas, sorted", () => {
    const ir = lower({ "main.mlp": `schema Z {\n  a: int\n}\nschema Unused {\n  a: int\n}\n${src}`.replace("Table<S>", "Table<Z>") });
    expect(Object.keys(ir.schemas)).toEqual(["Z"]);
  });

  it("gives steps without code, env, secrets or resources empty ones, and each other step its own", () => {
    // Steps without them share one frozen empty object each: a step with them must get a fresh one.
    const body = (extra: string) => `    image "i"\n${extra}    run "true"\n`;
    const ir = lower({
      "main.mlp":
        `pipeline p {\n  secret tok\n  secret key\n` +
        `  step a {\n${body("")}  }\n` +
        `  step b {\n${body('    env { A: "1" }\n    secrets [tok]\n    code "b.py"\n    resources { cpu: 1 }\n')}  }\n` +
        `  step c {\n${body('    env { B: "2" }\n    secrets [key]\n')}  }\n` +
        `  step d {\n${body("")}  }\n}\n`,
    });
    const [a, b, c, d] = ir.pipelines[0]!.steps;
    for (const x of [a!, d!]) expect([x.code, x.env, x.secrets, x.resources]).toEqual([[], {}, [], {}]);
    expect([b!.code, b!.env, b!.secrets, b!.resources]).toEqual([["b.py"], { A: "1" }, ["tok"], { cpu: 1 }]);
    expect([c!.code, c!.env, c!.secrets, c!.resources]).toEqual([[], { B: "2" }, ["key"], {}]);
  });
});

describe("pipelines", () => {
  it("lowers the entry file's pipelines only, in source order, and defaults `to` to local", () => {
    const ir = lower({
      "main.mlp":
        `import "./other.mlp"\npipeline b {\n  step s {\n    outputs { m: Model }\n    run "x \${m}"\n  }\n  deploy dev {\n    model s.m\n  }\n}\n` +
        `pipeline a {\n  step s {\n    run "true"\n  }\n}\n`,
      "other.mlp": `pipeline elsewhere {\n  step s {\n    run "true"\n  }\n}\n`,
    });
    expect(ir.pipelines.map((p) => p.name)).toEqual(["b", "a"]);
    expect(ir.pipelines[0]!.deploys[0]).toMatchObject({ name: "dev", model: { step: "s", output: "m" }, approval: false, to: { kind: "local", options: {} } });
  });

  it("records gate condition text printed from the tree (spacing-independent) and folds negative literals", () => {
    const ir = lower({
      "main.mlp": `pipeline p {\n  step s {\n    metrics { m: float }\n    run "x \${metrics}"\n  }\n  gate g {\n    s.m  >  -1.5   # spaced\n  }\n}\n`,
    });
    const c = ir.pipelines[0]!.gates[0]!.conditions[0]!;
    expect(c.text).toBe("s.m > -1.5");
    expect(c.expr).toEqual({
      kind: "binary",
      type: { kind: "bool" },
      op: ">",
      left: { kind: "metric", type: { kind: "float" }, step: "s", metric: "m" },
      right: { kind: "literal", type: { kind: "float" }, value: -1.5 },
    });
  });

  it("gives a condition the same text however it is spaced or broken over lines, so `mlp fmt` keeps the IR (issue #13)", () => {
    const textOf = (condition: string): string =>
      lower({ "main.mlp": `pipeline p {\n  step s {\n    metrics { m: float }\n    run "x \${metrics}"\n  }\n  gate g {\n    ${condition}\n  }\n}\n` }).pipelines[0]!.gates[0]!
        .conditions[0]!.text;
    expect(textOf("s.m >1")).toBe("s.m > 1");
    expect(textOf("(s.m+1)*2>=- 3 and not(s.m<0)")).toBe("(s.m + 1) * 2 >= -3 and not (s.m < 0)");
    expect(textOf('s.m > 1 or\n      "a  b" ==   "a\\tb"')).toBe('s.m > 1 or "a  b" == "a\\tb"');
  });

  it("lowers trigger, schedule, params and targets", () => {
    const ir = lower({
      "main.mlp":
        `pipeline p {\n  description "d"\n  schedule "0 3 * * *"\n  trigger on push("a/**", "b")\n  param w: duration = 2m\n  param q: int?\n` +
        `  step s {\n    run "true"\n  }\n  target github { runs_on: ["x", "y"], timeout: 1h, n: 2, ok: true, mem: 2Gi }\n}\n`,
    });
    const p = ir.pipelines[0]!;
    expect(p.description).toBe("d");
    expect(p.schedule!.cron).toBe("0 3 * * *");
    expect(p.triggers.map((t) => (t.kind === "change" ? t.dataset : t.paths))).toEqual([["a/**", "b"]]);
    expect(p.params.map((x) => [x.name, x.type, x.default])).toEqual([
      ["w", { kind: "duration" }, 120],
      ["q", { kind: "int", optional: true }, undefined],
    ]);
    expect(p.targets.github!.options).toEqual({ runs_on: ["x", "y"], timeout: 3600, n: 2, ok: true, mem: "2Gi" });
  });
});
