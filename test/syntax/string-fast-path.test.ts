/**
 * `decodeString` takes a short cut for `"…"` strings without escapes (their value is their
 * content; placeholders are found by slicing between `$` signs). It must give exactly what the
 * character-by-character decoder (`decodeStringSlowly`) gives: value, parts with their offsets,
 * and problems.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IToken } from "chevrotain";
import { decodeString, decodeStringSlowly } from "../../src/syntax/strings.js";
import { lowerDecodedString, lowerString } from "../../src/syntax/literals.js";
import { BuildContext } from "../../src/syntax/build-context.js";
import { SpanMaker } from "../../src/syntax/positions.js";
import * as T from "../../src/syntax/tokens.js";

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

/** `lowerString` of a `"…"` token at `offset`, against the node built from the slow decoder. */
function sameNode(content: string, offset: number): void {
  const text = " ".repeat(offset) + '"' + content + '"';
  const token: IToken = { image: text.slice(offset), startOffset: offset, tokenTypeIdx: T.PlainString.tokenTypeIdx!, tokenType: T.PlainString } as IToken;
  const fast = new BuildContext(new SpanMaker("x.mlp", text));
  const slow = new BuildContext(new SpanMaker("x.mlp", text));
  const node = lowerString(token, fast);
  const oracle = lowerDecodedString(token, decodeStringSlowly(token.image, offset, false, true), slow);
  expect(JSON.stringify(node)).toBe(JSON.stringify(oracle));
  expect(JSON.stringify(fast.diagnostics)).toBe(JSON.stringify(slow.diagnostics));
}

describe("the syntax tree's short cut for strings without escapes (lowerString)", () => {
  it("builds the node and diagnostics the slow decoder gives", () => {
    for (const content of ["", "plain", "run ${a} --out ${b.c} $$HOME $5 ${", "${a}${b}", "$", "a$$", "${a.b.c.d}", "x ${ y} z", "${}", "a\\nb ${c}"]) {
      sameNode(content, 0);
      sameNode(content, 5);
    }
  });

  it("builds generated strings' nodes as the slow decoder does", () => {
    fc.assert(fc.property(contents, fc.nat(200), (content, offset) => sameNode(content, offset)), { numRuns: 1000 });
  });
});
