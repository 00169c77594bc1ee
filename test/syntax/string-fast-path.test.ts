/**
 * `decodeString` takes a short cut for `"…"` strings without escapes (their value is their
 * content; placeholders are found by slicing between `$` signs). It must give exactly what the
 * character-by-character decoder (`decodeStringSlowly`) gives: value, parts with their offsets,
 * and problems.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeString, decodeStringSlowly } from "../../src/syntax/strings.js";

const PIECES = ["$", "$$", "{", "}", "a", "b_1", ".", " ", "-", "${a}", "${a.b}", "${a.b.c}", "${a.b.c.d}", "${}", "${ x}", "${1a}", "$${a}", "\\n", "é"];

const contents = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((ps) => ps.join(""));

function same(content: string, offset: number, terminated: boolean): void {
  const image = '"' + content + (terminated ? '"' : "");
  expect(decodeString(image, offset, false, terminated)).toEqual(decodeStringSlowly(image, offset, false, terminated));
}

describe("the short cut for strings without escapes", () => {
  it("decodes as the slow decoder does", () => {
    for (const content of ["", "plain", "run ${a} --out ${b.c} $$HOME $5 ${", "${a}${b}", "$", "a$", "${a.b.c.d}", "x ${ y} z", "${}"]) {
      same(content, 0, true);
      same(content, 7, false);
    }
  });

  it("decodes generated strings as the slow decoder does", () => {
    fc.assert(
      fc.property(contents, fc.nat(1000), fc.boolean(), (content, offset, terminated) => same(content, offset, terminated)),
      { numRuns: 2000 },
    );
  });
});
