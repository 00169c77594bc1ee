/**
 * Airflow: every case's DAG is emitted, then one `python3` run (`airflow_eval.py`) evaluates all
 * of them with the DAG's own prelude, calling `_mlp_expr` and `_mlp_gate` as its tasks do.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IrValue } from "../../src/ir/ir.js";
import { emit } from "../../targets/airflow/index.js";
import type { ExprCase } from "./cases.js";
import { deployedValues, metricValues, type CompiledCase } from "./case-pipeline.js";
import type { Outcome } from "./outcome.js";

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), "airflow_eval.py");

type Tagged = { json: IrValue } | { int: string } | { float: string };

function untag(t: Tagged): IrValue {
  if ("json" in t) return t.json;
  if ("int" in t) return Number(t.int);
  return t.float === "inf" ? Infinity : t.float === "-inf" ? -Infinity : t.float === "nan" ? NaN : Number(t.float);
}

export function runAirflow(cases: readonly { c: ExprCase; compiled: CompiledCase }[]): Map<string, Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "mlp-expr-airflow-"));
  try {
    const inputs = cases.map(({ c, compiled }, n) => {
      const result = emit(compiled.ir, { mlpVersion: "0.1.0", optionsFor: (p) => p.targets["airflow"]?.options ?? {} });
      const file = result.files[0];
      if (file === undefined) throw new Error(`case ${c.name}: no DAG: ${result.diagnostics.map((d) => d.message).join("; ")}`);
      const dag = join(dir, `case_${n}.py`);
      writeFileSync(dag, file.contents);
      return { name: c.name, dag, input: compiled.input, gated: compiled.gated, metrics: metricValues(c.env), deployed: deployedValues(c.env) };
    });
    const list = join(dir, "cases.json");
    writeFileSync(list, JSON.stringify(inputs));
    const out = JSON.parse(execFileSync("python3", [DRIVER, list], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as Record<string, { fails: string } | { text?: string; holds?: boolean; value?: Tagged }>;
    const results = new Map<string, Outcome>();
    for (const [name, r] of Object.entries(out)) {
      if ("fails" in r) results.set(name, { fails: r.fails });
      else results.set(name, { ...(r.text !== undefined ? { text: r.text } : {}), ...(r.holds !== undefined ? { holds: r.holds } : {}), ...(r.value !== undefined ? { value: untag(r.value) } : {}) });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
