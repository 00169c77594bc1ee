/**
 * One depth guard, applied while the tree is built, protects every walker after the parser:
 * check, lint, fmt, lowering and the targets. A gate of 10,000 `+` (or `??`, `and`, `or`) gave
 * MLP3013 in `check` but overflowed the stack of `lint` and `fmt` (MLP9001, issue #13).
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { MAX_EXPR_DEPTH } from "../../src/syntax/expr-depth.js";
import { internalErrors, runFrontEnd } from "../helpers/front-end.js";

const gate = (condition: string): string =>
  `component c {\n  image "alpine"\n  metrics { m: float, ok: bool }\n  run "echo \${metrics}"\n}\n\n` +
  `pipeline p {\n  step s = c()\n  gate g {\n    ${condition}\n  }\n  step t {\n    after g\n    run "true"\n  }\n}\n`;

/** A condition of `n` binary operators `op`, as deep as it is long. */
function chain(op: string, n: number): string {
  const operand = op === "and" || op === "or" ? "s.ok" : op === "??" ? "s.m" : "s.m";
  const tail = op === "and" || op === "or" ? "" : " > 1";
  return operand + ` ${op} ${operand}`.repeat(n) + tail;
}

describe("the expression depth guard", () => {
  it.each(["+", "*", "??", "and", "or"])("10,000 `%s`: MLP3013 on the condition from every command, never MLP9001", (op) => {
    const run = runFrontEnd(gate(chain(op, 10_000)));
    expect(internalErrors(run)).toEqual([]);
    const depthErrors = run.diagnostics["load"]!.filter((d) => d.code === "MLP3013");
    expect(depthErrors.map((d) => [d.span.start.line, d.span.start.column])).toEqual([[10, 5]]);
    expect(run.format.ok).toBe(false);
    expect(!run.format.ok && run.format.diagnostics.map((d) => d.code)).toContain("MLP3013");
    expect(run.diagnostics["compile"]!.map((d) => d.code)).toEqual(["MLP3013"]);
  });

  it("counts parentheses and prefix operators between operator chains", () => {
    // 60 parenthesised levels of 3 `+` each: no single chain is long, the whole tree is
    let nested = "s.m";
    for (let i = 0; i < 60; i++) nested = `(${nested} + 1 + 1 + 1) + - 1`;
    nested += " > 1";
    const r = parse(gate(nested), "main.mlp");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP3013"]);
    expect(r.diagnostics[0]!.message).toMatch(new RegExp(`^expression nests \\d+ levels deep; the limit is ${MAX_EXPR_DEPTH}$`));
  });

  it(`accepts a tree of exactly ${MAX_EXPR_DEPTH} levels, which every command and target handles`, () => {
    // `s.m + 1 … + 1 > 1`: the comparison is the root, the sum below it `n + 1` levels deep
    const atLimit = chain("+", MAX_EXPR_DEPTH - 2);
    const run = runFrontEnd(gate(atLimit));
    expect(internalErrors(run)).toEqual([]);
    expect(Object.values(run.diagnostics).flat().filter((d) => d.severity === "error")).toEqual([]);
    expect(run.format.ok).toBe(true);
    expect(run.ir).toBeDefined();
    expect(parse(gate(chain("+", MAX_EXPR_DEPTH - 1)), "main.mlp").diagnostics.map((d) => d.code)).toEqual(["MLP3013"]);
  });

  it("type arguments nest at most as deep as brackets (MLP1008), not until the stack overflows", () => {
    const deepType = gate("s.ok").replace("step s = c()", `dataset d: ${"Table<".repeat(10_000)}File${">".repeat(10_000)} = "d.csv"\n  step s = c()`);
    expect(parse(deepType, "main.mlp").diagnostics.map((d) => d.code)).toEqual(["MLP1008"]);
    expect(internalErrors(runFrontEnd(deepType))).toEqual([]);
  });
});
