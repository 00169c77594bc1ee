/**
 * Pipelines with control flow for the graph tests: the control fixture's two pipelines (`flow`:
 * an assert, a gate with an else branch, a deploy with computed options, a `finally` step;
 * `flow_predict`: a step reading the model `flow` deployed), and `predictWithFallback`, a variant
 * of `flow_predict` whose model falls back to a step's output and whose gate compares with
 * metrics recorded by `flow` and by itself.
 */
import { readFileSync } from "node:fs";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { IR_STEP_DEFAULTS, validIr } from "../helpers/valid-ir.js";

export const CONTROL_FIXTURE = "test/fixtures/control/flow.ir.json";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const controlDocument = (): any => JSON.parse(readFileSync(CONTROL_FIXTURE, "utf8"));

const control = validIr(controlDocument(), CONTROL_FIXTURE);
export const flow: ValidPipeline = control.pipelines.find((p) => p.name === "flow")!;
export const flowPredict: ValidPipeline = control.pipelines.find((p) => p.name === "flow_predict")!;

/** The tune fixture (a sweep, a gate, a deploy, a collecting step) with a `finally` step reading its dataset. */
export function tuneWithFinally(): ValidPipeline {
  const doc = JSON.parse(readFileSync("test/fixtures/sweep/tune.ir.json", "utf8"));
  const p = doc.pipelines[0];
  p.steps.push({
    ...IR_STEP_DEFAULTS,
    name: "cleanup",
    origin: p.origin,
    finally: true,
    run: { template: "rm -rf ${raw}", parts: [{ kind: "text", text: "rm -rf " }, { kind: "input", name: "raw" }] },
    inputs: [{ name: "raw", type: { kind: "File" }, binding: { kind: "dataset", dataset: p.datasets[0].name } }],
  });
  p.order.push({ kind: "step", name: "cleanup" });
  return validIr(doc, "tune with finally").pipelines[0]!;
}

export function predictWithFallback(): ValidPipeline {
  const doc = controlDocument();
  const p = doc.pipelines.find((x: { name: string }) => x.name === "flow_predict");
  const origin = p.origin;
  const text = (t: string) => ({ template: t, parts: [{ kind: "text", text: t }] });
  const float = { kind: "float" };
  const optional = { kind: "float", optional: true };
  p.steps.unshift({
    ...IR_STEP_DEFAULTS,
    name: "baseline",
    origin,
    run: text("node baseline.mjs"),
    outputs: [{ name: "model", type: { kind: "Model" } }],
  });
  const predict = p.steps.find((s: { name: string }) => s.name === "predict");
  predict.inputs[0].binding = { kind: "deployed", env: "production", pipeline: "flow", fallback: { kind: "output", step: "baseline", output: "model" } };
  predict.needs = ["baseline"];
  // A second reader of the same record, and one of this pipeline's own (`deployed(staging)`).
  p.steps.push({
    ...IR_STEP_DEFAULTS,
    name: "compare",
    origin,
    run: text("node compare.mjs"),
    inputs: [
      { name: "live", type: { kind: "Model" }, binding: { kind: "deployed", env: "production", pipeline: "flow" } },
      { name: "mine", type: { kind: "Model" }, binding: { kind: "deployed", env: "staging", fallback: { kind: "dataset", dataset: "rows" } } },
    ],
  });
  // A gate reading a metric recorded by `flow` (drawn) and one recorded by this pipeline (a
  // champion/challenger comparison: not drawn, as before).
  const deployedScore = (pipeline?: string) => ({
    kind: "binary", type: float, op: "??", left: { kind: "deployed", type: optional, env: "production", metric: "score", ...(pipeline ? { pipeline } : {}) }, right: { kind: "literal", type: float, value: 0 },
  });
  p.gates.push({
    name: "better",
    origin,
    conditions: [{ expr: { kind: "binary", type: { kind: "bool" }, op: ">=", left: deployedScore("flow"), right: deployedScore() }, text: "deployed(production, from: flow).score ?? 0 >= deployed(production).score ?? 0", origin }],
    needs: [],
  });
  p.order = [{ kind: "step", name: "baseline" }, { kind: "gate", name: "better" }, { kind: "step", name: "predict" }, { kind: "step", name: "compare" }];
  return validIr(doc, "predict with fallback").pipelines.find((x) => x.name === "flow_predict")!;
}
