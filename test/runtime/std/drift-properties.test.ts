import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drift } from "../../../src/runtime/std/drift.js";
import { file, schema, tempDir } from "./helpers.js";

const T = schema("T", { n: "int", c: "string" });

const table = fc.array(
  fc.record({ n: fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), c: fc.option(fc.constantFrom("a", "b", "c", "x,y", 'q"q'), { nil: null }) }),
  { minLength: 1, maxLength: 60 },
);

function toCsv(rows: { n: number | null; c: string | null }[]): string {
  const q = (s: string | null): string => (s === null ? "" : /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return "n,c\n" + rows.map((r) => `${r.n ?? ""},${q(r.c)}`).join("\n") + "\n";
}

describe("std.drift properties", () => {
  it("PSI is >= 0, KS is in [0, 1], a table against itself is 0, and the result is reproducible", async () => {
    const dir = tempDir();
    let k = 0;
    await fc.assert(
      fc.asyncProperty(table, table, fc.integer({ min: 2, max: 12 }), async (a, b, bins) => {
        const ref = file(dir, `r${k}.csv`, toCsv(a));
        const cur = file(dir, `c${k++}.csv`, toCsv(b));
        const r = await drift({ current: cur, reference: ref, bins, currentSchema: T });
        for (const c of r.columns) {
          expect(c.psi).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(c.psi)).toBe(true);
          if (c.ks !== undefined) {
            expect(c.ks).toBeGreaterThanOrEqual(0);
            expect(c.ks).toBeLessThanOrEqual(1);
          }
          // Every row lands in exactly one bucket on each side.
          expect(c.buckets.reduce((s, x) => s + x.reference, 0)).toBe(a.length);
          expect(c.buckets.reduce((s, x) => s + x.current, 0)).toBe(b.length);
        }
        expect(r.max_psi).toBe(Math.max(0, ...r.columns.map((c) => c.psi)));
        const self = await drift({ current: ref, reference: ref, bins, currentSchema: T });
        expect(self.max_psi).toBe(0);
        expect(self.max_ks).toBe(0);
        expect(await drift({ current: cur, reference: ref, bins, currentSchema: T })).toEqual(r);
      }),
      { numRuns: 60 },
    );
  });

  it("reads JSON lines the same way as CSV", async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 40 }, (_, i) => ({ n: i % 7, c: ["a", "b"][i % 2]! }));
    const later = rows.map((r) => ({ n: r.n + 3, c: "a" }));
    const asCsv = (rs: typeof rows): string => "n,c\n" + rs.map((r) => `${r.n},${r.c}`).join("\n") + "\n";
    const asJsonl = (rs: typeof rows): string => rs.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const fromCsv = await drift({ current: file(dir, "c.csv", asCsv(later)), reference: file(dir, "r.csv", asCsv(rows)), bins: 5, currentSchema: T });
    const fromJson = await drift({ current: file(dir, "c.jsonl", asJsonl(later)), reference: file(dir, "r.jsonl", asJsonl(rows)), bins: 5, currentSchema: T });
    expect(fromJson.columns).toEqual(fromCsv.columns);
    expect(fromCsv.max_psi).toBeGreaterThan(0.2);
  });
});
