/**
 * One test per MLP1xxx code: the catalogue's `bad` example reports exactly that code at exactly
 * the expected span, its `fixed` example parses clean, and every code has such a test.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { SYNTAX_CODES } from "../../src/diagnostics/codes/syntax.js";
import { MAX_NESTING } from "../../src/syntax/lexer.js";

/** Expected primary span of each code's `bad` example: line, column and length. */
const EXPECTED: Record<string, { line: number; column: number; length: number; text: string }> = {
  MLP1001: { line: 3, column: 21, length: 1, text: ";" },
  MLP1002: { line: 3, column: 9, length: 1, text: "=" },
  MLP1003: { line: 3, column: 9, length: 1, text: '"' },
  MLP1004: { line: 3, column: 15, length: 2, text: "\\d" },
  MLP1005: { line: 3, column: 15, length: 6, text: "${1st}" },
  MLP1006: { line: 3, column: 5, length: 7, text: "command" },
  MLP1007: { line: 2, column: 36, length: 3, text: "run" },
  MLP1008: { line: 2, column: 22 + MAX_NESTING - 1, length: 1, text: "(" },
  MLP1009: { line: 4, column: 13, length: 4, text: "5min" },
  MLP1010: { line: 4, column: 4, length: 0, text: "" },
  MLP1011: { line: 4, column: 12, length: 1, text: "<" },
  MLP1012: { line: 2, column: 8, length: 6, text: "string" },
};

describe("MLP1xxx catalogue", () => {
  it("has a span expectation for every code and codes in the 1xxx family only", () => {
    expect(SYNTAX_CODES.map((c) => c.code).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const c of SYNTAX_CODES) {
      expect(c.code).toMatch(/^MLP1\d{3}$/);
      expect(c.title).toMatch(/^[a-z`]/);
      expect(c.bad).toBeDefined();
      expect(c.fixed).toBeDefined();
    }
  });

  it.each(SYNTAX_CODES.map((c) => [c.code, c] as const))("%s: bad reports exactly this code at its span; fixed is clean", (code, info) => {
    const bad = parse(info.bad!, "bad.mlp");
    expect(bad.diagnostics.map((d) => d.code)).toEqual([code]);
    const d = bad.diagnostics[0]!;
    const want = EXPECTED[code]!;
    expect({ line: d.span.start.line, column: d.span.start.column, length: d.span.end.offset - d.span.start.offset }).toEqual({
      line: want.line,
      column: want.column,
      length: want.length,
    });
    expect(info.bad!.slice(d.span.start.offset, d.span.end.offset)).toBe(want.text);
    expect(d.span.file).toBe("bad.mlp");
    expect(d.severity).toBe(info.severity);
    expect(d.message).not.toMatch(/\.$/);
    expect(parse(info.fixed!, "fixed.mlp").diagnostics).toEqual([]);
  });

  it("MLP1005 tells the user to write `$$`", () => {
    const d = parse(SYNTAX_CODES.find((c) => c.code === "MLP1005")!.bad!, "x.mlp").diagnostics[0]!;
    expect(d.help.join(" ")).toContain("`$$`");
  });
});
