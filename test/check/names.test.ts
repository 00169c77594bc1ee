/** Name resolution: suggestions, duplicates, kinds, `step.x`, `std.*` per-column metrics. */
import { describe, expect, it } from "vitest";
import { compile, only, summary } from "./helpers.js";

const pipeline = (body: string, top = ""): string => `${top}pipeline p {\n${body}}\n`;
const RUN = (name: string, extra = ""): string => `  step ${name} {\n${extra}    run "true"\n  }\n`;

describe("names", () => {
  it("suggests the closest name for an unknown reference", () => {
    const d = only(pipeline(`  param learning_rate: float = 0.1\n  step s {\n    inputs { lr: learnig_rate }\n    run "x \${lr}"\n  }\n`));
    expect(summary([d])).toEqual(["MLP2004 main.mlp 4:18+12"]);
    expect(d.message).toBe("unknown name `learnig_rate` in pipeline `p`");
    expect(d.help).toEqual(["did you mean `learning_rate`?"]);
  });

  it("offers no suggestion when nothing is close", () => {
    const d = only(pipeline(`  param alpha: float = 0.1\n  step s {\n    inputs { lr: zzz }\n    run "x \${lr}"\n  }\n`));
    expect(d.code).toBe("MLP2004");
    expect(d.help).toEqual([]);
  });

  it("labels both declarations of a duplicate member, even of different kinds", () => {
    const d = only(pipeline(`  dataset raw: File = "a.txt"\n${RUN("raw")}`));
    expect(summary([d])).toEqual(["MLP2003 main.mlp 3:8+3"]);
    expect(d.label).toBe("step `raw` declared here");
    expect(d.labels.map((l) => [l.span.start.line, l.span.start.column, l.message])).toEqual([[2, 11, "dataset `raw` first declared here"]]);
  });

  it("puts deploys (by environment) in the same namespace as steps", () => {
    const d = only(pipeline(`  step production {\n    outputs { model: Model }\n    run "x \${model}"\n  }\n  deploy production {\n    model production.model\n  }\n`));
    expect(summary([d])).toEqual(["MLP2003 main.mlp 6:10+10"]);
  });

  it("requires `after` to name a step, gate or deploy", () => {
    const d = only(pipeline(`  param n: int = 1\n${RUN("s", "    after n\n")}`));
    expect(summary([d])).toEqual(["MLP3006 main.mlp 4:11+1"]);
    expect(d.message).toBe("`n` is a param, but `after` takes a step, a gate, a deploy or a sweep");
  });

  it("requires secrets used by a step to be declared", () => {
    const d = only(pipeline(`  secret api_token\n${RUN("s", "    secrets [api_tokn]\n")}`));
    expect(summary([d])).toEqual(["MLP2004 main.mlp 4:14+8"]);
    expect(d.help).toEqual(["did you mean `api_token`?", "declare it in the pipeline: `secret api_tokn`"]);
  });

  it("checks a deploy's `secrets` as a step's: declared secrets, none twice, once per deploy", () => {
    const deploy = (list: string) =>
      `pipeline p {\n  secret tok\n  param n: int = 1\n  step t {\n    outputs { model: Model }\n    run "echo > \${model}"\n  }\n  deploy prod {\n    model t.model\n    secrets [${list}]\n    to command "ship"\n  }\n}\n`;
    expect(summary(compile(deploy("tok")).diagnostics)).toEqual([]);
    expect(summary(compile(deploy("tokk")).diagnostics)).toEqual(["MLP2004 main.mlp 10:14+4"]);
    expect(summary(compile(deploy("n")).diagnostics)).toEqual(["MLP3006 main.mlp 10:14+1"]);
    expect(summary(compile(deploy("tok, tok")).diagnostics)).toEqual(["MLP2011 main.mlp 10:19+3"]);
    const twice = deploy("tok").replace("    to command", "    secrets [tok]\n    to command");
    expect(summary(compile(twice).diagnostics)).toEqual(["MLP2011 main.mlp 11:5+7"]);
    const ir = compile(deploy("tok")).ir!;
    expect(ir.pipelines[0]!.deploys[0]!.secrets).toEqual(["tok"]);
    expect("secrets" in compile(deploy("tok").replace("    secrets [tok]\n", "")).ir!.pipelines[0]!.deploys[0]!).toBe(false);
  });

  it("reports a secret a step lists twice (MLP2011)", () => {
    expect(summary(compile(pipeline(`  secret tok\n${RUN("s", "    secrets [tok, tok]\n")}`)).diagnostics)).toEqual(["MLP2011 main.mlp 4:19+3"]);
  });

  it("checks a component's `secrets` against each calling pipeline", () => {
    const comp = `component c {\n  secrets [token]\n  run "true"\n}\n`;
    expect(summary(compile(`${comp}pipeline p {\n  secret token\n  step s = c()\n}\n`).diagnostics)).toEqual([]);
    expect(summary(compile(`${comp}pipeline p {\n  step s = c()\n}\n`).diagnostics)).toEqual(["MLP2004 main.mlp 2:12+5"]);
  });

  it("requires `trigger on change(..)` to name a dataset", () => {
    expect(summary(compile(pipeline(`  trigger on change(rwa)\n  dataset raw: File = "a"\n${RUN("s")}`)).diagnostics)).toEqual([
      "MLP2004 main.mlp 2:21+3",
    ]);
  });

  it("resolves `step.x` to outputs and metrics, and reports unknown members with the step's names", () => {
    const d = only(pipeline(`  step t {\n    outputs { model: Model }\n    metrics { loss: float }\n    run "x \${model} \${metrics}"\n  }\n  gate g {\n    t.los < 1\n  }\n`));
    expect(summary([d])).toEqual(["MLP2007 main.mlp 8:7+3"]);
    expect(d.help).toEqual(["did you mean `loss`?"]);
    expect(d.notes).toEqual(["step `t` has `model`, `loss`"]);
  });

  it("reports `dataset.x` as a wrong kind, not an unknown member", () => {
    const d = only(pipeline(`  dataset raw: File = "a"\n  gate g {\n    raw.rows > 1\n  }\n`));
    expect(d.code).toBe("MLP3006");
    expect(d.message).toBe("`raw` is a dataset; only steps have outputs and metrics");
  });

  it("offers per-column std metrics when the table's schema is known", () => {
    const top = `schema S {\n  age: int\n  name: string\n}\n`;
    const body = `  dataset a: Table<S> = "a.csv"\n  dataset b: Table<S> = "b.csv"\n  step d = std.drift(current: a, reference: b)\n  gate g {\n    d.psi_age < 0.2\n    d.ks_age < 0.5\n    d.psi_name < 0.2\n  }\n`;
    expect(summary(compile(pipeline(body, top)).diagnostics)).toEqual([]);
    // `ks_` is for numeric columns only
    const d = only(pipeline(body.replace("d.psi_name", "d.ks_name"), top));
    expect(d.code).toBe("MLP2007");
  });

  it("explains that per-column metrics need a schema", () => {
    const d = only(pipeline(`  dataset a: Table = "a.csv"\n  step p = std.profile(data: a)\n  gate g {\n    p.null_fraction_age < 0.1\n  }\n`));
    expect(d.code).toBe("MLP2007");
    expect(d.notes[0]).toContain("only known when its table input has a declared schema");
  });

  it("reports an unknown built-in with the list of built-ins", () => {
    const d = only(pipeline(`  dataset a: Table = "a.csv"\n  step p = std.drfit(current: a, reference: a)\n`));
    expect(summary([d])).toEqual(["MLP2006 main.mlp 3:16+5"]);
    expect(d.help).toEqual(["did you mean `std.drift`?"]);
  });

  it("does not cascade from an unknown component to its step's members", () => {
    const r = compile(pipeline(`  step t = nothere()\n  gate g {\n    t.accuracy > 0.5\n  }\n`));
    expect(summary(r.diagnostics)).toEqual(["MLP2006 main.mlp 2:12+7"]);
  });

  it("checks `deployed(ENV).metric`: the environment and the metric", () => {
    const base = (cond: string): string =>
      pipeline(`  step t {\n    outputs { m: Model }\n    metrics { auc: float }\n    run "x \${m} \${metrics}"\n  }\n  gate g {\n    ${cond}\n  }\n  deploy prod {\n    model t.m\n    after g\n  }\n`);
    expect(summary(compile(base("t.auc >= (deployed(prod).auc ?? 0)")).diagnostics)).toEqual([]);
    expect(summary(compile(base("t.auc >= (deployed(prd).auc ?? 0)")).diagnostics)).toEqual(["MLP2004 main.mlp 8:24+3"]);
    expect(summary(compile(base("t.auc >= (deployed(prod).acu ?? 0)")).diagnostics)).toEqual(["MLP2007 main.mlp 8:30+3"]);
    expect(summary(compile(base("t.auc >= (deployed(t).auc ?? 0)")).diagnostics)).toEqual(["MLP3006 main.mlp 8:24+1"]);
  });

  it("reports an unknown type with a suggestion, and a schema used without Table<>", () => {
    expect(only(pipeline(`  param n: flaot = 1.0\n${RUN("s")}`)).help).toEqual(["did you mean `float`?"]);
    const d = only(pipeline(`  dataset raw: S = "a"\n${RUN("s")}`, `schema S {\n  a: int\n}\n`));
    expect(d.code).toBe("MLP3007");
    expect(d.help).toEqual(["a table with this schema is written `Table<S>`"]);
  });

  it("reports duplicate outputs/metrics as one namespace", () => {
    const d = only(pipeline(`  step s {\n    outputs { x: File }\n    metrics { x: float }\n    run "a \${x} \${metrics}"\n  }\n`));
    expect(summary([d])).toEqual(["MLP2011 main.mlp 4:15+1"]);
  });
});

describe("no cascades from duplicates", () => {
  it("reports a duplicated step once, not the references to the second one's outputs", () => {
    const src =
      `pipeline p {\n  step train {\n    run "true"\n  }\n  step train {\n    outputs { model: Model }\n    run "x \${model}"\n  }\n` +
      `  deploy prod {\n    model train.model\n  }\n}\n`;
    expect(summary(compile(src).diagnostics)).toEqual(["MLP2003 main.mlp 5:8+5"]);
  });
});
