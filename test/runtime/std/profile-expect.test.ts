import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BuiltinError, runBuiltin } from "../../../src/runtime/std/index.js";
import { file, readJson, schema, tempDir } from "./helpers.js";

const People = schema("People", { name: "string", age: "int", height: "float", member: "bool" });
const types = { data: { kind: "Table", schema: "People" } } as const;

const GOOD = "name,age,height,member\nAda,36,1.65,true\nBo,,1.80,false\nCy,41,,TRUE\nDi,29,1.7,0\n";

describe("std.profile", () => {
  it("counts rows and null fractions per column and checks the schema", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", GOOD);
    await runBuiltin("profile", {
      inputs: { data },
      outputs: { report: join(dir, "report.json") },
      metricsPath: join(dir, "metrics.json"),
      schemas: { People },
      inputTypes: types,
    });
    expect(readJson(join(dir, "metrics.json"))).toEqual({
      rows: 4,
      max_null_fraction: 0.25,
      schema_ok: true,
      null_fraction_name: 0,
      null_fraction_age: 0.25,
      null_fraction_height: 0.25,
      null_fraction_member: 0,
    });
    const report = readJson(join(dir, "report.json")) as { columns: { name: string; numeric?: { mean: number }; categories?: { top: unknown[] } }[] };
    expect(report.columns.find((c) => c.name === "age")!.numeric!.mean).toBeCloseTo((36 + 41 + 29) / 3, 12);
    expect(report.columns.find((c) => c.name === "member")!.categories!.top).toEqual([
      { value: "false", count: 2 },
      { value: "true", count: 2 },
    ]);
  });

  it("sets schema_ok to false and lists where a value does not parse, without failing", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", "name,age,height,member\nAda,36.5,1.65,yes\nBo,12,tall,false\n");
    await runBuiltin("profile", { inputs: { data }, outputs: { report: join(dir, "r.json") }, metricsPath: join(dir, "m.json"), schemas: { People }, inputTypes: types });
    expect(readJson(join(dir, "m.json")).schema_ok).toBe(false);
    const report = readJson(join(dir, "r.json"));
    expect(report.error_count).toBe(3);
    expect(report.errors).toEqual([
      `${data}:2: row 1, column \`age\`: \`36.5\` is not an int`,
      `${data}:2: row 1, column \`member\`: \`yes\` is not a bool (\`true\` or \`false\`)`,
      `${data}:3: row 2, column \`height\`: \`tall\` is not a float`,
    ]);
  });

  it("treats a missing declared column as all-null and not conforming", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", "name,age,height\nAda,36,1.65\n");
    await runBuiltin("profile", { inputs: { data }, outputs: {}, metricsPath: join(dir, "m.json"), schemas: { People }, inputTypes: types });
    const m = readJson(join(dir, "m.json"));
    expect(m.schema_ok).toBe(false);
    expect(m.null_fraction_member).toBe(1);
    expect(m.max_null_fraction).toBe(1);
  });
});

describe("std.expect", () => {
  it("passes and writes its metrics when every expectation holds", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", GOOD);
    await runBuiltin("expect", {
      inputs: { data, min_rows: 4, max_null_fraction: 0.25 },
      outputs: { report: join(dir, "r.json") },
      metricsPath: join(dir, "m.json"),
      schemas: { People },
      inputTypes: types,
    });
    expect(readJson(join(dir, "m.json"))).toEqual({ rows: 4, max_null_fraction: 0.25, schema_ok: true });
    expect(readJson(join(dir, "r.json")).ok).toBe(true);
  });

  it("fails after writing its report when an expectation does not hold", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", GOOD);
    const error = await runBuiltin("expect", {
      inputs: { data, min_rows: 10 }, // max_null_fraction defaults to 0
      outputs: { report: join(dir, "r.json") },
      metricsPath: join(dir, "m.json"),
      schemas: { People },
      inputTypes: types,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuiltinError);
    expect((error as BuiltinError).kind).toBe("expectation");
    expect((error as BuiltinError).message).toBe(
      `expectations not met: ${data}: has 4 rows, expected at least 10; ${data}: column \`age\` is 25% empty, column \`height\` is 25% empty; at most 0 allowed`,
    );
    expect(readJson(join(dir, "m.json")).rows).toBe(4);
    const report = readJson(join(dir, "r.json")) as { ok: boolean; expectations: { name: string; ok: boolean }[] };
    expect(report.ok).toBe(false);
    expect(report.expectations.map((e) => [e.name, e.ok])).toEqual([["min_rows", false], ["max_null_fraction", false], ["schema", true]]);
  });

  it("fails on a table that does not conform to its schema", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", "name,age,height,member\nAda,old,1.6,true\n");
    await expect(
      runBuiltin("expect", { inputs: { data }, outputs: {}, metricsPath: join(dir, "m.json"), schemas: { People }, inputTypes: types }),
    ).rejects.toThrow(`${data}: does not conform to schema \`People\`: ${data}:2: row 1, column \`age\`: \`old\` is not an int`);
  });

  it("rejects a max_null_fraction outside [0, 1]", async () => {
    const dir = tempDir();
    const data = file(dir, "people.csv", GOOD);
    await expect(runBuiltin("expect", { inputs: { data, max_null_fraction: 2 }, outputs: {}, metricsPath: join(dir, "m.json") })).rejects.toThrow(
      "`max_null_fraction` must be from 0 to 1, got 2",
    );
  });

  it("rejects an unknown built-in and an unknown output", async () => {
    await expect(runBuiltin("nope", { inputs: {}, outputs: {}, metricsPath: "m.json" })).rejects.toThrow("unknown built-in `std.nope`");
    await expect(runBuiltin("profile", { inputs: { data: "x.csv" }, outputs: { summary: "s.json" }, metricsPath: "m.json" })).rejects.toThrow(
      "`std.profile` has no output `summary`",
    );
  });
});
