/**
 * String literals of many megabytes lex in linear time and constant stack: the old regular
 * expression for `"…"` overflowed V8's stack on a 9 MB literal (MLP9001, issue #13).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lex } from "../../src/syntax/lexer.js";
import { parse } from "../../src/syntax/parse.js";
import { matchPlainString, matchUnterminatedString } from "../../src/syntax/string-scan.js";
import type { StringLiteral } from "../../src/syntax/ast.js";

const withImage = (literal: string): string => `component c {\n  image ${literal}\n  run "true"\n}\n`;

function imageValue(source: string): StringLiteral | undefined {
  const parsed = parse(source, "big.mlp");
  expect(parsed.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const component = parsed.file.declarations[0]!;
  if (component.kind !== "Component") throw new Error("no component");
  const image = component.members.find((m) => m.kind === "Image");
  return image?.kind === "Image" ? image.image : undefined;
}

describe("huge string literals", () => {
  it.each([9, 30])("a %i MB literal parses, and keeps every character", (mb) => {
    const content = "a".repeat(mb * 1_000_000);
    const value = imageValue(withImage(`"${content}"`));
    expect(value?.value.length).toBe(content.length);
  });

  it("a 30 MB literal of escapes lexes as one string token", () => {
    const source = `"${"\\n".repeat(15_000_000)}"`;
    const { tokens, errors } = lex(source);
    expect(errors).toEqual([]);
    expect(tokens.map((t) => [t.tokenType.name, t.image.length])).toEqual([["PlainString", source.length]]);
  });

  it("a 2 MB literal of escapes decodes", () => {
    const value = imageValue(withImage(`"${"\\\\".repeat(1_000_000)}"`));
    expect(value?.value).toBe("\\".repeat(1_000_000));
  });

  it("a 9 MB literal never closed is MLP1003, not a crash", () => {
    const parsed = parse(withImage(`"${"a".repeat(9_000_000)}`), "big.mlp");
    expect(parsed.diagnostics.map((d) => d.code)).toContain("MLP1003");
    expect(parsed.diagnostics.map((d) => d.code)).not.toContain("MLP9001");
  });
});

describe("the string scanners match what the regular expressions they replace matched", () => {
  const PLAIN = /"(?:[^"\\\r\n]|\\[^\r\n])*"/y;
  const UNTERMINATED = /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/y;
  const regexMatch = (re: RegExp, text: string, offset: number): string | null => {
    re.lastIndex = offset;
    return re.exec(text)?.[0] ?? null;
  };
  const text = fc.string({ unit: fc.constantFrom('"', "\\", "\n", "\r", "a", "$", "{", " ", "é") , maxLength: 30 });

  it("for random text after a quote (property)", () => {
    fc.assert(
      fc.property(text, fc.nat(3), (tail, pad) => {
        const source = "x".repeat(pad) + '"' + tail;
        expect(matchPlainString(source, pad)?.[0] ?? null).toBe(regexMatch(PLAIN, source, pad));
        const plain = matchPlainString(source, pad);
        // the lexer tries the unterminated form only where the terminated one failed
        if (plain === null) expect(matchUnterminatedString(source, pad)?.[0] ?? null).toBe(regexMatch(UNTERMINATED, source, pad));
      }),
      { numRuns: 2000 },
    );
  });
});
