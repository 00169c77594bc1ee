import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { indentCompactJson } from "../../src/source/indented-json.js";

/** The bytes `indentCompactJson` hands its sink, joined. */
function indented(value: unknown, pieceSize?: number): Buffer {
  const pieces: Buffer[] = [];
  indentCompactJson(JSON.stringify(value), (bytes, length) => pieces.push(Buffer.from(bytes.subarray(0, length))), pieceSize);
  return Buffer.concat(pieces);
}

/** What it must equal: the indenting `JSON.stringify`, encoded, and a newline. */
function expected(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");
}

// Strings that stress the scanner: brackets, quotes, backslashes, colons and commas inside
// strings, escapes, control characters, 2-, 3- and 4-byte characters and lone surrogates.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom("{", "}", "[", "]", '"', "\\", ":", ",", " ", "\n", "\t", "\u0000", "\u001f", "é", "€", "😀", "\ud800", "\udfff", "a") }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    tricky,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(tricky, tie("value"), { maxKeys: 5 }),
    fc.constantFrom({}, [], [[]], [{}], { a: {} }, { "": [] }),
  ),
})).value;

describe("indentCompactJson", () => {
  it("writes the bytes of JSON.stringify(value, null, 2) and a newline, for any JSON value", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(indented(value).equals(expected(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("is the same bytes however the output is cut into pieces", () => {
    // Pieces of 32 to 80 bytes end inside strings and multi-byte characters, inside an
    // indentation and between it and a closing bracket.
    fc.assert(
      fc.property(json, fc.integer({ min: 32, max: 80 }), (value, pieceSize) => {
        expect(indented(value, pieceSize).equals(expected(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    const deep = JSON.parse(`${"[".repeat(200)}"x${"😀".repeat(50)}"${"]".repeat(200)}`) as unknown;
    for (const size of [32, 33, 47, 100]) expect(indented(deep, size).equals(expected(deep))).toBe(true);
  });

  it("hands on pieces of at most its buffer's size", () => {
    const lengths: number[] = [];
    indentCompactJson(JSON.stringify({ a: ["x".repeat(500), { b: [1, 2, 3] }] }), (_, length) => lengths.push(length), 40);
    expect(lengths.length).toBeGreaterThan(10);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
  });

  it("prints every IR fixture as the indenting JSON.stringify does", () => {
    const files = (readdirSync("test", { recursive: true }) as string[]).filter((f) => f.endsWith(".ir.json")).map((f) => join("test", f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const ir = JSON.parse(readFileSync(f, "utf8")) as unknown;
      expect(indented(ir).equals(expected(ir)), f).toBe(true);
      expect(indented(ir, 64).equals(expected(ir)), f).toBe(true);
    }
  });
});
