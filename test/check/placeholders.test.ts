/** `${…}` placeholders in `run`: exact columns, suggestions, `$$`, `${metrics}` both ways. */
import { describe, expect, it } from "vitest";
import { compile, only, summary } from "./helpers.js";

const step = (members: string, pipelineExtra = ""): string => `pipeline p {\n${pipelineExtra}  step s {\n${members}  }\n}\n`;

describe("placeholders", () => {
  it("accepts own inputs, outputs and the built-ins, and `$$` escapes", () => {
    const src = step(`    inputs { n: 3 }\n    outputs { o: File }\n    metrics { m: int }\n    run "x \${n} \${o} \${metrics} \${run_id} \${workdir} $\${HOME} $$PATH $HOME"\n`);
    expect(summary(compile(src).diagnostics)).toEqual([]);
  });

  it("points at the exact column of an unknown placeholder, with a suggestion and the `$$` hint", () => {
    const d = only(step(`    outputs { model: Model }\n    run "train --out \${modle}"\n`));
    expect(summary([d])).toEqual(["MLP2008 main.mlp 4:22+8"]);
    expect(d.message).toBe("unknown placeholder `${modle}` in step `s`");
    expect(d.help).toEqual(["did you mean `model`?", "for a literal `${modle}` (a shell variable), write `$${modle}`"]);
  });

  it("finds placeholders on later lines of a triple-quoted command", () => {
    const d = only(step(`    outputs { out: File }\n    run """\n      echo $\${HOME} \\\n        \${oot} > \${out}\n    """\n`));
    expect(summary([d])).toEqual(["MLP2008 main.mlp 6:9+6"]);
  });

  it("hints at binding a pipeline param as an input", () => {
    const d = only(step(`    run "train --lr \${lr}"\n`, "  param lr: float = 0.1\n"));
    expect(d.help).toContain("`lr` is a pipeline param; bind it as an input: `inputs { lr: lr }`");
  });

  it("reports every unknown placeholder of a command", () => {
    expect(summary(compile(step(`    run "a \${x} b \${y}"\n`)).diagnostics)).toEqual(["MLP2008 main.mlp 3:12+4", "MLP2008 main.mlp 3:19+4"]);
  });

  it("checks component commands against the component's own inputs and outputs", () => {
    const src = `component c {\n  inputs { data: Table }\n  outputs { out: File }\n  run "x \${data} \${ouf}"\n}\npipeline p {\n  dataset d: Table = "d.csv"\n  step s = c(data: d)\n}\n`;
    expect(summary(compile(src).diagnostics)).toEqual(["MLP2008 main.mlp 4:18+6"]);
  });

  it("requires `metrics {}` for `${metrics}`, and `${metrics}` for `metrics {}`", () => {
    expect(summary(compile(step(`    run "x \${metrics}"\n`)).diagnostics)).toEqual(["MLP2009 main.mlp 3:12+10"]);
    expect(summary(compile(step(`    metrics { a: float }\n    run "x"\n`)).diagnostics)).toEqual(["MLP2010 main.mlp 3:5+7"]);
  });

  it("leaves `${…}` outside `run` as text", () => {
    const r = compile(step(`    env { GREETING: "hello \${name}" }\n    run "true"\n`));
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.ir!.pipelines[0]!.steps[0]!.env).toEqual({ GREETING: "hello ${name}" });
  });
});
