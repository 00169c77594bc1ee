/**
 * A step's metrics on Airflow, run for real: the generated bash task under `bash` with its
 * `output_processor`, and the pod's command with the XCom sidecar's reading and `post_execute`
 * (run_dag.py, "execute"). Each case also runs under `mlp run`, and Airflow must agree with it:
 * the same metrics reach the gate, and a step fails with the same MLP7013 message.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrDocument, IrMetric } from "../../../src/ir/ir.js";
import { type Ran, project, run } from "../../runtime/harness.js";
import { bin, gate, irDoc, lit, m, metric, step } from "../../runtime/ir-builder.js";
import { checkFiles, emitWith, runDag, taskById } from "./helpers.js";

const RUN_ID = "manual__2026-01-01T00:00:00+00:00";

const VARIANTS = [
  { version: "3", operator: "bash" },
  { version: "2", operator: "bash" },
  { version: "3", operator: "kubernetes" },
] as const;

function pipeline(command: string, metrics: IrMetric[]): IrDocument {
  return irDoc({
    steps: [step({ name: "evaluate", run: command, metrics })],
    gates: [gate("good", [{ text: "evaluate.acc >= 0.5", expr: bin(">=", m("evaluate", "acc"), lit(0.5)) }], ["evaluate"])],
  });
}

type Local = Pick<Ran, "status" | "diagnostics">;
const locals = new Map<string, Promise<Local>>();

/** `mlp run` of `ir` (once per document: every Airflow variant compares with the same run). */
function local(ir: IrDocument): Promise<Local> {
  const key = JSON.stringify(ir);
  let r = locals.get(key);
  if (r === undefined) {
    r = run(project().dir, ir).then((ran) => {
      ran.store.close();
      return { status: ran.status, diagnostics: ran.diagnostics };
    });
    locals.set(key, r);
  }
  return r;
}

function airflow(ir: IrDocument, v: (typeof VARIANTS)[number]): { evaluate: unknown; good: unknown } {
  const p = project();
  const { files, diagnostics } = emitWith(ir, { airflow_version: v.version, operator: v.operator, project_dir: p.dir, artifact_root: join(p.dir, "artifacts") });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(checkFiles(files, v.version)).toEqual([]);
  const r = runDag(files[0]!.contents, v.version, { run_id: RUN_ID, execute: true });
  return { evaluate: taskById(r, "evaluate").result, good: taskById(r, "good").result };
}

describe("airflow: a step's metrics, as mlp run reads them", () => {
  for (const v of VARIANTS) {
    describe(`${v.version === "3" ? "3.x" : "2.10"} ${v.operator}`, () => {
      it("reads the metrics of a step whose output does not end in a newline", async () => {
        const ir = pipeline(`printf 'progress 100 percent'; echo '{"acc": 0.9, "n": 3}' > \${metrics}`, [metric("acc"), metric("n", "int")]);
        const r = await local(ir);
        expect(r.status).toBe("success");
        const a = airflow(ir, v);
        expect(a.evaluate).toEqual({ acc: 0.9, n: 3 });
        expect(a.good).toBe(true);
      });

      it("accepts 2.0 as an int and extra keys, as mlp run does", async () => {
        const ir = pipeline(`echo '{"acc": 1, "n": 2.0, "note": "x", "more": {"a": true}}' > \${metrics}`, [metric("acc"), metric("n", "int")]);
        expect((await local(ir)).status).toBe("success");
        expect(airflow(ir, v).good).toBe(true);
      });

      const failures: { name: string; command: string; metrics: IrMetric[] }[] = [
        { name: "no metrics file", command: "echo hi", metrics: [metric("acc")] },
        { name: "a string for a float", command: `echo '{"acc": "high"}' > \${metrics}`, metrics: [metric("acc")] },
        { name: "a fraction for an int", command: `echo '{"acc": 1, "n": 2.5}' > \${metrics}`, metrics: [metric("acc"), metric("n", "int")] },
        { name: "a number for a bool", command: `echo '{"acc": 1, "ok": 1}' > \${metrics}`, metrics: [metric("acc"), metric("ok", "bool")] },
        { name: "a missing metric", command: `echo '{"n": 1}' > \${metrics}`, metrics: [metric("acc")] },
        { name: "an array", command: `echo '[1]' > \${metrics}`, metrics: [metric("acc")] },
      ];
      for (const f of failures) {
        it(`fails the step with mlp run's MLP7013 message: ${f.name}`, async () => {
          const ir = pipeline(f.command, f.metrics);
          const r = await local(ir);
          expect(r.status).toBe("failed");
          const d = r.diagnostics[0]!;
          expect(d.code).toBe("MLP7013");
          const a = airflow(ir, v);
          expect(a.evaluate).toEqual({ error: expect.stringContaining(`ValueError: mlp: error[MLP7013]: ${d.message}`) });
          // the gate never sees metrics of a failed step
          expect(a.good).toEqual({ error: expect.stringContaining("did not report metric 'acc'") });
        });
      }

      it("fails a metrics file that is not JSON", async () => {
        const ir = pipeline("echo '{oops' > ${metrics}", [metric("acc")]);
        const d = (await local(ir)).diagnostics[0]!;
        expect(d.message).toMatch(/^metrics file of step `evaluate` is not valid JSON/);
        const a = airflow(ir, v);
        // bash checks the line itself; in a pod the XCom sidecar's reader fails first
        expect(a.evaluate).toEqual({
          error: v.operator === "bash" ? expect.stringContaining("error[MLP7013]: metrics file of step `evaluate` is not valid JSON") : expect.stringContaining("JSONDecodeError"),
        });
      });
    });
  }

  it("still fails a step whose command fails, with its exit status", () => {
    const ir = pipeline(`echo '{"acc": 1}' > \${metrics}; exit 3`, [metric("acc")]);
    expect(airflow(ir, VARIANTS[0]).evaluate).toEqual({ error: expect.stringContaining("non-zero exit code 3") });
  });
});
