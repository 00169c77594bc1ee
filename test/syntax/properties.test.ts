/**
 * Property tests: `parse` never throws, never reports an internal error, keeps every span inside
 * the text, and finishes quickly, on arbitrary text, on token soup and on mutated valid programs.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parse } from "../../src/syntax/parse.js";
import { ALL_MEMBER_WORDS } from "../../src/syntax/member-words.js";

const kitchenSink = readFileSync(new URL("../fixtures/kitchen-sink.mlp", import.meta.url), "utf8");

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

const VOCABULARY = [
  ...ALL_MEMBER_WORDS, "required", "on", "off", "change", "push", "deployed", "description", "int", "float", "Table", "Model", "true",
  "not", "and", "or", "x", "raw", "train", "std.drift", "{", "}", "(", ")", "[", "]", ",", ":", ".",
  "=", "==", "<", ">=", "??", "?", "+", "-", "*", "/", "1", "0.5", "1e3", "30s", "4Gi", "5min",
  '"s"', '"${x}"', '"${"', '"\\q"', '"', '"""a\n  b"""', '"""', "#c\n", "\n", "\n\n", "@", ";",
];

describe("parse never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: "binary" }), checkParse), { numRuns: 300 });
  });

  it("on token soup", () => {
    const soup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 120 }).map((ts) => ts.join(" "));
    fc.assert(fc.property(soup, checkParse), { numRuns: 400 });
  });

  it("on mutated valid programs (deleted, duplicated and swapped tokens of the kitchen sink)", () => {
    const pieces = kitchenSink.match(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|\s+|[A-Za-z_0-9.]+|\?\?|[<>=!]=|./g)!;
    expect(pieces.join("")).toBe(kitchenSink);
    const mutation = fc.record({
      op: fc.constantFrom("delete", "duplicate", "swap"),
      at: fc.nat(pieces.length - 1),
      other: fc.nat(pieces.length - 1),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const ps = [...pieces];
        for (const m of mutations) {
          const at = m.at % ps.length;
          if (m.op === "delete") ps.splice(at, 1);
          else if (m.op === "duplicate") ps.splice(at, 0, ps[at]!);
          else {
            const other = m.other % ps.length;
            [ps[at], ps[other]] = [ps[other]!, ps[at]!];
          }
        }
        checkParse(ps.join(""));
      }),
      { numRuns: 300 },
    );
  });

  it("parses the unmutated kitchen sink clean (the mutation baseline)", () => {
    expect(parse(kitchenSink, "k.mlp").diagnostics).toEqual([]);
  });
});
