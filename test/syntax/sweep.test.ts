/** The grammar of sweeps: `sweep`, `over`, `best`, `collect(…)`, `list<…>` types, and recovery inside a sweep block. */
import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { codes, expr, parseText, pipelineMembers, sexpr } from "./helpers.js";

describe("sweeps", () => {
  it("parses a sweep block into its dimensions, steps, gates and `best`", () => {
    const [sweep] = pipelineMembers(
      "  sweep tune {\n    over lr: [0.01, 0.1]\n    over depth: depths\n    step train {\n      run \"x\"\n    }\n    gate ok {\n      train.f1 > 0\n    }\n    best max train.f1\n  }",
    ) as [A.SweepDecl];
    expect(sweep.kind).toBe("Sweep");
    expect(sweep.name.name).toBe("tune");
    expect(sweep.members.map((m) => m.kind)).toEqual(["Over", "Over", "Step", "Gate", "Best"]);
    const [lr, depth] = sweep.members as [A.OverDecl, A.OverDecl];
    expect([lr.name.name, sexpr(lr.values), depth.name.name, sexpr(depth.values)]).toEqual(["lr", "[0.01 0.1]", "depth", "depths"]);
    const best = sweep.members[4] as A.BestDecl;
    expect([best.direction.name, sexpr(best.metric)]).toEqual(["max", "train.f1"]);
  });

  it("parses `collect(…)` as an expression, and keeps `collect` usable as a name", () => {
    expect(sexpr(expr("collect(tune.evaluate.report)"))).toBe("(collect tune.evaluate.report)");
    expect(sexpr(expr("collect.x + 1"))).toBe("(+ collect.x 1)");
    const [step] = pipelineMembers("  step s = collect(data: x)") as [A.StepDecl];
    expect(step.call?.callee.path.map((p) => p.name)).toEqual(["collect"]);
  });

  it("counts `collect(…)` as a level of nesting (MLP3013 past 200)", () => {
    // a left-leaning chain of 200 operands is 200 levels deep: the limit
    const chain = Array.from({ length: 200 }, () => "x").join(" + ");
    expect(codes(parseText(`pipeline p {\n  param x: int = ${chain}\n}\n`).diagnostics)).toEqual([]);
    expect(codes(parseText(`pipeline p {\n  param x: int = collect(${chain})\n}\n`).diagnostics)).toEqual(["2:18 MLP3013"]);
  });

  it("parses `list<int>` as a param type", () => {
    const [param] = pipelineMembers("  param depths: list<int> = [2, 4]") as [A.ParamDecl];
    expect([param.type.name.name, param.type.args.map((a) => a.name.name), sexpr(param.default!)]).toEqual(["list", ["int"], "[2 4]"]);
  });

  it("`sweep`, `over` and `best` stay usable as names outside their blocks", () => {
    const [step] = pipelineMembers("  step over {\n    inputs { best: sweep.best }\n    run \"x ${best}\"\n  }") as [A.StepDecl];
    expect(step.name.name).toBe("over");
  });

  it("reports an unknown member of a sweep with the members a sweep takes, and recovers", () => {
    const r = parseText("pipeline p {\n  sweep tune {\n    each lr: [1, 2]\n    over lr: [1, 2]\n  }\n}\n");
    expect(codes(r.diagnostics)).toEqual(["3:5 MLP1006"]);
    expect(r.diagnostics[0]!.message).toBe("unknown member `each` in `sweep tune`");
    expect(r.diagnostics[0]!.help.at(-1)).toBe("members of `sweep tune`: `over`, `step`, `gate`, `assert`, `finally`, `best`, `sweep`");
    const sweep = (r.file.declarations[0] as A.PipelineDecl).members[0] as A.SweepDecl;
    expect(sweep.members.map((m) => m.kind)).toEqual(["Over"]);
  });

  it("a pipeline member inside a sweep ends the block at the missing `}`", () => {
    const r = parseText("pipeline p {\n  sweep tune {\n    over lr: [1, 2]\n  deploy prod {\n    model t.m\n  }\n}\n");
    expect(codes(r.diagnostics)).toEqual(["4:3 MLP1010"]);
    expect(r.diagnostics[0]!.message).toBe("expected `}` to close `sweep tune`, found `deploy`");
  });
});
