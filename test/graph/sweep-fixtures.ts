/**
 * Pipelines with sweeps for the graph tests, built from the tune fixture: `twoSweeps` adds a
 * second sweep beside `tune` (three dimensions, a gate among its members, `best min`, a long name
 * whose title must be shortened in a narrow box) and a step reading its best point.
 */
import { readFileSync } from "node:fs";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { validIr } from "../helpers/valid-ir.js";

export const TUNE_FIXTURE = "test/fixtures/sweep/tune.ir.json";

// The fixture as plain JSON, to be edited before validation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const tuneDocument = (): any => JSON.parse(readFileSync(TUNE_FIXTURE, "utf8"));

export function twoSweeps(): ValidPipeline {
  const doc = tuneDocument();
  const p = doc.pipelines[0];
  const origin = p.origin;
  const long = "search_over_a_rather_long_name";
  const base = { origin, workingDir: ".", code: [], env: {}, secrets: [], resources: {}, retry: 0, cache: true, after: [] };
  const literal = (values: unknown[]) => ({ kind: "literal", values });
  p.steps.push(
    {
      ...base,
      name: "fit",
      run: { template: "fit ${rows} ${lr}", parts: [{ kind: "text", text: "fit " }, { kind: "input", name: "rows" }, { kind: "text", text: " " }, { kind: "input", name: "lr" }] },
      inputs: [
        { name: "rows", type: { kind: "File" }, binding: { kind: "output", step: "prepare", output: "rows" } },
        { name: "lr", type: { kind: "float" }, binding: { kind: "over", name: "lr" } },
      ],
      outputs: [{ name: "model", type: { kind: "Model" } }],
      metrics: [{ name: "loss", type: { kind: "float" } }],
      needs: ["prepare"],
      sweep: long,
    },
    {
      ...base,
      name: "pick",
      run: { template: "pick ${model}", parts: [{ kind: "text", text: "pick " }, { kind: "input", name: "model" }] },
      inputs: [{ name: "model", type: { kind: "Model" }, binding: { kind: "best", sweep: long, step: "fit", output: "model" } }],
      outputs: [],
      metrics: [],
      needs: [long],
    },
  );
  const loss = { kind: "metric", type: { kind: "float" }, step: "fit", metric: "loss" };
  p.gates.push({
    name: "check",
    origin,
    conditions: [{ expr: { kind: "binary", type: { kind: "bool" }, op: "<", left: loss, right: { kind: "literal", type: { kind: "float" }, value: 1 } }, text: "fit.loss < 1", origin }],
    needs: ["fit"],
    sweep: long,
  });
  p.sweeps.push({
    name: long,
    origin,
    over: [
      { name: "lr", type: { kind: "float" }, values: literal([0.1, 0.2, 0.3, 0.4]), origin },
      { name: "depth", type: { kind: "int" }, values: literal([1, 2, 3]), origin },
      { name: "seed", type: { kind: "int" }, values: literal([1, 2]), origin },
    ],
    members: ["fit", "check"],
    best: { direction: "min", step: "fit", metric: "loss", origin },
    needs: ["check", "fit"],
  });
  p.order.push({ kind: "step", name: "fit" }, { kind: "gate", name: "check" }, { kind: "sweep", name: long }, { kind: "step", name: "pick" });
  return validIr(doc, "two-sweeps").pipelines[0]!;
}
