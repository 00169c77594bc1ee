/**
 * A float reaches a command as text; `mlp run` prints it as JavaScript does (`String(v)`), and the
 * Airflow prelude's `_mlp_fmt` must print the same text for every double (Python's `repr` differs:
 * `2.0`, `5e-07`, `1e+16`, `-0.0`, `inf`).
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRELUDE_CORE } from "../../targets/airflow/runtime-prelude.js";

const EDGES = [0, -0, 0.5, 2, 5e-7, 1e-7, 1e-6, 1.5e-6, 1e20, 1e21, 2.5e21, 1e16, 123456789, 0.1 + 0.2, -3.25, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN];

/** `_mlp_fmt` of each value, run by python3 on the prelude text the DAGs carry. */
function pythonText(values: readonly number[]): string[] {
  const script = [
    "import json, re, sys",
    "exec(sys.argv[1])",
    "values = json.loads(sys.stdin.read())",
    "print(json.dumps([_mlp_fmt(float(v)) for v in values]))",
  ].join("\n");
  // JSON has no Infinity/NaN/-0: they travel as the strings Python's float() reads
  const encoded = values.map((v) => (Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? "-0.0" : String(v).replace("Infinity", "inf")));
  return JSON.parse(execFileSync("python3", ["-c", script, PRELUDE_CORE], { input: JSON.stringify(encoded), encoding: "utf8" })) as string[];
}

describe("the Airflow prelude's number text", () => {
  it("is JavaScript's String(v) for edge values and 3,000 random doubles", () => {
    const values = [...EDGES, ...fc.sample(fc.double(), { numRuns: 2000, seed: 14 }), ...fc.sample(fc.double({ min: -1e7, max: 1e7, noNaN: true }), { numRuns: 1000, seed: 15 })];
    const got = pythonText(values);
    const wrong = values.map((v, n) => [String(v), got[n]]).filter(([js, py]) => js !== py);
    expect(wrong).toEqual([]);
  });

  it("fails when the prelude prints floats with Python's repr (mutation check)", () => {
    const values = [2, 5e-7];
    const script = ["import json, sys", `exec(sys.argv[1].replace("return _mlp_fmt_float(value)", "return repr(value)"))`, "print(json.dumps([_mlp_fmt(float(v)) for v in json.loads(sys.stdin.read())]))"].join("\n");
    const got = JSON.parse(execFileSync("python3", ["-c", script, PRELUDE_CORE], { input: JSON.stringify(values), encoding: "utf8" })) as string[];
    expect(got).not.toEqual(values.map(String));
  });
});
