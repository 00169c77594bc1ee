/**
 * Property tests: `parse` never throws, never reports an internal error, keeps every span inside
 * the text, and finishes quickly, on arbitrary text, on token soup and on mutated valid programs.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "../../src/syntax/parse.js";
import { arbitraryText, kitchenSink, kitchenSinkPieces, mutatedKitchenSink, mutatedSweep, piecesOf, sweepFixture, tokenSoup } from "./generators.js";

/** Generous per-file bound for a noisy, shared machine; typical runs take a few milliseconds. */
const MAX_MS = 2_000;

function checkParse(text: string): void {
  const started = performance.now();
  const r = parse(text, "prop.mlp");
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(MAX_MS);
  expect(r.file.kind).toBe("File");
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^MLP1\d{3}$/);
    expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.end.offset).toBeGreaterThanOrEqual(d.span.start.offset);
    expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
  // JSON-serialisable AST (no cycles, no parser objects leaking through)
  expect(() => JSON.stringify(r.file)).not.toThrow();
}

describe("parse never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(arbitraryText, checkParse), { numRuns: 300 });
  });

  it("on token soup", () => {
    fc.assert(fc.property(tokenSoup, checkParse), { numRuns: 400 });
  });

  it("on mutated valid programs (deleted, duplicated and swapped tokens of the kitchen sink)", () => {
    expect(kitchenSinkPieces.join("")).toBe(kitchenSink);
    fc.assert(fc.property(mutatedKitchenSink, checkParse), { numRuns: 300 });
  });

  it("on mutated sweeps (deleted, duplicated and swapped tokens of the sweep fixture)", () => {
    expect(piecesOf(sweepFixture).join("")).toBe(sweepFixture);
    expect(parse(sweepFixture, "tune.mlp").diagnostics).toEqual([]);
    fc.assert(fc.property(mutatedSweep, checkParse), { numRuns: 300 });
  });

  it("parses the unmutated kitchen sink clean (the mutation baseline)", () => {
    expect(parse(kitchenSink, "k.mlp").diagnostics).toEqual([]);
  });
});
