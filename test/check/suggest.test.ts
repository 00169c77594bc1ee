/** Edit distance and "did you mean" suggestions. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { didYouMean, editDistance } from "../../src/check/suggest.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { parse } from "../../src/syntax/parse.js";
import { medianMs } from "../helpers/timing.js";
import { only } from "./helpers.js";

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

describe("suggestions for very long names (issue #13: 80,000 characters took 75-114 s)", () => {
  /** A step named with `n` characters, referenced by a name one letter off. */
  function source(n: number): string {
    const declared = "a".repeat(n);
    const used = "a".repeat(n - 1) + "b";
    return [
      "schema Row { id: string }",
      "pipeline p {",
      '  dataset raw: Table<Row> = "data/raw.csv"',
      `  step ${declared} {`,
      "    inputs { data: raw }",
      "    outputs { out: Table<Row> }",
      '    image "python:3.12-slim"',
      '    run "true ${data} ${out}"',
      "  }",
      "  step t {",
      `    inputs { data: ${used}.out }`,
      "    outputs { out: Table<Row> }",
      '    image "python:3.12-slim"',
      '    run "true ${data} ${out}"',
      "  }",
      "}",
    ].join("\n");
  }

  it("still suggests for a name of 64 characters", () => {
    expect(only(source(64)).help).toEqual([`did you mean \`${"a".repeat(64)}\`?`]);
  });

  it("gives no suggestion, in time linear in the file, for a name of 80,000 characters", () => {
    const text = source(80_000);
    const parseMs = medianMs(() => parse(text, "main.mlp"), 1);
    let d: Diagnostic | undefined;
    const checkMs = medianMs(() => (d = only(text)), 1);
    expect(d!.code).toBe("MLP2004");
    expect(d!.help).toEqual([]);
    // Checking adds little to parsing; the old quadratic comparison alone took over a minute.
    expect(checkMs).toBeLessThan(10 * parseMs + 1_000);
  });
});
