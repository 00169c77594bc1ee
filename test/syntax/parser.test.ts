import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { codes, expr, parseText, pipelineMembers, sexpr, slice } from "./helpers.js";
import type * as A from "../../src/syntax/ast.js";
import { SYNTAX_CODES } from "../../src/diagnostics/codes/syntax.js";

describe("expressions: precedence and associativity", () => {
  const cases: [string, string][] = [
    ["1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["1 - 2 - 3", "(- (- 1 2) 3)"],
    ["8 / 4 / 2", "(/ (/ 8 4) 2)"],
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c", "(or (and a b) c)"],
    ["not a and b", "(and (not a) b)"],
    ["not a < b", "(not (< a b))"],
    ["not not a", "(not (not a))"],
    ["a < b == c", "(< a b)"], // MLP1011 is reported; see the chained-comparison case below
    ["a ?? 0 > 1", "(> (?? a 0) 1)"],
    ["x >= (deployed(p).auc ?? 0) - 0.01", "(>= x (- (paren (?? (deployed p auc) 0)) 0.01))"],
    ["deployed(production).auc ?? 0 - 0.01", "(- (?? (deployed production auc) 0) 0.01)"],
    ["a ?? b ?? c", "(?? (?? a b) c)"],
    ["a + b ?? 0", "(+ a (?? b 0))"],
    ["-a ?? 0", "(?? (- a) 0)"],
    ["- - 1", "(- (- 1))"],
    ["-x * 2", "(* (- x) 2)"],
    ["a.b.c <= 3 or not (x != y)", "(or (<= a.b.c 3) (not (paren (!= x y))))"],
    ["[1, 2, 3,]", "[1 2 3]"],
    ["[]", "[]"],
    ['["a", [true, false]]', '["a" [true false]]'],
    ["std.drift(current: raw, reference: ref)", "(call std.drift current:raw reference:ref)"],
    ["f()", "(call f)"],
    ["deployed(prod)", "(call deployed)"], // not the deployed form: no `.metric`
    ["deployed.auc", "deployed.auc"], // `deployed` is contextual: a step may be called that
    ["30s + 500ms", "(+ 30s 500ms)"],
    ["512Mi", "512Mi"],
    ["1e-3 * 2.5E+2", "(* 1e-3 2.5E+2)"],
  ];
  it.each(cases)("%s", (source, expected) => {
    const r = parseText("pipeline p {\n  param x: int = " + source + "\n}\n");
    const param = (r.file.declarations[0] as A.PipelineDecl).members[0] as A.ParamDecl;
    if (source === "deployed(prod)") {
      // positional arguments are a syntax error: exactly one, at the `)`
      expect(codes(r.diagnostics)).toEqual(["2:32 MLP1002"]);
      return;
    }
    if (source === "a < b == c") {
      expect(codes(r.diagnostics)).toEqual(["2:24 MLP1011"]);
      expect(sexpr(param.default!)).toBe("(== (< a b) c)");
      return;
    }
    expect(codes(r.diagnostics)).toEqual([]);
    expect(sexpr(param.default!)).toBe(expected);
  });

  it("gives every node a span that covers exactly its source", () => {
    const source = "evaluate.auc >= (deployed(production).auc ?? 0) - 0.01";
    const e = expr(source) as A.BinaryExpr;
    const text = "pipeline p {\n  param x: int = " + source + "\n}\n";
    expect(slice(text, e.span)).toBe(source);
    expect(slice(text, e.opSpan)).toBe(">=");
    expect(slice(text, e.left.span)).toBe("evaluate.auc");
    const right = e.right as A.BinaryExpr;
    expect(slice(text, right.left.span)).toBe("(deployed(production).auc ?? 0)");
    expect(e.span.start).toEqual({ offset: 30, line: 2, column: 18 });
    expect(e.span.end.offset - e.span.start.offset).toBe(source.length);
  });

  it("decodes literal values", () => {
    expect(expr("42")).toMatchObject({ kind: "Number", value: 42, isInteger: true, raw: "42" });
    expect(expr("0.05")).toMatchObject({ kind: "Number", value: 0.05, isInteger: false });
    expect(expr("1e3")).toMatchObject({ kind: "Number", value: 1000, isInteger: false });
    expect(expr("500ms")).toMatchObject({ kind: "Duration", value: 500, unit: "ms", seconds: 0.5 });
    expect(expr("2h")).toMatchObject({ kind: "Duration", value: 2, unit: "h", seconds: 7200 });
    expect(expr("1.5d")).toMatchObject({ kind: "Duration", unit: "d", seconds: 129600 });
    expect(expr("4Gi")).toMatchObject({ kind: "Quantity", value: 4, unit: "Gi" });
    expect(expr("2G")).toMatchObject({ kind: "Quantity", value: 2, unit: "G" });
    expect(expr("true")).toMatchObject({ kind: "Bool", value: true });
  });
});

describe("declarations and members", () => {
  it("parses the language reference's two whole-file examples with zero diagnostics", () => {
    // docs/language.md opens with churn.mlp and its components.mlp; later blocks are fragments.
    const reference = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");
    const blocks = [...reference.matchAll(/```mlp\n([\s\S]*?)```/g)].map((m) => m[1]!).slice(0, 2);
    expect(blocks.length).toBe(2);
    expect(blocks[1]).toContain("# components.mlp");
    for (const block of blocks) expect(codes(parseText(block).diagnostics)).toEqual([]);
    const churn = parseText(blocks[0]!).file;
    expect(churn.declarations.map((d) => d.kind)).toEqual(["Import", "Schema", "Pipeline"]);
    const members = (churn.declarations[2] as A.PipelineDecl).members.map((m) => m.kind);
    expect(members).toEqual([
      "Description", "Schedule", "ChangeTrigger", "Param", "Param", "Secret", "Dataset", "Dataset",
      "Step", "Gate", "Step", "Step", "Step", "Gate", "Deploy", "Deploy", "Target", "Target",
    ]);
    expect(churn.comments.map((c) => c.text.trim())[0]).toBe("churn.mlp — continuous training for the churn model");
  });

  it("parses both step forms", () => {
    const [call, block] = pipelineMembers(
      '  step train = train_model(data: prepare.train, lr: 0.1)\n  step evaluate {\n    run "x"\n  }',
    ) as A.StepDecl[];
    expect(call!.call && sexpr(call!.call)).toBe("(call train_model data:prepare.train lr:0.1)");
    expect(call!.members).toBeUndefined();
    expect(block!.members?.map((m) => m.kind)).toEqual(["Run"]);
    expect(block!.call).toBeUndefined();
  });

  it("accepts arguments and entries spread over several lines with trailing commas", () => {
    const [step, target] = pipelineMembers(
      "  step train = train_model(\n    data: prepare.train,\n\n    lr: 0.1,\n  )\n  target github {\n    runs_on: [\n      \"a\",\n      \"b\",\n    ],\n    timeout: 5\n  }",
    ) as [A.StepDecl, A.TargetDecl];
    expect(step.call!.args.map((a) => a.name.name)).toEqual(["data", "lr"]);
    expect(target.options.map((o) => [o.key.name, sexpr(o.value)])).toEqual([
      ["runs_on", '["a" "b"]'],
      ["timeout", "5"],
    ]);
  });

  it("parses every pipeline member form", () => {
    const members = pipelineMembers(
      [
        '  description "d"',
        "  param lr: float = 0.1",
        "  param rows: int?",
        "  secret token",
        '  dataset raw: Table<Customers> = "data/raw.csv"',
        '  schedule "0 3 * * *"',
        "  trigger on change(raw)",
        '  trigger on push("data/**", "steps/*.py",)',
        "  gate g {\n    a > 1\n    not b\n  }",
        "  deploy prod {\n    model train.model\n    after g, staging\n    approval required\n    to kserve { namespace: \"ml\" }\n  }",
        "  deploy dev {\n    to local\n  }",
        '  target argo { namespace: "ml", service_account: "runner" }',
      ].join("\n"),
    );
    expect(members).toMatchObject([
      { kind: "Description", text: { value: "d" } },
      { kind: "Param", name: { name: "lr" }, type: { name: { name: "float" }, optional: false }, default: { value: 0.1 } },
      { kind: "Param", name: { name: "rows" }, type: { name: { name: "int" }, optional: true } },
      { kind: "Secret", name: { name: "token" } },
      { kind: "Dataset", name: { name: "raw" }, type: { name: { name: "Table" }, args: [{ name: { name: "Customers" } }] }, uri: { value: "data/raw.csv" } },
      { kind: "Schedule", cron: { value: "0 3 * * *" } },
      { kind: "ChangeTrigger", dataset: { name: "raw" } },
      { kind: "PushTrigger", globs: [{ value: "data/**" }, { value: "steps/*.py" }] },
      { kind: "Gate", name: { name: "g" }, conditions: [{ kind: "Binary" }, { kind: "Unary" }] },
      {
        kind: "Deploy",
        env: { name: "prod" },
        members: [
          { kind: "DeployModel", ref: { kind: "Ref" } },
          { kind: "After", names: [{ name: "g" }, { name: "staging" }] },
          { kind: "Approval" },
          { kind: "DeployTo", target: { name: "kserve" }, options: [{ key: { name: "namespace" } }] },
        ],
      },
      { kind: "Deploy", env: { name: "dev" }, members: [{ kind: "DeployTo", target: { name: "local" }, options: [] }] },
      { kind: "Target", name: { name: "argo" }, options: [{ key: { name: "namespace" } }, { key: { name: "service_account" } }] },
    ]);
    expect((members[3] as A.ParamDecl).default).toBeUndefined();
  });

  it("parses every step member form and component inputs with types and defaults", () => {
    const r = parseText(
      [
        "component c {",
        '  description "c"',
        "  inputs { data: Table, lr: float = 0.1, rows: int? }",
        "  outputs { model: Model, report: File }",
        "  metrics { auc: float }",
        '  run "python ${data}"',
        '  image "python:3.12"',
        '  code "a.py", "b.py"',
        '  env { MODE: "x" }',
        "  secrets [token, other,]",
        "  resources { cpu: 2, memory: 4Gi, gpu: 1 }",
        "  retry 2",
        "  timeout 2h",
        "  cache off",
        "  after gate_a, gate_b",
        "}",
      ].join("\n"),
    );
    expect(codes(r.diagnostics)).toEqual([]);
    const c = r.file.declarations[0] as A.ComponentDecl;
    expect(c.members).toMatchObject([
      { kind: "Description" },
      {
        kind: "Inputs",
        entries: [
          { name: { name: "data" }, type: { name: { name: "Table" } } },
          { name: { name: "lr" }, type: { name: { name: "float" } }, value: { value: 0.1 } },
          { name: { name: "rows" }, type: { optional: true } },
        ],
      },
      { kind: "Outputs", entries: [{ name: { name: "model" } }, { name: { name: "report" } }] },
      { kind: "Metrics", entries: [{ name: { name: "auc" } }] },
      { kind: "Run", command: { value: "python ${data}" } },
      { kind: "Image", image: { value: "python:3.12" } },
      { kind: "Code", paths: [{ value: "a.py" }, { value: "b.py" }] },
      { kind: "Env", entries: [{ key: { name: "MODE" } }] },
      { kind: "Secrets", names: [{ name: "token" }, { name: "other" }] },
      { kind: "Resources", entries: [{ key: { name: "cpu" } }, { key: { name: "memory" }, value: { kind: "Quantity" } }, { key: { name: "gpu" } }] },
      { kind: "Retry", count: { value: 2 } },
      { kind: "Timeout", duration: { kind: "Duration", seconds: 7200 } },
      { kind: "Cache", enabled: false },
      { kind: "After", names: [{ name: "gate_a" }, { name: "gate_b" }] },
    ]);
    const inputs = c.members[1] as A.InputsMember;
    expect(inputs.entries[0]!.value).toBeUndefined();
  });

  it("treats member words as names where a name is expected", () => {
    const members = pipelineMembers(
      [
        "  step drift = std.drift(current: raw, reference: ref)",
        "  step model {\n    inputs { model: train.model, after: x, to: y, run: z, inputs: w }\n    outputs { metrics: File }\n  }",
        "  param step: int = 1",
        "  gate deploy {\n    drift.max_psi < step\n  }",
        "  deploy target {\n    model model.model\n    after deploy\n    to on\n  }",
      ].join("\n"),
    );
    expect(members.map((m) => (m as { name?: A.Identifier; env?: A.Identifier }).name?.name ?? (m as A.DeployDecl).env.name)).toEqual([
      "drift", "model", "step", "deploy", "target",
    ]);
    const inputs = (members[1] as A.StepDecl).members![0] as A.InputsMember;
    expect(inputs.entries.map((e) => e.name.name)).toEqual(["model", "after", "to", "run", "inputs"]);
  });

  it("keeps comments with their spans", () => {
    const text = "# top\npipeline p { # trailing\n  secret s # after a member\n}\n#end";
    const r = parseText(text);
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.file.comments.map((c) => c.text)).toEqual([" top", " trailing", " after a member", "end"]);
    expect(r.file.comments.map((c) => slice(text, c.span))).toEqual(["# top", "# trailing", "# after a member", "#end"]);
    expect(r.file.comments[1]!.span.start).toMatchObject({ line: 2, column: 14 });
  });

  it("accepts CRLF line ends and a byte-order mark", () => {
    const r = parseText('\uFEFFpipeline p {\r\n  secret s\r\n  step a {\r\n    run "x"\r\n  }\r\n}\r\n');
    expect(codes(r.diagnostics)).toEqual([]);
    const p = r.file.declarations[0] as A.PipelineDecl;
    expect(p.members.map((m) => m.kind)).toEqual(["Secret", "Step"]);
    expect(p.members[1]!.span.start).toMatchObject({ line: 3, column: 3 });
  });

  it("gives every node a file, a position and a consistent length", () => {
    const text = readFileSync(new URL("../fixtures/kitchen-sink.mlp", import.meta.url), "utf8");
    const r = parseText(text);
    expect(codes(r.diagnostics)).toEqual([]);
    let count = 0;
    const check = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(check);
      if (value === null || typeof value !== "object") return;
      const node = value as { span?: { file: string; start: { offset: number; line: number; column: number }; end: { offset: number } } };
      if (node.span !== undefined && "kind" in node) {
        count++;
        expect(node.span.file).toBe("test.mlp");
        expect(node.span.end.offset).toBeGreaterThanOrEqual(node.span.start.offset);
        const before = text.slice(0, node.span.start.offset);
        expect(node.span.start.line).toBe(before.split("\n").length);
        expect(node.span.start.column).toBe(node.span.start.offset - before.lastIndexOf("\n"));
      }
      for (const v of Object.values(value)) check(v);
    };
    check(r.file);
    expect(count).toBeGreaterThan(300);
  });
});

