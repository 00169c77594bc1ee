/**
 * The human renderer at scale (issue #13): many diagnostics on one long line render in time
 * linear in their number, a batch renders exactly as its diagnostics one by one, and only the
 * first `HUMAN_LIMIT` are drawn.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { diagnostic, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderHuman, renderHumanOne } from "../../src/diagnostics/render/human.js";
import { HUMAN_LIMIT, renderDiagnostics } from "../../src/diagnostics/render/render.js";
import { lookupFrom } from "../../src/diagnostics/render/source-lookup.js";
import { LineIndex } from "../../src/source/line-index.js";
import { medianMs } from "../helpers/timing.js";

/** `n` unexpected-character errors, `perLine` to a line, each `@` padded to `width` columns. */
function errors(n: number, perLine: number, width: number): { text: string; ds: Diagnostic[] } {
  const unit = "@".padEnd(width);
  const lines = Array.from({ length: Math.ceil(n / perLine) }, (_, l) => unit.repeat(Math.min(perLine, n - l * perLine)));
  const text = lines.join("\n") + "\n";
  const idx = new LineIndex(text);
  const ds: Diagnostic[] = [];
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    ds.push(diagnostic("MLP1001", "error", "unexpected character `@`", idx.span("f.mlp", at, at + 1), { label: "not part of the language" }));
  }
  return { text, ds };
}

/** `n` errors on one line (the case of issue #13: 5,000 on a 20 KB line took 20 s). */
const onOneLine = (n: number): { text: string; ds: Diagnostic[] } => errors(n, n, 4);

describe("human renderer at scale", () => {
  test("2,000 diagnostics on one 20 KB line cost about what 2,000 on short lines do", () => {
    const render = ({ text, ds }: { text: string; ds: Diagnostic[] }): string => renderHuman(ds, lookupFrom({ "f.mlp": text }));
    const short = errors(2000, 1, 10);
    const long = errors(2000, 2000, 10);
    expect(long.text.length).toBeGreaterThan(20_000);
    render(short); // warm up the JIT
    const baseline = medianMs(() => render(short));
    const oneLine = medianMs(() => render(long));
    // Laid out once per batch the long line adds little; laid out per diagnostic it was ~50x.
    expect(oneLine).toBeLessThan(4 * baseline + 50);
  });

  test("a batch renders exactly as its diagnostics rendered one by one", () => {
    const text = "pipeline p {\n\tstep 模型 = c(x: 1) # e\u0301\n" + "  x ".repeat(100) + "\n}\n";
    const idx = new LineIndex(text);
    const span = fc.tuple(fc.nat(text.length), fc.nat(40)).map(([s, len]) => idx.span("f.mlp", s, Math.min(text.length, s + len)));
    fc.assert(
      fc.property(fc.array(fc.tuple(span, fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 20, max: 140 }), (spans, maxLineWidth) => {
        const ds = spans.map(([sp, label]) => diagnostic("MLP2004", "error", "m", sp, { label }));
        const lookup = lookupFrom({ "f.mlp": text });
        expect(renderHuman(ds, lookup, { maxLineWidth })).toBe(ds.map((d) => renderHumanOne(d, lookup, { maxLineWidth })).join("\n"));
      }),
    );
  });

  test(`draws the first ${HUMAN_LIMIT}, says how many more, and counts them all in the summary`, () => {
    const { text, ds } = onOneLine(HUMAN_LIMIT + 50);
    const lookup = lookupFrom({ "f.mlp": text });
    const out = renderDiagnostics("human", ds, lookup);
    expect(out.match(/^error\[MLP1001\]/gm)).toHaveLength(HUMAN_LIMIT);
    expect(out).toContain("\n... and 50 more (`--format short` or `--format json` lists every diagnostic)\n");
    expect(out.endsWith(`error: ${HUMAN_LIMIT + 50} errors found\n`)).toBe(true);
    // exactly at the limit: nothing is held back
    expect(renderDiagnostics("human", ds.slice(0, HUMAN_LIMIT), lookup)).not.toContain("more (");
    // the machine formats list every one
    expect(renderDiagnostics("short", ds, lookup).trimEnd().split("\n")).toHaveLength(HUMAN_LIMIT + 50);
  });
});
