/**
 * What the Airflow target refuses or warns about, from IR (including IR no `.mlp` source could
 * produce), with the code, severity and the IR origin span of the offending element.
 */
import { describe, expect, it } from "vitest";
import type { IrDocument, IrPipeline } from "../../../src/ir/ir.js";
import { validateIrDocument } from "../../../src/ir/validate-document.js";
import { checkFiles, emitWith, loadIr } from "./helpers.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function churn(change: (p: Mutable<IrPipeline>) => void): IrDocument {
  const ir = JSON.parse(JSON.stringify(loadIr("churn.ir.json"))) as Mutable<IrDocument>;
  change(ir.pipelines[0] as Mutable<IrPipeline>);
  return ir as IrDocument;
}

/** The churn IR with node `from` renamed everywhere it is referenced, so the IR stays valid. */
function renamed(from: string, to: string): IrDocument {
  return JSON.parse(JSON.stringify(loadIr("churn.ir.json")).replaceAll(`"${from}"`, `"${to}"`)) as IrDocument;
}

/** What the IR boundary says of `ir`, as `CODE message` lines. */
function boundary(ir: IrDocument): string[] {
  return validateIrDocument(ir, "hand.ir.json").diagnostics.map((d) => `${d.code} ${d.message}`);
}

function codes(ir: IrDocument, options: Record<string, unknown> = {}): { code: string; severity: string; line: number; message: string }[] {
  return emitWith(ir, options).diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.span.start.line, message: d.message }));
}

const CASES: { name: string; ir: IrDocument; options?: Record<string, unknown>; code: string; severity: string; line: number }[] = [
  { name: "dag_id with a space", ir: churn(() => {}), options: { dag_id: "churn daily" }, code: "MLP5301", severity: "error", line: 2 },
  { name: "pipeline name too long for a dag_id", ir: churn((p) => void (p.name = "p".repeat(251))), code: "MLP5301", severity: "error", line: 2 },
  { name: "step name too long for a task_id", ir: renamed("evaluate", "e".repeat(251)), code: "MLP5302", severity: "error", line: 13 },
  { name: "deploy env whose derived task id is too long", ir: renamed("staging", "s".repeat(245)), code: "MLP5302", severity: "error", line: 19 },
  { name: "cron hour out of range", ir: churn((p) => void Object.assign(p.schedule!, { cron: "0 24 * * *" })), code: "MLP5303", severity: "error", line: 3 },
  { name: "six-field cron", ir: churn((p) => void Object.assign(p.schedule!, { cron: "0 0 3 * * *" })), code: "MLP5303", severity: "error", line: 3 },
  { name: "data trigger", ir: churn(() => {}), code: "MLP5304", severity: "warning", line: 4 },
  { name: "push trigger", ir: churn((p) => void p.triggers.push({ kind: "push", paths: ["src/**"], origin: p.triggers[0]!.origin })), code: "MLP5305", severity: "warning", line: 4 },
  { name: "kserve option Airflow does not support", ir: churn((p) => void Object.assign(p.deploys[0]!.to.options, { min_replicas: 1 })), code: "MLP5306", severity: "error", line: 19 },
  { name: "kserve name with capitals", ir: churn((p) => void Object.assign(p.deploys[0]!.to.options, { name: "Churn_Model" })), code: "MLP5307", severity: "error", line: 19 },
  { name: "kserve without namespace", ir: churn((p) => void delete (p.deploys[0]!.to.options as Record<string, unknown>)["namespace"]), code: "MLP5307", severity: "error", line: 19 },
  { name: "env name with the reserved prefix", ir: churn((p) => void (p.steps[1]!.env["_MLP_CWD"] = "/")), code: "MLP5308", severity: "error", line: 11 },
  { name: "env name shadowing a secret", ir: churn((p) => void ((p.steps[1]!.env["API_KEY"] = "x"), p.secrets.push({ name: "API_KEY", origin: p.origin }), p.steps[1]!.secrets.push("API_KEY"))), code: "MLP5308", severity: "error", line: 11 },
  { name: "memory Kubernetes does not read (`K`, which it spells `k`)", ir: churn((p) => void (p.steps[2]!.resources = { memory: "512K" })), code: "MLP5309", severity: "error", line: 12 },
  { name: "bash operator ignores images", ir: churn(() => {}), options: { operator: "bash" }, code: "MLP5310", severity: "warning", line: 11 },
  { name: "namespace with capitals", ir: churn(() => {}), options: { namespace: "ML" }, code: "MLP5311", severity: "error", line: 2 },
  { name: "impossible start_date", ir: churn(() => {}), options: { start_date: "2024-02-30" }, code: "MLP5311", severity: "error", line: 2 },
  { name: "approval", ir: churn(() => {}), code: "MLP5312", severity: "info", line: 20 },
  {
    name: "deployed() of an environment this pipeline does not deploy to",
    ir: churn((p) => void (p.deploys.splice(1, 1), (p.order = p.order.filter((r) => r.name !== "production")))),
    code: "MLP5313",
    severity: "warning",
    line: 18,
  },
  { name: "local deploy", ir: churn((p) => void (p.deploys[0]!.to = { kind: "local", options: {} })), code: "MLP5314", severity: "info", line: 19 },
];

