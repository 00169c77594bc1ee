import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BuiltinError, runBuiltin } from "../../../src/runtime/std/index.js";
import { drift } from "../../../src/runtime/std/drift.js";
import { csv, file, normals, readJson, schema, tempDir } from "./helpers.js";

const Measures = schema("Measures", { x: "float", colour: "string" });

function measures(dir: string, name: string, xs: number[], colours: string[]): string {
  return csv(dir, name, ["x", "colour"], xs.map((x, i) => [x, colours[i % colours.length]!]));
}

describe("std.drift", () => {
  it("reports PSI 0 and KS 0 for identical data", async () => {
    const dir = tempDir();
    const xs = normals(2000, 0, 1);
    const ref = measures(dir, "ref.csv", xs, ["red", "green", "blue"]);
    const cur = measures(dir, "cur.csv", xs, ["red", "green", "blue"]);
    const r = await drift({ current: cur, reference: ref, bins: 10, currentSchema: Measures, referenceSchema: Measures });
    expect(r.max_psi).toBe(0);
    expect(r.max_ks).toBe(0);
    expect(r.drifted_columns).toBe(0);
    expect(r.columns.map((c) => [c.name, c.kind, c.exact])).toEqual([["x", "numeric", true], ["colour", "categorical", true]]);
    // The reference's deciles put a tenth of it in each bin.
    const x = r.columns[0]!;
    expect(x.buckets).toHaveLength(10);
    for (const b of x.buckets) expect(b.reference).toBeGreaterThanOrEqual(199);
  });

  it("reports PSI near 0 for two samples of one distribution and above 0.2 for a shifted one", async () => {
    const dir = tempDir();
    const ref = measures(dir, "ref.csv", normals(5000, 0, 1, 1), ["a"]);
    const same = measures(dir, "same.csv", normals(5000, 0, 1, 99), ["a"]);
    const shifted = measures(dir, "shifted.csv", normals(5000, 0.5, 1, 7), ["a"]);
    const s = await drift({ current: same, reference: ref, bins: 10, currentSchema: Measures });
    expect(s.columns[0]!.psi).toBeLessThan(0.02);
    expect(s.columns[0]!.ks!).toBeLessThan(0.05);
    const d = await drift({ current: shifted, reference: ref, bins: 10, currentSchema: Measures });
    // A half-standard-deviation shift: PSI is about 0.25 for normal data, KS about 0.197.
    expect(d.columns[0]!.psi).toBeGreaterThan(0.2);
    expect(d.columns[0]!.ks!).toBeGreaterThan(0.17);
    expect(d.columns[0]!.ks!).toBeLessThan(0.23);
    expect(d.drifted_columns).toBe(1);
  });

  it("computes KS and categorical PSI equal to hand-computed values", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["x", "colour"], [[1, "a"], [2, "a"], [3, "b"], [4, "b"]]);
    const cur = csv(dir, "cur.csv", ["x", "colour"], [[3, "a"], [4, "a"], [5, "a"], [6, "b"], [7, "a"], [8, "a"], [9, "a"], [10, "a"]]);
    const r = await drift({ current: cur, reference: ref, bins: 4, currentSchema: Measures, referenceSchema: Measures });
    const x = r.columns.find((c) => c.name === "x")!;
    // F_ref reaches 1 at 4, where F_cur is 2/8: KS = 0.75.
    expect(x.ks).toBeCloseTo(0.75, 12);
    const colour = r.columns.find((c) => c.name === "colour")!;
    // reference a 1/2, b 1/2; current a 7/8, b 1/8
    const expected = (7 / 8 - 0.5) * Math.log(7 / 8 / 0.5) + (1 / 8 - 0.5) * Math.log(1 / 8 / 0.5);
    expect(colour.psi).toBeCloseTo(expected, 12);
    expect(colour.buckets).toEqual([
      { category: "a", reference: 2, current: 7 },
      { category: "b", reference: 2, current: 1 },
    ]);
  });

  it("counts missing values as a bucket of their own, so a jump in nulls is drift", async () => {
    const dir = tempDir();
    const ref = file(dir, "ref.csv", "x,colour\n" + Array.from({ length: 100 }, (_, i) => `${i},a`).join("\n") + "\n");
    const cur = file(dir, "cur.csv", "x,colour\n" + Array.from({ length: 100 }, (_, i) => (i < 50 ? `${i},a` : ",a")).join("\n") + "\n");
    const r = await drift({ current: cur, reference: ref, bins: 5, currentSchema: Measures });
    const x = r.columns[0]!;
    expect(x.buckets.at(-1)).toEqual({ missing: true, reference: 0, current: 50 });
    expect(x.psi).toBeGreaterThan(2);
  });

  it("names the file, line and column of a value that does not parse", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["x", "colour"], [[1, "a"], [2, "b"]]);
    const cur = file(dir, "cur.csv", 'x,colour\n1,a\n"multi\nline",b\n');
    const error = await drift({ current: cur, reference: ref, bins: 10, currentSchema: Measures }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuiltinError);
    expect((error as BuiltinError).message).toBe(`${cur}:3: row 2, column \`x\`: \`multi\\u000aline\` is not a float`);
    expect((error as BuiltinError).line).toBe(3);
    expect((error as BuiltinError).column).toBe("x");
  });

  it("requires the reference to have the compared columns", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["x"], [[1]]);
    const cur = csv(dir, "cur.csv", ["x", "colour"], [[1, "a"]]);
    await expect(drift({ current: cur, reference: ref, bins: 10, currentSchema: Measures })).rejects.toThrow(
      `${ref}: missing column \`colour\`, which the current table has`,
    );
  });

  it("infers numeric and categorical columns without a schema", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["n", "s"], [[1, "x"], [2, "7"], [3, "y"]]);
    const cur = csv(dir, "cur.csv", ["n", "s"], [[1, "x"], [5, "y"], [9, "y"]]);
    const r = await drift({ current: cur, reference: ref, bins: 3 });
    expect(r.columns.map((c) => [c.name, c.kind])).toEqual([["n", "numeric"], ["s", "categorical"]]);
    expect(r.typed).toBe(false);
  });

  it("gives the same answer with a small sample as with an exact one on 20,000 rows (within the documented bound)", async () => {
    const dir = tempDir();
    const ref = measures(dir, "ref.csv", normals(20_000, 0, 1, 3), ["a", "b"]);
    const cur = measures(dir, "cur.csv", normals(20_000, 0.3, 1.2, 4), ["a", "b", "b"]);
    const exact = await drift({ current: cur, reference: ref, bins: 10, currentSchema: Measures });
    const sampled = await drift({ current: cur, reference: ref, bins: 10, currentSchema: Measures, sampleSize: 5000 });
    expect(exact.columns[0]!.exact).toBe(true);
    expect(sampled.columns[0]!.exact).toBe(false);
    // Bin counts stay exact (second pass); only the edges and KS come from the sample.
    expect(sampled.columns[0]!.buckets.reduce((s, b) => s + b.reference, 0)).toBe(20_000);
    expect(Math.abs(sampled.columns[0]!.ks! - exact.columns[0]!.ks!)).toBeLessThan(0.03);
    expect(Math.abs(sampled.columns[0]!.psi - exact.columns[0]!.psi)).toBeLessThan(0.03);
  });
});

