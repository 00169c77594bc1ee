/**
 * Control flow through the front end (language brief §9.2, §9.3): what lowering writes for
 * asserts, `after not`, `finally`, string `+` and interpolation, deployed models as inputs,
 * computed deploy options and pull-request triggers.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import type { IrPipeline } from "../../src/ir/ir.js";
import { memoryHost } from "../../src/source/host.js";

/** The pipelines of `files` (entry `main.mlp`), which must compile without diagnostics. */
function pipelines(files: Record<string, string>): IrPipeline[] {
  const r = compileToIr("main.mlp", memoryHost(files));
  // (MLP2016: the older spelling `run:` of `command:`, written on purpose)
  expect(r.diagnostics.filter((d) => d.code !== "MLP2016").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return [...r.ir!.pipelines];
}

const TRAIN = `
pipeline train_p {
  param tag: string = "blue"
  param version: int = 3
  trigger on pull_request("data/**", "src/*.py")
  finally notify {
    inputs { tag: tag, note: "done: \${tag}" }
    run "notify \${status} \${tag} \${note}"
  }
  step train {
    inputs { name: "model-" + tag, label: "v-\${tag}", literal: "$\${HOME}", plain: "no placeholder" }
    outputs { model: Model }
    metrics { f1: float }
    run "train \${name} \${label} \${literal} \${plain} \${model} \${metrics}"
  }
  assert sane {
    train.f1 >= 0
  }
  gate good {
    train.f1 > 0.9
  }
  step explain {
    after not good
    after sane
    inputs { why: "f1 \${train.f1} below 0.9" }
    run "explain \${why}"
  }
  deploy production {
    model train.model
    after good
    to command { run: "ship --version \${version} --f1 \${train.f1}" }
  }
}
`;

describe("control flow in the front end", () => {
  const [p] = pipelines({ "main.mlp": TRAIN });
  const step = (name: string) => p!.steps.find((s) => s.name === name)!;

  it("lowers `assert` as a gate marked `assert`, and `gate` without it", () => {
    expect(p!.gates.map((g) => [g.name, g.assert ?? false])).toEqual([["sane", true], ["good", false]]);
  });

  it("puts `after not` gates in `afterNot` and `needs`, not in `after`", () => {
    const explain = step("explain");
    expect(explain.afterNot).toEqual(["good"]);
    expect(explain.after).toEqual(["sane"]);
    expect(explain.needs).toEqual(["good", "sane", "train"]);
    expect(step("train").afterNot).toBeUndefined();
  });

  it("puts a `finally` step last, needing nothing, with `${status}` as a built-in placeholder", () => {
    const notify = step("notify");
    expect(notify.finally).toBe(true);
    expect(notify.needs).toEqual([]);
    expect(p!.order.at(-1)).toEqual({ kind: "step", name: "notify" });
    expect(p!.steps.at(-1)!.name).toBe("notify");
    expect(notify.run!.parts.filter((x) => x.kind === "builtin")).toEqual([{ kind: "builtin", name: "status" }]);
  });

  it("lowers string `+` and interpolation to expressions, and plain strings to literals", () => {
    const inputs = Object.fromEntries(step("train").inputs.map((i) => [i.name, i.binding]));
    expect(inputs["name"]).toEqual({
      kind: "expr",
      expr: { kind: "binary", type: { kind: "string" }, op: "+", left: { kind: "literal", type: { kind: "string" }, value: "model-" }, right: { kind: "param", type: { kind: "string" }, name: "tag" } },
    });
    expect(inputs["label"]).toEqual({
      kind: "expr",
      expr: { kind: "interpolate", type: { kind: "string" }, parts: [{ kind: "text", text: "v-" }, { kind: "expr", expr: { kind: "param", type: { kind: "string" }, name: "tag" } }] },
    });
    // `$$` is a literal `$`: no placeholder, so a literal
    expect(inputs["literal"]).toEqual({ kind: "literal", value: "${HOME}" });
    expect(inputs["plain"]).toEqual({ kind: "literal", value: "no placeholder" });
  });

  it("an interpolated metric is an edge to its step", () => {
    const why = step("explain").inputs[0]!.binding;
    expect(why.kind).toBe("expr");
    expect(JSON.stringify(why)).toContain('"kind":"metric","type":{"kind":"float"},"step":"train","metric":"f1"');
  });

  it("computes deploy options that interpolate, under the option's current name", () => {
    const d = p!.deploys[0]!;
    expect(d.to).toEqual({ kind: "command", options: { command: "ship --version ${version} --f1 ${train.f1}" } });
    expect(Object.keys(d.optionExprs!)).toEqual(["command"]);
    expect(d.optionExprs!["command"]!.kind).toBe("interpolate");
  });

  it("lowers `trigger on pull_request(…)` with its globs", () => {
    expect(p!.triggers.map((t) => [t.kind, "paths" in t ? t.paths : []])).toEqual([["pull_request", ["data/**", "src/*.py"]]]);
  });

  it("reads a deployed model of this pipeline or another, with or without a fallback, and deployed metrics from another", () => {
    const [, predict] = pipelines({
      "main.mlp": `import "train.mlp"
pipeline own {
  step build {
    outputs { model: Model }
    run "build \${model}"
  }
  deploy staging {
    model build.model
  }
}
pipeline predict_p {
  step fallback_model {
    outputs { model: Model }
    run "fallback \${model}"
  }
  step score {
    inputs {
      shipped: deployed(production, from: train_p).model,
      either: deployed(production, from: train_p).model ?? fallback_model.model,
      champion: deployed(production, from: train_p).f1 ?? 0.0,
    }
    run "score \${shipped} \${either} \${champion}"
  }
}
`,
      "train.mlp": TRAIN,
    });
    const score = predict!.steps.find((s) => s.name === "score")!;
    const b = Object.fromEntries(score.inputs.map((i) => [i.name, [i.type, i.binding]]));
    expect(b["shipped"]).toEqual([{ kind: "Model" }, { kind: "deployed", env: "production", pipeline: "train_p" }]);
    expect(b["either"]).toEqual([{ kind: "Model" }, { kind: "deployed", env: "production", pipeline: "train_p", fallback: { kind: "output", step: "fallback_model", output: "model" } }]);
    expect(score.needs).toEqual(["fallback_model"]);
    expect(JSON.stringify(b["champion"])).toContain('"kind":"deployed","type":{"kind":"float","optional":true},"env":"production","metric":"f1","pipeline":"train_p"');
  });
});
