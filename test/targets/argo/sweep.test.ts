/**
 * Sweeps on Argo (issue #15; targets/argo/sweep-template.ts): the fixture `test/fixtures/sweep/
 * tune.ir.json` compiles to documents valid against the official Argo schema, byte-identical to
 * the golden; the grid fans out `withItems` from a point DAG; every key a point uploads is one the
 * fan-in reads, at the path `src/ir/fan-in-spec.ts` lays out; nodes outside read the fan-in's
 * artifacts and `best.json`; `parallelism` reaches the fan-out; values from outside the block
 * are passed into the point DAG.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultFanInSpec } from "../../../src/ir/fan-in-spec.js";
import type { IrDocument } from "../../../src/ir/ir.js";
import { pipelineView } from "../../../src/ir/view.js";
import { ARGO_OPTIONS_SCHEMA } from "../../../targets/argo/options.js";
import { expectGolden } from "../../helpers/golden.js";
import { validIr } from "../../helpers/valid-ir.js";
import { documentTagProblems } from "./argo-tags.js";
import { checkFile, readIr, runArgo, snapshotText } from "./helpers.js";
import { createRequire } from "node:module";

type Obj = Record<string, any>;
const FIXTURE = resolve(import.meta.dirname, "../../fixtures/sweep/tune.ir.json");
const GOLDEN = resolve(import.meta.dirname, "../../golden/argo/sweep-tune.snap");

/** The workflow of `ir`'s output, after every file's checks. */
function workflow(ir: IrDocument, options?: Record<string, unknown>): { wf: Obj; result: ReturnType<typeof runArgo> } {
  const result = runArgo(ir, options);
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const docs = result.files.flatMap((f) => checkFile(f)) as Obj[];
  return { wf: docs.find((d) => d.kind === "Workflow" || d.kind === "WorkflowTemplate")!, result };
}
const template = (wf: Obj, name: string): Obj => wf.spec.templates.find((t: Obj) => t.name === name);
const mainTask = (wf: Obj, name: string): Obj => template(wf, "mlp-dag").dag.tasks.find((t: Obj) => t.name === name);

/** The fixture with `edit` applied to its pipeline (a deep copy). */
function edited(edit: (p: any) => void): IrDocument {
  const ir = structuredClone(readIr(FIXTURE)) as any;
  edit(ir.pipelines[0]);
  return ir as IrDocument;
}

