/** The bounded edit distance behind every "did you mean": exact within the limit, linear in length. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { editDistance, isSuggestible, MAX_SUGGESTED_NAME_LENGTH } from "../../src/source/edit-distance.js";
import { closest } from "../../src/syntax/errors.js";
import { suggestName } from "../../src/target/suggest-name.js";
import { growth } from "../helpers/timing.js";

/** The textbook full-matrix distance, as the reference. */
function reference(a: string, b: string, swaps: boolean): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe("bounded edit distance", () => {
  it("equals the full-matrix distance, capped at limit + 1", () => {
    const text = fc.string({ maxLength: 14, unit: fc.constantFrom("a", "b", "c", "d") });
    fc.assert(
      fc.property(text, text, fc.nat(8), fc.boolean(), (a, b, limit, swaps) => {
        expect(editDistance(a, b, limit, { swaps })).toBe(Math.min(reference(a, b, swaps), limit + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("counts an adjacent swap once only when asked", () => {
    expect(editDistance("flaot", "float", 3, { swaps: true })).toBe(1);
    expect(editDistance("flaot", "float", 3)).toBe(2);
  });

  it("grows linearly with the names' length for a fixed limit (the old one was quadratic)", () => {
    // Two near-identical names: the row minimum never exceeds the limit, so nothing stops early.
    const names = (n: number): [string, string] => ["a".repeat(n), "a".repeat(n - 1) + "b"];
    const ratio = growth((n) => {
      const [a, b] = names(n);
      expect(editDistance(a, b, 4, { swaps: true })).toBe(1);
    }, 100_000, 400_000);
    // 4x the length: linear work gives ~4x, quadratic 16x.
    expect(ratio).toBeLessThan(10);
  });

  it("offers suggestions only for names of a plausible length", () => {
    expect(isSuggestible("x".repeat(MAX_SUGGESTED_NAME_LENGTH))).toBe(true);
    expect(isSuggestible("x".repeat(MAX_SUGGESTED_NAME_LENGTH + 1))).toBe(false);
    expect(isSuggestible("")).toBe(false);
  });
});

describe("every suggester is bounded the same way", () => {
  const long = "x".repeat(80_000);
  it("the parser's keyword suggestion", () => {
    expect(closest("pipelin", ["pipeline", "schema"])).toBe("pipeline");
    expect(closest(long, [long.slice(1)])).toBeUndefined();
  });
  it("the targets' name suggestion", () => {
    expect(suggestName("argoo", ["argo", "github"])).toBe("argo");
    expect(suggestName(long, [long.slice(1)])).toBeUndefined();
  });
});
