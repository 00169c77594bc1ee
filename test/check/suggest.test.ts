/** Edit distance and "did you mean" suggestions. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { didYouMean, editDistance } from "../../src/check/suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["a", "", 1],
    ["kitten", "sitting", 3],
    ["flaot", "float", 1],
    ["drfit", "drift", 1],
    ["abc", "abc", 0],
  ])("%s / %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("is bounded by the limit", () => {
    expect(editDistance("aaaaaa", "bbbbbb", 2)).toBe(3);
  });

  it("is symmetric and zero only on equal strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe("didYouMean", () => {
  it("picks the closest plausible candidate", () => {
    expect(didYouMean("acuracy", ["accuracy", "auc"])).toBe("accuracy");
    expect(didYouMean("Model", ["model", "modal"])).toBe("model");
    expect(didYouMean("x", ["y"])).toBe("y");
    expect(didYouMean("zzzzzz", ["accuracy"])).toBeUndefined();
    expect(didYouMean("same", ["same"])).toBeUndefined();
  });

  it("breaks ties by name, so the result does not depend on candidate order", () => {
    expect(didYouMean("ab", ["ac", "aa"])).toBe("aa");
    expect(didYouMean("ab", ["aa", "ac"])).toBe("aa");
  });
});