describe("airflow target: diagnostics", () => {
  for (const c of CASES) {
    it(`${c.code} for ${c.name}`, () => {
      const found = codes(c.ir, c.options).filter((d) => d.code === c.code);
      expect(found.length, JSON.stringify(codes(c.ir, c.options))).toBeGreaterThan(0);
      expect(found[0]!.severity).toBe(c.severity);
      expect(found[0]!.line).toBe(c.line);
      expect(found[0]!.message).toMatch(/^[^A-Z].*[^.]$/);
    });
  }

  it("emits no file when there is an error, and a file despite warnings", () => {
    expect(emitWith(churn((p) => void Object.assign(p.schedule!, { cron: "bad" }))).files).toEqual([]);
    const ok = emitWith(churn(() => {}));
    expect(ok.diagnostics.some((d) => d.severity === "warning")).toBe(true);
    expect(ok.files.length).toBe(1);
  });

  it("refuses two pipelines that compile to the same file", () => {
    const ir = loadIr("churn.ir.json");
    const twice = { ...ir, pipelines: [ir.pipelines[0]!, { ...ir.pipelines[0]!, name: "churn2", targets: { airflow: { options: { ...ir.pipelines[0]!.targets["airflow"]?.options, dag_id: "churn" }, origin: ir.pipelines[0]!.origin } } }] };
    const r = emitWith(twice);
    expect(r.files.length).toBe(1);
    expect(r.diagnostics.some((d) => d.code === "MLP5301" && d.message.includes("churn.py"))).toBe(true);
  });

  it("emits a valid DAG for a pipeline with nothing in it", () => {
    const empty = churn((p) => {
      p.steps = [];
      p.gates = [];
      p.deploys = [];
      p.order = [];
      p.params = [];
      p.triggers = [];
    });
    const r = emitWith(empty);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.files[0]!.contents).toMatch(/ as dag:\n    pass\n$/);
    expect(checkFiles(r.files, "3")).toEqual([]);
  });

  it("never throws on odd IR the boundary lets through (a gate whose condition is a constant, a kserve option Airflow refuses)", () => {
    const odd = churn((p) => {
      p.gates[0]!.conditions = [{ ...p.gates[0]!.conditions[0]!, expr: { kind: "literal", type: { kind: "bool" }, value: true }, text: "true" }];
      Object.assign(p.deploys[0]!.to.options, { max_replicas: 3 });
    });
    expect(boundary(odd)).toEqual([]);
    expect(() => emitWith(odd)).not.toThrow();
    expect(emitWith(odd).diagnostics.some((d) => d.severity === "error")).toBe(true);
  });
});

// What the target used to refuse itself (MLP5308 for names that are not identifiers, MLP5309 for
// amounts the schema excludes) is refused at the IR boundary, before any target runs.
describe("airflow target: what the IR boundary refuses first", () => {
  it("a deploy option of the wrong type (deploy options are typed by the deploy-kind definition)", () => {
    expect(boundary(churn((p) => void (p.deploys[0]!.to = { kind: "command", options: { command: 42 } } as never))).join("\n")).toMatch(/^MLP9110 /);
  });

  it("an environment variable name that is not an identifier (was MLP5308)", () => {
    expect(boundary(churn((p) => void (p.steps[1]!.env["BAD-NAME"] = "x")))).toEqual(["MLP9111 environment variable name `BAD-NAME` of step `prepare` is not a plain identifier"]);
  });

  it("a param name that is not an identifier (was MLP5308)", () => {
    expect(boundary(churn((p) => void (p.params[0]!.name = "learning rate")))).toContain(
      "MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/params/0/name: `learning rate` is not a plain identifier (letters, digits and `_`, not starting with a digit)",
    );
  });

  it("a name that would break out of a Jinja string (was MLP5308)", () => {
    expect(boundary(churn((p) => void (p.steps[2]!.inputs[0]!.binding = { kind: "output", step: "prepare", output: "x' }}{{ 7*7" })))).toContain(
      "MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/steps/2/inputs/0/binding/output: `x' }}{{ 7*7` is not a plain identifier (letters, digits and `_`, not starting with a digit)",
    );
  });

  it("a fractional GPU count (was MLP5309)", () => {
    expect(boundary(churn((p) => void (p.steps[2]!.resources = { gpu: 0.5 })))).toEqual(["MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/steps/2/resources/gpu: must be integer"]);
  });

  it("an input reading an output no step has (the target no longer looks)", () => {
    expect(boundary(churn((p) => void (p.steps[2]!.inputs[0]!.binding = { kind: "output", step: "prepare", output: "nothing" })))).toEqual([
      "MLP9112 input `data` of step `train` reads `prepare.nothing`, which no step outputs",
    ]);
  });
});
