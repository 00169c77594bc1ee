/**
 * IR documents with sweeps for the Airflow tests: the lead's hand-written `tune` fixture
 * (test/fixtures/sweep), variants of it, and a small one-member sweep over chosen values.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IrDocument, IrGate, IrPipeline, IrStep, IrValue, Origin } from "../../../src/ir/ir.js";
import { REPO } from "./helpers.js";
import { IR_STEP_DEFAULTS } from "../../helpers/valid-ir.js";

export function tuneIr(): IrDocument {
  return JSON.parse(readFileSync(join(REPO, "test/fixtures/sweep/tune.ir.json"), "utf8")) as IrDocument;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** The tune pipeline, for tests to change (its arrays are plain arrays). */
export function tunePipeline(doc: IrDocument): Mutable<IrPipeline> {
  return doc.pipelines[0] as unknown as Mutable<IrPipeline>;
}

/**
 * `tune` with a gate `fits` inside the sweep between `train` and `evaluate`: a point goes on
 * only when `train.loss < max_loss` (its own point's loss) and `lr < 0.3` (its own value).
 */
export function tuneWithMemberGate(maxLoss: number): IrDocument {
  const doc = tuneIr();
  const p = tunePipeline(doc);
  const origin = p.origin;
  const gate: IrGate = {
    name: "fits",
    origin,
    sweep: "tune",
    needs: ["train"],
    conditions: [
      {
        text: `train.loss < ${maxLoss} and lr < 0.3`,
        origin,
        expr: {
          kind: "binary",
          type: { kind: "bool" },
          op: "and",
          left: {
            kind: "binary",
            type: { kind: "bool" },
            op: "<",
            left: { kind: "metric", type: { kind: "float" }, step: "train", metric: "loss" },
            right: { kind: "literal", type: { kind: "float" }, value: maxLoss },
          },
          right: {
            kind: "binary",
            type: { kind: "bool" },
            op: "<",
            left: { kind: "over", type: { kind: "float" }, name: "lr" },
            right: { kind: "literal", type: { kind: "float" }, value: 0.3 },
          },
        },
      },
    ],
  };
  (p.gates as IrGate[]).unshift(gate);
  const evaluate = p.steps.find((s) => s.name === "evaluate") as Mutable<IrStep>;
  (evaluate as { after: string[] }).after = ["fits"];
  (evaluate as { needs: string[] }).needs = ["fits", "train"];
  const sweep = p.sweeps![0]! as unknown as { members: string[]; needs: string[] };
  sweep.members = ["train", "fits", "evaluate"];
  sweep.needs = ["evaluate", "fits", "train"];
  const order = p.order as { kind: string; name: string }[];
  order.splice(order.findIndex((n) => n.name === "evaluate"), 0, { kind: "gate", name: "fits" });
  return doc;
}

const AT: Origin = { file: "s.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };

/**
 * One sweep `s` over string dimension `note` (VALUES) whose one member `echo` writes each
 * point's value as `[value]` to its output `out`.
 */
export function stringSweepIr(values: readonly IrValue[]): IrDocument {
  const echo: IrStep = {
    ...IR_STEP_DEFAULTS,
    name: "echo",
    origin: AT,
    run: {
      template: "printf '[%s]' ${note} > ${out}",
      parts: [
        { kind: "text", text: "printf '[%s]' " },
        { kind: "input", name: "note" },
        { kind: "text", text: " > " },
        { kind: "output", name: "out" },
      ],
    },
    inputs: [{ name: "note", type: { kind: "string" }, binding: { kind: "over", name: "note" } }],
    outputs: [{ name: "out", type: { kind: "File" } }],
    sweep: "s",
  };
  return {
    ir: "mlp/v1",
    source: "s.mlp",
    root: ".",
    schemas: {},
    pipelines: [
      {
        name: "notes",
        origin: AT,
        triggers: [],
        params: [],
        secrets: [],
        datasets: [],
        steps: [echo],
        gates: [],
        deploys: [],
        sweeps: [{ name: "s", origin: AT, over: [{ name: "note", type: { kind: "string" }, values: { kind: "literal", values: [...values] }, origin: AT }], members: ["echo"], needs: ["echo"] }],
        order: [
          { kind: "step", name: "echo" },
          { kind: "sweep", name: "s" },
        ],
        targets: {},
      },
    ],
  } as unknown as IrDocument;
}