describe("sweep fixture tune.ir.json", () => {
  const ir = readIr(FIXTURE);
  const { wf, result } = workflow(ir);

  it("emits valid documents, deterministically, matching the golden file", () => {
    expect(result.files.map((f) => f.path)).toEqual(["tune-demo.workflow.yaml"]);
    expect(snapshotText(runArgo(readIr(FIXTURE)).files)).toBe(snapshotText(result.files));
    expectGolden(GOLDEN, snapshotText(result.files));
  });

  it("writes no template tag but its own", () => {
    expect(documentTagProblems(wf)).toEqual([]);
  });

  it("fans a point DAG out withItems, one item per point in grid order, and continues past a failed point", () => {
    expect(mainTask(wf, "tune-points")).toEqual({
      name: "tune-points",
      template: "tune-points",
      depends: "prepare.Succeeded",
      arguments: { artifacts: [{ name: "prepare-rows", from: "{{tasks.prepare.outputs.artifacts.rows}}" }] },
    });
    const fanOut = template(wf, "tune-points");
    expect(fanOut.parallelism).toBeUndefined();
    expect(fanOut.dag.failFast).toBe(false);
    const [point] = fanOut.dag.tasks;
    expect(point.template).toBe("tune-point");
    expect(point.continueOn).toEqual({ failed: true, error: true });
    // 3 x 2: the first dimension varies slowest; the list param `depths` at its default [2, 4]
    expect(point.withItems.map((i: Obj) => [i["mlp-entry"], i.lr, i.depth])).toEqual([
      ["0", "0.01", "2"],
      ["1", "0.01", "4"],
      ["2", "0.1", "2"],
      ["3", "0.1", "4"],
      ["4", "0.3", "2"],
      ["5", "0.3", "4"],
    ]);
    const dag = template(wf, "tune-point").dag.tasks as Obj[];
    expect(dag.map((t) => [t.name, t.depends])).toEqual([
      ["train", undefined],
      ["evaluate", "train.Succeeded"],
    ]);
    expect(dag[0].arguments.artifacts).toEqual([{ name: "rows", from: "{{inputs.artifacts.prepare-rows}}" }]);
    expect(dag[1].arguments.artifacts).toEqual([{ name: "model", from: "{{tasks.train.outputs.artifacts.model}}" }]);
    expect(template(wf, "train").container.env).toEqual([
      { name: "MLP_IN_lr", value: "{{inputs.parameters.lr}}" },
      { name: "MLP_IN_depth", value: "{{inputs.parameters.depth}}" },
    ]);
  });

  it("uploads each point's results to keys the fan-in reads, at the fan-in spec's layout", () => {
    const spec = defaultFanInSpec(pipelineView(validIr(ir).pipelines[0]!), "tune", ir.pipelines[0]!.params);
    const fanIn = template(wf, "tune");
    const inputs = new Map<string, Obj>((fanIn.inputs.artifacts as Obj[]).map((a) => [a.s3.key, a]));
    const uploaded: string[] = [];
    for (const step of ["train", "evaluate"]) {
      for (const a of template(wf, step).outputs.artifacts as Obj[]) {
        if (a.s3 === undefined) continue;
        expect(a.archive).toEqual({ none: {} });
        for (const p of spec.points) {
          const key = a.s3.key.replace("{{inputs.parameters.mlp-entry}}", p.entry);
          const input = inputs.get(key);
          expect(input, key).toBeDefined();
          expect(input!.optional).toBe(true);
          const where = a.name === "mlp-metrics" ? `${p.entry}/${step}.metrics.json` : `${p.entry}/${step}/${a.name}`;
          expect(input!.path).toBe(`/tmp/mlp-fan-in/points/${where}`);
          uploaded.push(key);
        }
      }
    }
    // metrics of both steps, the `best` output train.model and the `collect`ed evaluate.report
    expect(uploaded.length).toBe(6 * 4);
    expect([...inputs.keys()].sort()).toEqual(uploaded.sort());
    expect(fanIn.container.image).toBe("ghcr.io/mlp-lang/mlp:0.1.0");
    expect(fanIn.container.args[0]).toContain("exec mlp fan-in --points /tmp/mlp-fan-in/points --out /tmp/mlp-fan-in/out\n");
    expect(JSON.parse(fanIn.container.env.find((e: Obj) => e.name === "MLP_FAN_IN_SPEC").value)).toEqual(spec);
    expect(mainTask(wf, "tune").depends).toBe("tune-points.Succeeded");
  });

  it("hands the best point and the collect directories to the nodes outside as artifacts, best.json as a parameter", () => {
    const fanIn = template(wf, "tune");
    expect(fanIn.outputs.parameters).toEqual([{ name: "best", valueFrom: { path: "/tmp/mlp-fan-in/out/best.json" } }]);
    expect(fanIn.outputs.artifacts.map((a: Obj) => [a.name, a.path])).toEqual([
      ["best-train-model", "/tmp/mlp-fan-in/out/best/train/model"],
      ["collect-evaluate-report", "/tmp/mlp-fan-in/out/collect/evaluate/report"],
    ]);
    expect(mainTask(wf, "report").arguments.artifacts).toEqual([{ name: "reports", from: "{{tasks.tune.outputs.artifacts.collect-evaluate-report}}" }]);
    expect(mainTask(wf, "quality").when).toBe(
      "{{=(asFloat(fromJSON(tasks['tune'].outputs.parameters['best'])['metrics']['evaluate']['f1']) >= asFloat(workflow.parameters['min_f1']))}}",
    );
    expect(mainTask(wf, "report").arguments.parameters).toEqual([
      { name: "best_f1", value: "{{=sprig.toJson(asFloat(fromJSON(tasks['tune'].outputs.parameters['best'])['metrics']['evaluate']['f1']) + 0.0)}}" },
    ]);
  });

  it("deploys the best point's model from where the fan-in stores it, with the best point's metrics", () => {
    const model = template(wf, "tune").outputs.artifacts[0];
    expect(model.s3).toEqual({ key: "{{workflow.name}}/tune/best/train/model" });
    expect(template(wf, "deploy-production").resource.manifest).toContain("model_uri: 's3://mlp-artifacts/{{workflow.name}}/tune/best/train/model'");
    // evaluate (the `best` step) and train before it; every counted point reached both
    expect(mainTask(wf, "deploy-production").arguments.parameters[0].value).toBe(
      "{{=toJson({'loss': asFloat(fromJSON(tasks['tune'].outputs.parameters['best'])['metrics']['train']['loss']), 'f1': asFloat(fromJSON(tasks['tune'].outputs.parameters['best'])['metrics']['evaluate']['f1'])})}}",
    );
  });
});