describe("runBuiltin(drift)", () => {
  it("writes the report and metrics named as src/std/signatures.ts declares", async () => {
    const dir = tempDir();
    const ref = measures(dir, "ref.csv", normals(500, 0, 1, 1), ["a", "b"]);
    const cur = measures(dir, "cur.csv", normals(500, 2, 1, 2), ["a", "b"]);
    await runBuiltin("drift", {
      inputs: { current: cur, reference: ref, bins: "5" },
      outputs: { report: join(dir, "out", "report.json") },
      metricsPath: join(dir, "out", "metrics.json"),
      schemas: { Measures },
      inputTypes: { current: { kind: "Table", schema: "Measures" }, reference: { kind: "Table", schema: "Measures" } },
    });
    const m = readJson(join(dir, "out", "metrics.json"));
    expect(Object.keys(m).sort()).toEqual(["drifted_columns", "ks_x", "max_ks", "max_psi", "psi_colour", "psi_x"]);
    expect(m.max_psi).toBe(m.psi_x);
    expect(m.drifted_columns).toBe(1);
    expect(m.max_ks).toBe(m.ks_x);
    const report = readJson(join(dir, "out", "report.json"));
    expect(report.builtin).toBe("drift");
    expect(report.bins).toBe(5);
  });

  it("reports per-column metrics over the header's columns when the schema is unknown", async () => {
    const dir = tempDir();
    const ref = measures(dir, "ref.csv", [1, 2, 3], ["a"]);
    await runBuiltin("drift", { inputs: { current: ref, reference: ref }, outputs: {}, metricsPath: join(dir, "m.json") });
    expect(readJson(join(dir, "m.json"))).toEqual({ max_psi: 0, max_ks: 0, drifted_columns: 0, psi_x: 0, psi_colour: 0, ks_x: 0 });
  });

  it.each([
    [{ current: "a.csv" }, "`std.drift` needs input `reference`"],
    [{ current: "a.csv", reference: "b.csv", bins: 1 }, "`bins` must be an int from 2 to 1000, got 1"],
    [{ current: "a.csv", reference: "b.csv", bins: "ten" }, "input `bins`: `ten` is not an int"],
    [{ current: "a.csv", reference: "b.csv", colour: "x" }, "`std.drift` has no input `colour`"],
  ])("rejects bad arguments as usage errors: %j", async (inputs, message) => {
    const error = await runBuiltin("drift", { inputs, outputs: {}, metricsPath: "/nonexistent/m.json" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuiltinError);
    expect((error as BuiltinError).kind).toBe("usage");
    expect((error as BuiltinError).message).toContain(message);
  });

  it("reports a missing input file as a usage error naming it", async () => {
    const dir = tempDir();
    const error = await runBuiltin("drift", {
      inputs: { current: join(dir, "nope.csv"), reference: join(dir, "nope.csv") },
      outputs: {},
      metricsPath: join(dir, "m.json"),
    }).catch((e: unknown) => e);
    expect((error as BuiltinError).kind).toBe("usage");
    expect((error as BuiltinError).message).toBe(`${join(dir, "nope.csv")}: no such file`);
  });
});
