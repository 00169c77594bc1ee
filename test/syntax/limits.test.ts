/**
 * Pathological input: nesting far beyond any real file must yield MLP1008 (never a stack
 * overflow), and a 3 MB file of 10,000 steps must parse quickly and completely.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { MAX_NESTING } from "../../src/syntax/lexer.js";
import type * as A from "../../src/syntax/ast.js";
import { codes } from "./helpers.js";

describe("nesting guard", () => {
  it.each([
    ["parentheses", "(".repeat(10_000)],
    ["braces", "{".repeat(10_000)],
    ["brackets in a gate", "pipeline p {\n  gate g {\n    " + "[".repeat(10_000) + "\n  }\n}"],
    ["balanced parentheses", "pipeline p {\n  param x: int = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n}"],
    ["prefix minus", "pipeline p {\n  param x: int = " + "- ".repeat(10_000) + "1\n}"],
    ["prefix not", "pipeline p {\n  gate g {\n    " + "not ".repeat(10_000) + "a\n  }\n}"],
  ])("reports MLP1008 for 10,000 levels of %s", (_name, text) => {
    const r = parse(text, "deep.mlp");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP1008"]);
    expect(r.diagnostics[0]!.message).toBe(`nesting is too deep: more than ${MAX_NESTING} levels`);
  });

  it("accepts nesting up to the limit", () => {
    const depth = MAX_NESTING - 1; // the pipeline's `{` is one level
    const r = parse("pipeline p {\n  param x: int = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\n}", "ok.mlp");
    expect(codes(r.diagnostics)).toEqual([]);
    let e = ((r.file.declarations[0] as A.PipelineDecl).members[0] as A.ParamDecl).default!;
    let levels = 0;
    while (e.kind === "Paren") {
      e = e.expr;
      levels++;
    }
    expect(levels).toBe(depth);
    expect(codes(parse("pipeline p {\n  param x: int = " + "(".repeat(depth + 1) + "1" + ")".repeat(depth + 1) + "\n}", "x.mlp").diagnostics)).toEqual([
      `2:${18 + depth} MLP1008`,
    ]);
  });
});

/** A file of `steps` realistic steps (about 300 bytes each). */
export function generateSteps(steps: number): string {
  const parts = ["pipeline big {\n  param lr: float = 0.1\n  dataset raw: Table = \"data/raw.csv\"\n"];
  for (let i = 0; i < steps; i++) {
    const input = i === 0 ? "raw" : `s${i - 1}.out`;
    parts.push(
      `  step s${i} {\n` +
        `    inputs { data: ${input}, lr: lr * 2 }\n` +
        `    outputs { out: Table, model: Model }\n` +
        `    metrics { accuracy: float }\n` +
        `    image "python:3.12-slim"\n` +
        `    code "steps/step_${i}.py"\n` +
        `    timeout 2h\n` +
        `    retry 1\n` +
        `    cache on\n` +
        `    run "python steps/train.py --data \${data} --out \${out} --model \${model}"\n` +
        `  }\n`,
    );
  }
  parts.push("}\n");
  return parts.join("");
}

describe("large files", () => {
  it("parses a 3 MB file of 10,000 steps completely", () => {
    // Speed is measured by bench/compile (docs/benchmarks.md), not asserted here.
    const text = generateSteps(10_000);
    expect(text.length).toBeGreaterThan(3_000_000);
    const r = parse(text, "big.mlp");
    expect(r.diagnostics).toEqual([]);
    const p = r.file.declarations[0] as A.PipelineDecl;
    expect(p.members.length).toBe(10_002);
    expect((p.members[10_001] as A.StepDecl).name.name).toBe("s9999");
  });
});