describe("the parallelism option", () => {
  it("limits the points running at once on the fan-out template", () => {
    const { wf } = workflow(readIr(FIXTURE), { parallelism: 2 });
    expect(template(wf, "tune-points").parallelism).toBe(2);
  });

  it("is an integer of at least 1 in the options schema", () => {
    const require = createRequire(import.meta.url);
    const Ajv = require("ajv").default;
    const validate = new Ajv({ strict: false }).compile(ARGO_OPTIONS_SCHEMA);
    expect(validate({ parallelism: 4 })).toBe(true);
    expect(validate({ parallelism: 0 })).toBe(false);
    expect(validate({ parallelism: 1.5 })).toBe(false);
    expect(validate({ parallelism: "4" })).toBe(false);
  });
});

describe("a point reading from outside its block", () => {
  // `prepare` reports `rows`; a member gate reads it and the point's `lr`; `train` waits for the gate.
  const ir = edited((p) => {
    const prepare = p.steps.find((s: any) => s.name === "prepare");
    prepare.metrics = [{ name: "rows", type: { kind: "int" } }];
    const origin = prepare.origin;
    p.gates.push({
      name: "worth_it",
      origin,
      sweep: "tune",
      needs: ["prepare"],
      conditions: [
        {
          expr: {
            kind: "binary",
            type: { kind: "bool" },
            op: "and",
            left: { kind: "binary", type: { kind: "bool" }, op: ">", left: { kind: "metric", type: { kind: "int" }, step: "prepare", metric: "rows" }, right: { kind: "literal", type: { kind: "int" }, value: 0 } },
            right: { kind: "binary", type: { kind: "bool" }, op: "<", left: { kind: "over", type: { kind: "float" }, name: "lr" }, right: { kind: "literal", type: { kind: "float" }, value: 0.3 } },
          },
          text: "prepare.rows > 0 and lr < 0.3",
          origin,
        },
      ],
    });
    const train = p.steps.find((s: any) => s.name === "train");
    train.needs = ["prepare", "worth_it"];
    train.after = ["worth_it"];
    const sweep = p.sweeps[0];
    sweep.members = ["worth_it", "train", "evaluate"];
    sweep.needs = ["evaluate", "train", "worth_it"];
    p.order.splice(1, 0, { kind: "gate", name: "worth_it" });
  });

  it("passes other tasks' metrics in base64 and waits for them in the main DAG", () => {
    const { wf } = workflow(ir);
    expect(documentTagProblems(wf)).toEqual([]);
    const fanOut = mainTask(wf, "tune-points");
    expect(fanOut.depends).toBe("prepare.Succeeded");
    expect(fanOut.arguments.parameters).toEqual([{ name: "mlp-metrics-prepare", value: "{{=sprig.b64enc(tasks['prepare'].outputs.parameters['metrics'])}}" }]);
    const point = template(wf, "tune-point");
    expect(point.inputs.parameters.map((p: Obj) => p.name)).toEqual(["mlp-entry", "lr", "depth", "mlp-metrics-prepare"]);
    const gate = point.dag.tasks.find((t: Obj) => t.name === "worth-it");
    expect(gate).toEqual({
      name: "worth-it",
      template: "mlp-gate",
      when: "{{=((asInt(fromJSON(sprig.b64dec(inputs.parameters['mlp-metrics-prepare']))['rows']) > 0) and (asFloat(inputs.parameters['lr']) < 0.3))}}",
    });
    expect(point.dag.tasks.find((t: Obj) => t.name === "train").depends).toBe("worth-it.Succeeded");
    expect(template(wf, "tune-points").dag.tasks[0].arguments.parameters.at(-1)).toEqual({ name: "mlp-metrics-prepare", value: "{{inputs.parameters.mlp-metrics-prepare}}" });
  });
});

describe("the size limit counts the fan-out", () => {
  /** The fixture with `n` values of `lr` (2n points). */
  const grid = (n: number): IrDocument =>
    edited((p) => {
      p.sweeps[0].over[0].values = { kind: "literal", values: Array.from({ length: n }, (_, i) => (i + 1) / 10_000) };
    });

  it("grows with every point (items, fan-in inputs and spec) and refuses a grid past 1.5 MiB with MLP5230", () => {
    const size = (n: number): number => Buffer.byteLength(JSON.stringify(workflow(grid(n)).wf), "utf8");
    const perPoint = (size(60) - size(10)) / 100;
    expect(perPoint).toBeGreaterThan(500);
    const refused = runArgo(grid(1500));
    expect(refused.files).toEqual([]);
    expect(refused.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["MLP5230"]);
    expect(refused.diagnostics.find((d) => d.code === "MLP5230")!.message).toMatch(/^Workflow `tune-demo` would be \d\.\d\d MiB/);
  }, 60_000);

  it("keeps a 1,000-point grid, valid against the Argo schema", () => {
    const { wf } = workflow(grid(500));
    expect(template(wf, "tune-points").dag.tasks[0].withItems.length).toBe(1000);
  }, 60_000);
});
