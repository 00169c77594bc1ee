/**
 * The "report metrics" step of a step job, run as `actions/github-script` runs it (the script as
 * the body of an async function given `require` and `core`, the workflow's, the job's and then the
 * step's `env:` in `process.env`, as GitHub merges them; the step runs the workflow's
 * `MLP_REPORT_METRICS`):
 * every declared metric of the right type becomes a JSON-encoded step output, and a missing or
 * unreadable file, a file that is not a JSON object, or a metric that is missing or of the wrong
 * type fails the step with a message naming the file or the metric.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitIr, loadIr } from "./helpers.js";

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: { script?: string };
}

const workflow = parse(emitIr(loadIr("churn.ir.json")).files[0]!.contents) as {
  env?: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
};
const workflowEnv = workflow.env ?? {};
const reportJobs = Object.values(workflow.jobs).filter((j) => j.steps.some((s) => s.name === "report metrics"));
const reportSteps = reportJobs.flatMap((j) => j.steps.filter((s) => s.name === "report metrics"));
const step = reportSteps[0]!;
const jobEnv = reportJobs[0]!.env ?? {};
const workspace = mkdtempSync(join(tmpdir(), "mlp-gh-metrics-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

interface Outcome {
  readonly outputs: Record<string, string>;
  readonly failed?: string;
}

/** Runs the step's script with `types` as `MLP_METRIC_TYPES` and `file` (text, or absent) as the metrics file. */
async function run(types: Record<string, string>, file: string | undefined): Promise<Outcome> {
  const rel = jobEnv["MLP_METRICS"]!;
  const path = join(workspace, rel);
  rmSync(path, { force: true });
  if (file !== undefined) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file);
  }
  const outputs: Record<string, string> = {};
  let failed: string | undefined;
  const core = {
    setOutput: (name: string, value: string) => {
      outputs[name] = value;
    },
    setFailed: (message: string) => {
      failed ??= message;
    },
  };
  const saved = { ...process.env };
  Object.assign(process.env, workflowEnv, jobEnv, step.env, { GITHUB_WORKSPACE: workspace, MLP_METRIC_TYPES: JSON.stringify(types) });
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
    await new AsyncFunction("require", "core", step.with!.script!)(createRequire(import.meta.url), core);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return failed === undefined ? { outputs } : { outputs, failed };
}

describe("the report-metrics script", () => {
  it("is the same pinned github-script step in every job that reports metrics", () => {
    expect(reportSteps.length).toBeGreaterThan(1);
    for (const s of reportSteps) {
      expect(s.uses).toMatch(/^actions\/github-script@[0-9a-f]{40}$/);
      expect(s.with!.script).toBe(step.with!.script);
      expect(Object.keys(s.env!)).toEqual(["MLP_METRIC_TYPES"]);
      expect(s.with!.script).toContain("process.env.MLP_REPORT_METRICS");
    }
    // The file it reads is the job's MLP_METRICS, the one the command writes.
    for (const j of reportJobs) expect(j.env?.["MLP_METRICS"]).toMatch(/^_mlp\/metrics\/[A-Za-z0-9_-]+\.json$/);
  });

  it("sets each declared metric as a JSON-encoded output", async () => {
    const types = { auc: "float", n: "int", ok: "bool" };
    expect(await run(types, JSON.stringify({ auc: 0.91, n: 12, ok: false, extra: "ignored" }))).toEqual({ outputs: { auc: "0.91", n: "12", ok: "false" } });
    expect(await run({ auc: "float" }, '{"auc": 1}')).toEqual({ outputs: { auc: "1" } });
    expect(await run({}, "{}")).toEqual({ outputs: {} });
    // Undeclared nested metrics are read by nothing on GitHub: only declared (top-level) ones become outputs.
    expect(await run({ auc: "float" }, JSON.stringify({ auc: 0.5, avg_prec: { train: 0.8 } }))).toEqual({ outputs: { auc: "0.5" } });
  });

  it("fails when the file is missing or is not JSON", async () => {
    expect((await run({ auc: "float" }, undefined)).failed).toMatch(/^cannot read the metrics file \/.*\.json: ENOENT/);
    expect((await run({ auc: "float" }, "{auc: 1}")).failed).toMatch(/^cannot read the metrics file \/.*\.json: .*JSON/);
  });

  it("fails when the file does not hold a JSON object", async () => {
    for (const text of ["null", "[1]", "3", '"x"', "true"]) {
      const r = await run({ auc: "float" }, text);
      expect(r.failed, text).toMatch(/^the metrics file \/.*\.json must hold a JSON object$/);
      expect(r.outputs).toEqual({});
    }
  });

  it("fails on a metric that is missing or of the wrong type, naming it", async () => {
    const cases: [Record<string, string>, unknown, string][] = [
      [{ auc: "float" }, {}, "metric auc must be float, found undefined"],
      [{ auc: "float" }, { auc: "0.9" }, 'metric auc must be float, found "0.9"'],
      [{ auc: "float" }, { auc: null }, "metric auc must be float, found null"],
      [{ n: "int" }, { n: 1.5 }, "metric n must be int, found 1.5"],
      [{ n: "int" }, { n: true }, "metric n must be int, found true"],
      [{ ok: "bool" }, { ok: 1 }, "metric ok must be bool, found 1"],
      [{ ok: "bool" }, { ok: "true" }, 'metric ok must be bool, found "true"'],
      [{ d: "duration" }, { d: [1] }, "metric d must be duration, found [1]"],
      // A nested object where a metric is declared fails, as under `mlp run` (MLP7013).
      [{ avg_prec: "float" }, { avg_prec: { train: 0.8 } }, 'metric avg_prec must be float, found {"train":0.8}'],
    ];
    for (const [types, data, message] of cases) expect((await run(types, JSON.stringify(data))).failed).toBe(message);
    // The first bad metric stops the step; the ones before it were already set.
    expect(await run({ a: "int", b: "int", c: "int" }, JSON.stringify({ a: 1, b: "x", c: 3 }))).toEqual({ outputs: { a: "1" }, failed: 'metric b must be int, found "x"' });
  });
});
