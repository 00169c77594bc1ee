/**
 * `_mlp_metrics`, the DAG helper that reads a step's metrics from XCom, run by python3: a nested
 * object becomes dotted names, as `mlp run` records them, so gates and deploy records read
 * the same names on Airflow as locally.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PRELUDE_CORE } from "../../../targets/airflow/runtime-prelude.js";

function metricsOf(xcom: unknown): unknown {
  const program = `import json, re, sys
ARTIFACT_ROOT = "/a"
DAG_ID = "d"
${PRELUDE_CORE}
class TI:
    def xcom_pull(self, task_ids):
        return json.loads(sys.argv[1])
print(json.dumps(_mlp_metrics(TI(), "evaluate"), sort_keys=True))
`;
  const r = spawnSync("python3", ["-c", program, JSON.stringify(xcom)], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

describe("airflow _mlp_metrics", () => {
  it("flattens nested objects to dotted names", () => {
    expect(metricsOf({ accuracy: 0.9, avg_prec: { train: 0.8, test: { macro: 0.7 } } })).toEqual({ accuracy: 0.9, "avg_prec.train": 0.8, "avg_prec.test.macro": 0.7 });
  });
  it("reads the JSON line a bash task pushes, and nothing from something that is not an object", () => {
    expect(metricsOf(JSON.stringify({ a: { b: true } }))).toEqual({ "a.b": true });
    expect(metricsOf([1, 2])).toEqual({});
  });
});
