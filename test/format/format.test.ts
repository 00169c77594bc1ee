/**
 * `mlp fmt`: goldens for messy input, idempotence and meaning preservation (as fast-check
 * properties over generated programs and over the examples), and comments never dropped.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/format.js";
import { parse } from "../../src/syntax/parse.js";
import { expectGolden } from "../helpers/golden.js";
import { arbitraryProgram } from "./arbitrary-program.js";
import { mlpFiles } from "../helpers/mlp-files.js";

function format(text: string, path = "main.mlp"): string {
  const r = formatSource(text, path);
  if (!r.ok) throw new Error(`cannot format ${path}: ${r.reason}`);
  return r.text;
}

const corpus = [...mlpFiles("examples"), "test/fixtures/kitchen-sink.mlp", "test/fixtures/sweep/tune.mlp"];

describe("mlp fmt", () => {
  it("formats a messy file canonically (golden)", () => {
    const messy = readFileSync("test/format/cases/messy.mlp", "utf8");
    expectGolden("test/golden/format/messy.mlp", format(messy));
  });

  it.each(corpus)("is idempotent on %s", (path) => {
    const once = format(readFileSync(path, "utf8"), path);
    expect(format(once, path)).toBe(once);
  });

  it.each(mlpFiles("examples"))("finds %s already formatted", (path) => {
    const text = readFileSync(path, "utf8");
    expect(format(text, path)).toBe(text);
  });

  it.each(corpus)("keeps every comment of %s", (path) => {
    const text = readFileSync(path, "utf8");
    const before = parse(text, path).file.comments.map((c) => c.text.trim());
    const after = parse(format(text, path), path).file.comments.map((c) => c.text.trim());
    expect(after.sort()).toEqual(before.sort());
  });

  it("is idempotent on generated programs (property)", () => {
    fc.assert(
      fc.property(arbitraryProgram, (source) => {
        const once = format(source);
        expect(format(once)).toBe(once);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses, rather than drops, a comment it cannot place", () => {
    const source = `pipeline p {\n  gate g {\n    (1 <  # inside an expression\n      2)\n  }\n}\n`;
    const parsed = parse(source, "main.mlp");
    if (parsed.diagnostics.length > 0) return expect(formatSource(source, "main.mlp").ok).toBe(false);
    const r = formatSource(source, "main.mlp");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/comment/);
  });

  it("refuses a file with syntax errors and reports them", () => {
    const r = formatSource("pipeline p {\n  step {\n}\n", "main.mlp");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

describe("deploy secrets", () => {
  it("prints `secrets [..]` of a deploy in its canonical place, before `to`", () => {
    const messy = 'pipeline p {\n  secret a\n  secret b\n  deploy prod {\n    to command "ship"\n    secrets [a,b  ]\n    model t.model\n  }\n}\n';
    expect(format(messy)).toBe('pipeline p {\n  secret a\n  secret b\n  deploy prod {\n    model t.model\n    secrets [a, b]\n    to command "ship"\n  }\n}\n');
  });
});