describe("syntax errors: code, line and column", () => {
  const cases: [string, string, string[]][] = [
    ["missing colon", "pipeline p {\n  param lr float = 0.1\n}", ["2:12 MLP1002"]],
    ["missing name", "pipeline p {\n  secret\n}", ["2:9 MLP1002"]],
    ["missing expression", "pipeline p {\n  gate g {\n    a <\n  }\n}", ["3:8 MLP1002"]],
    ["approval needs required", "pipeline p {\n  deploy d {\n    approval maybe\n  }\n}", ["3:14 MLP1002"]],
    ["cache on or off", 'pipeline p {\n  step s {\n    cache maybe\n    run "x"\n  }\n}', ["3:11 MLP1002"]],
    ["unknown member", 'pipeline p {\n  step s {\n    comand "x"\n  }\n}', ["3:5 MLP1006"]],
    ["member of another block", 'pipeline p {\n  step s {\n    model x\n    run "x"\n  }\n}', ["3:5 MLP1006"]],
    ["unknown pipeline member", "pipeline p {\n  stage s {\n  }\n}", ["2:3 MLP1006"]],
    ["missing closing brace before next step", 'pipeline p {\n  step a {\n    run "x"\n  step b {\n    run "y"\n  }\n}', ["4:3 MLP1010"]],
    ["missing closing brace at end", "pipeline p {\n  secret s\n", ["2:11 MLP1010"]],
    ["missing closing paren", "pipeline p {\n  step a = f(x: 1\n  secret s\n}", ["2:18 MLP1010"]],
    ["stray closing brace", "pipeline p {\n}\n}", ["3:1 MLP1002"]],
    ["top-level member", 'step a {\n  run "x"\n}', ["1:1 MLP1002"]],
    ["two members on a line", "pipeline p {\n  secret a secret b\n}", ["2:12 MLP1007"]],
    ["reserved word as a name", "pipeline p {\n  secret true\n}", ["2:10 MLP1012"]],
    ["reserved type word as a name", "pipeline p {\n  param Model: int = 1\n}", ["2:9 MLP1012"]],
    ["chained comparison", "pipeline p {\n  gate g {\n    a < b < c\n  }\n}", ["3:11 MLP1011"]],
    ["bad number", "pipeline p {\n  param x: int = 1.\n}", ["2:18 MLP1009"]],
    ["bad character", "pipeline p {\n  secret s @\n}", ["2:12 MLP1001"]],
    ["positional argument", "pipeline p {\n  step a = f(raw)\n}", ["2:17 MLP1002"]],
    ["entry without separator", "pipeline p {\n  target argo { a: 1 b: 2 }\n}", ["2:22 MLP1002"]],
  ];
  it.each(cases)("%s", (_name, source, expected) => {
    expect(codes(parseText(source).diagnostics)).toEqual(expected);
  });

  it("words messages in the house style", () => {
    const messages = (source: string) => parseText(source).diagnostics.map((d) => d.message);
    expect(messages('pipeline train {\n  step a {\n    run "x"\n  step b = f()\n}')).toEqual([
      "expected `}` to close `step a`, found `step`",
    ]);
    expect(messages("pipeline train {\n  secret s\n")).toEqual(["expected `}` to close `pipeline train`, found end of file"]);
    expect(messages('pipeline p {\n  step s {\n    comand "x"\n  }\n}')).toEqual(["unknown member `comand` in `step s`"]);
    expect(parseText('pipeline p {\n  step s {\n    iamge "x"\n  }\n}').diagnostics[0]!.help[0]).toBe("did you mean `image`?");
    expect(messages("pipeline p {\n  param lr float\n}")).toEqual(["expected `:` after `lr`, found `float`"]);
    for (const d of SYNTAX_CODES.flatMap((c) => parseText(c.bad!).diagnostics)) {
      expect(d.message).toMatch(/^[a-z`]/);
      expect(d.message).not.toMatch(/\.$/);
    }
  });

  it("reports five independent errors in one file", () => {
    const source = [
      "pipeline p {",
      "  param lr float = 0.1", // 1: missing `:`
      '  dataset raw: Table = "x.csv"',
      "  step a {",
      '    image "x"',
      "    bogus 12", // 2: unknown member
      '    run "echo ${1x}"', // 3: malformed placeholder
      "  }",
      "  gate g {",
      "    a.x <", // 4: missing operand
      "  }",
      "  step b = f(x: 1, y 2)", // 5: missing `:` in an argument
      "  deploy d {",
      "    model a.m",
      "    to kserve",
      "  }",
      "}",
    ].join("\n");
    const r = parseText(source);
    expect(codes(r.diagnostics)).toEqual(["2:12 MLP1002", "6:5 MLP1006", "7:15 MLP1005", "10:10 MLP1002", "12:22 MLP1002"]);
    // and everything around the errors is still there
    const p = r.file.declarations[0] as A.PipelineDecl;
    expect(p.members.map((m) => m.kind)).toEqual(["Param", "Dataset", "Step", "Gate", "Step", "Deploy"]);
    expect((p.members[2] as A.StepDecl).members!.map((m) => m.kind)).toEqual(["Image", "Run"]);
  });

  it("recovers at declaration boundaries", () => {
    const r = parseText('schema S {\n  a int\n}\npipeline p {\n  secret s\n}\ncomponent c {\n  run "x"\n}\n');
    expect(codes(r.diagnostics)).toEqual(["2:5 MLP1002"]);
    expect(r.file.declarations.map((d) => d.kind)).toEqual(["Schema", "Pipeline", "Component"]);
  });
});
