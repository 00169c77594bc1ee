import { describe, expect, it } from "vitest";
import { checkFiles, emitWith, golden, loadIr } from "./helpers.js";

const VARIANTS = [
  { name: "v3-kubernetes", options: {} },
  { name: "v3-bash", options: { operator: "bash" } },
  { name: "v2-kubernetes", options: { airflow_version: "2" } },
  { name: "v2-bash", options: { airflow_version: "2", operator: "bash" } },
] as const;

describe("airflow target: churn", () => {
  for (const v of VARIANTS) {
    it(`emits a DAG that passes the api.json checker (${v.name})`, () => {
      const result = emitWith(loadIr("churn.ir.json"), v.options);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.files.map((f) => f.path)).toEqual(["churn.py"]);
      const version = "airflow_version" in v.options ? "2" : "3";
      expect(checkFiles(result.files, version)).toEqual([]);
    });

    it(`matches the golden file (${v.name})`, () => {
      const { expected, actual } = golden(`churn-${v.name}`, emitWith(loadIr("churn.ir.json"), v.options).files);
      expect(actual).toBe(expected);
    });
  }

  it("is byte-identical across runs", () => {
    const a = emitWith(loadIr("churn.ir.json")).files;
    const b = emitWith(loadIr("churn.ir.json")).files;
    expect(a).toEqual(b);
  });

  it("a 3.x DAG fails the 2.10 checker and vice versa (the checker is version-aware)", () => {
    const v3 = emitWith(loadIr("churn.ir.json")).files;
    const v2 = emitWith(loadIr("churn.ir.json"), { airflow_version: "2" }).files;
    expect(checkFiles(v3, "2").length).toBeGreaterThan(0);
    expect(checkFiles(v2, "3").length).toBeGreaterThan(0);
  });
});

describe("airflow target: hostile fixture golden", () => {
  it("matches the golden file", () => {
    const { expected, actual } = golden("injection-v3-kubernetes", emitWith(loadIr("injection.ir.json")).files);
    expect(actual).toBe(expected);
  });
});
