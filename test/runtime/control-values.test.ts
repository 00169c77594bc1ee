/**
 * The pure parts of control flow: string `+` and `"${…}"` interpolation in the evaluator, a
 * condition shown with the values it read, and a deploy's computed options (shell-quoted in a
 * command). The same cases through the front end live in test/expr/cases.ts.
 */
import { describe, expect, it } from "vitest";
import type { IrDeploy, IrExpr } from "../../src/ir/ir.js";
import { conditionWithValues } from "../../src/runtime/condition-text.js";
import { deployOptions } from "../../src/runtime/deploy-options.js";
import { evalExpr, type ExprEnv } from "../../src/runtime/eval-expr.js";

const str = { kind: "string" } as const;
const text = (t: string): IrExpr => ({ kind: "literal", type: str, value: t });
const param = (name: string, kind: "string" | "float" | "int" | "bool" = "string"): IrExpr => ({ kind: "param", type: { kind }, name });
const metric = (step: string, name: string): IrExpr => ({ kind: "metric", type: { kind: "float" }, step, metric: name });
const interpolate = (...parts: (string | IrExpr)[]): IrExpr => ({
  kind: "interpolate",
  type: str,
  parts: parts.map((p) => (typeof p === "string" ? { kind: "text", text: p } : { kind: "expr", expr: p })),
});
const plus = (left: IrExpr, right: IrExpr): IrExpr => ({ kind: "binary", type: str, op: "+", left, right });

const ENV: ExprEnv = {
  param: (n) => ({ tag: "blue", lr: 0.05, tiny: 1e-7, n: 3, on: true, nasty: "x; touch pwned" })[n],
  metric: (s, m) => (s === "train" && m === "score" ? 0.3 : undefined),
  deployed: (env, m, pipeline) => (env === "production" && m === "score" && pipeline === "other" ? 0.8 : undefined),
};

describe("strings in expressions", () => {
  it("`+` concatenates strings; interpolation joins each part's text form", () => {
    expect(evalExpr(plus(text("model-"), param("tag")), ENV)).toBe("model-blue");
    expect(evalExpr(interpolate("v-", param("tag")), ENV)).toBe("v-blue");
    // Floats as JavaScript prints them, ints in decimal, booleans as words.
    expect(evalExpr(interpolate("lr=", param("lr", "float"), " tiny=", param("tiny", "float"), " n=", param("n", "int"), " on=", param("on", "bool")), ENV)).toBe(
      "lr=0.05 tiny=1e-7 n=3 on=true",
    );
    expect(evalExpr(interpolate("score ", metric("train", "score")), ENV)).toBe("score 0.3");
    const seen = {};
    expect(evalExpr(plus(interpolate("a-", param("tag")), text("-z")), ENV, seen)).toBe("a-blue-z");
    expect(seen).toEqual({ tag: "blue" });
  });

  it("reads `deployed(env, from: pipeline)` from that pipeline's registry", () => {
    const e: IrExpr = { kind: "deployed", type: { kind: "float", optional: true } as IrExpr["type"], env: "production", metric: "score", pipeline: "other" };
    const seen = {};
    expect(evalExpr(e, ENV, seen)).toBe(0.8);
    expect(seen).toEqual({ "deployed(production, from: other).score": 0.8 });
    expect(evalExpr({ ...e, pipeline: undefined } as IrExpr, ENV)).toBeUndefined();
  });
});

describe("a condition with its values", () => {
  it("puts each reference's value in its place, keeping the shape", () => {
    const ge: IrExpr = { kind: "binary", type: { kind: "bool" }, op: ">=", left: metric("train", "score"), right: param("min", "float") };
    expect(conditionWithValues(ge, { "train.score": 0.3, min: 0.5 })).toBe("0.3 >= 0.5");
    const minus: IrExpr = { kind: "binary", type: { kind: "float" }, op: "-", left: param("a", "float"), right: { kind: "binary", type: { kind: "float" }, op: "-", left: param("b", "float"), right: param("c", "float") } };
    expect(conditionWithValues(minus, { a: 1, b: 2, c: 3 })).toBe("1 - (2 - 3)");
    const eq: IrExpr = { kind: "binary", type: { kind: "bool" }, op: "==", left: param("tag"), right: text("red") };
    expect(conditionWithValues(eq, { tag: "blue" })).toBe('"blue" == "red"');
    const absent: IrExpr = { kind: "binary", type: { kind: "float" }, op: "??", left: { kind: "deployed", type: { kind: "float" }, env: "production", metric: "score" }, right: { kind: "literal", type: { kind: "float" }, value: 0 } };
    expect(conditionWithValues(absent, { "deployed(production).score": null })).toBe("absent ?? 0");
  });
});

describe("a deploy's computed options", () => {
  const deploy = (kind: "command" | "kserve", optionExprs: Record<string, IrExpr>): IrDeploy =>
    ({ name: "production", to: { kind, options: { command: "as written", namespace: "ml" } }, optionExprs }) as unknown as IrDeploy;

  it("quotes every interpolated value in a command, one word each, and leaves the text as written", () => {
    const r = deployOptions(deploy("command", { command: interpolate("node ship.mjs ", param("nasty"), " ", metric("train", "score")) }), ENV);
    expect(r).toEqual({ options: { command: "node ship.mjs 'x; touch pwned' 0.3", namespace: "ml" } });
    const joined = deployOptions(deploy("command", { command: plus(text("node ship.mjs "), param("nasty")) }), ENV);
    expect(joined).toEqual({ options: { command: "node ship.mjs 'x; touch pwned'", namespace: "ml" } });
  });

  it("gives other options their plain text, and says which value is missing", () => {
    expect(deployOptions(deploy("kserve", { namespace: interpolate("ml-", param("nasty")) }), ENV)).toEqual({ options: { command: "as written", namespace: "ml-x; touch pwned" } });
    expect(deployOptions(deploy("command", { command: interpolate("x ", metric("eval", "auc")) }), ENV)).toEqual({ error: "`eval.auc` has no recorded value" });
  });
});
