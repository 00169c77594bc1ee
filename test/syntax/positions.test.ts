import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LineIndex } from "../../src/source/line-index.js";
import { LazySpan, SpanMaker } from "../../src/syntax/positions.js";

describe("SpanMaker and LazySpan", () => {
  it("gives every offset the position LineIndex gives, in any order of asking", () => {
    const text = fc.string({ maxLength: 200, unit: fc.constantFrom("a", "b", "\n", "\r", "é", "😀", " ") });
    fc.assert(
      fc.property(text, fc.array(fc.nat(220), { maxLength: 40 }), (t, offsets) => {
        const spans = new SpanMaker("f.mlp", t);
        const index = new LineIndex(t);
        for (const o of offsets) {
          const clamped = Math.min(o, t.length);
          expect(spans.position(o)).toEqual(index.position(clamped));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("makes a span's positions only when read, and serialises as a plain span", () => {
    const spans = new SpanMaker("f.mlp", "step a {\n  run \"x\"\n}\n");
    const span = spans.span(11, 18);
    expect(span).toBeInstanceOf(LazySpan);
    expect(Object.keys(span).sort()).toEqual(["endOffset", "file", "startOffset"]);
    expect(span.start).toEqual({ offset: 11, line: 2, column: 3 });
    expect(span.end).toEqual({ offset: 18, line: 2, column: 10 });
    expect(JSON.parse(JSON.stringify(span))).toEqual({
      file: "f.mlp",
      start: { offset: 11, line: 2, column: 3 },
      end: { offset: 18, line: 2, column: 10 },
    });
  });

  it("compares spans by file and offsets", () => {
    const spans = new SpanMaker("f.mlp", "abc\ndef\n");
    expect(spans.span(0, 3)).toEqual(spans.span(0, 3));
    expect(spans.span(0, 3)).not.toEqual(spans.span(4, 7));
    expect(new SpanMaker("g.mlp", "abc\ndef\n").span(0, 3)).not.toEqual(spans.span(0, 3));
  });
});
