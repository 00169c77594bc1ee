/**
 * `deployed(env)` on Airflow picks the latest deploy record by the time the record was written,
 * not by the logical date: Airflow 3 runs triggered through the REST API have none, PostgreSQL
 * sorts those first, and since 3.0.4 `xcom_pull(include_prior_dates=True)` returns every earlier
 * record, in no useful order (run_dag.py's stand-in answers as Airflow does).
 */
import { describe, expect, it } from "vitest";
import { emitWith, loadIr, runDag, taskById } from "./helpers.js";

const RUN_ID = "manual__2026-01-07T09:00:00+00:00";
const files = {
  "3": emitWith(loadIr("churn.ir.json"), { artifact_root: "s3://bucket/mlp" }).files[0]!,
  "2": emitWith(loadIr("churn.ir.json"), { artifact_root: "s3://bucket/mlp", airflow_version: "2" }).files[0]!,
};
const metrics = { profile: { max_psi: 0.05 }, evaluate: { accuracy: 0.9, auc: 0.8 }, train: { train_loss: 0.3 } };

function record(runId: string, auc: number, recordedAt?: string): Record<string, unknown> {
  return { env: "production", run_id: runId, metrics: { auc }, ...(recordedAt !== undefined ? { recorded_at: recordedAt } : {}) };
}

/** Earlier runs, oldest first: run id, logical date (null: triggered through the REST API), the record. */
function runs(...rs: [string, string | null, Record<string, unknown>][]) {
  return rs.map(([run_id, logical_date, r]) => ({ run_id, logical_date, xcom: { "record-production": r } }));
}

function lookup(version: "3" | "2", prior: ReturnType<typeof runs>): { deployed: unknown; quality: unknown } {
  const r = runDag(files[version].contents, version, { run_id: RUN_ID, xcom: metrics, prior_runs: prior });
  return { deployed: taskById(r, "deployed-production").result, quality: taskById(r, "quality").result };
}

describe("airflow deployed(env): the latest record by its own time", () => {
  it("picks the latest of several records, whichever runs had a logical date", () => {
    const prior = runs(
      ["scheduled__2026-01-01T03:00:00+00:00", "2026-01-01T03:00:00+00:00", record("scheduled__2026-01-01T03:00:00+00:00", 0.7, "2026-01-02T03:20:00.000000+00:00")],
      ["manual__2026-01-03T10:00:00+00:00", null, record("manual__2026-01-03T10:00:00+00:00", 0.95, "2026-01-03T10:30:00.000000+00:00")],
      ["manual__2026-01-05T10:00:00+00:00", null, record("manual__2026-01-05T10:00:00+00:00", 0.85, "2026-01-05T10:30:00.000000+00:00")],
      ["scheduled__2026-01-05T03:00:00+00:00", "2026-01-05T03:00:00+00:00", record("scheduled__2026-01-05T03:00:00+00:00", 0.805, "2026-01-06T03:20:00.000000+00:00")],
    );
    const r = lookup("3", prior);
    expect(r.deployed).toEqual(prior[3]!.xcom["record-production"]);
    // 0.8 >= 0.805 - 0.01 holds against the latest; it would not against 0.85 or 0.95
    expect(r.quality).toBe(true);
  });

  it("picks a run without a logical date when it deployed last", () => {
    const prior = runs(
      ["scheduled__2026-01-05T03:00:00+00:00", "2026-01-05T03:00:00+00:00", record("scheduled__2026-01-05T03:00:00+00:00", 0.7, "2026-01-06T03:20:00.000000+00:00")],
      ["manual__2026-01-06T10:00:00+00:00", null, record("manual__2026-01-06T10:00:00+00:00", 0.95, "2026-01-06T10:30:00.000000+00:00")],
    );
    const r = lookup("3", prior);
    expect(r.deployed).toEqual(prior[1]!.xcom["record-production"]);
    expect(r.quality).toBe(false);
  });

  it("ranks a record without recorded_at (an older DAG's) below every timed one, and reads a single record as is", () => {
    const prior = runs(
      ["manual__2026-01-04T10:00:00+00:00", null, record("manual__2026-01-04T10:00:00+00:00", 0.95)],
      ["manual__2026-01-02T10:00:00+00:00", null, record("manual__2026-01-02T10:00:00+00:00", 0.7, "2026-01-02T10:30:00.000000+00:00")],
    );
    expect(lookup("3", prior).deployed).toEqual(prior[1]!.xcom["record-production"]);
    const one = runs(["scheduled__2026-01-05T03:00:00+00:00", "2026-01-05T03:00:00+00:00", record("scheduled__2026-01-05T03:00:00+00:00", 0.7)]);
    expect(lookup("3", one).deployed).toEqual(one[0]!.xcom["record-production"]);
    expect(lookup("2", one).deployed).toEqual(one[0]!.xcom["record-production"]);
  });

  it("is None before the first deploy, so ?? supplies the default", () => {
    const r = lookup("3", []);
    expect(r.deployed).toBeNull();
    expect(r.quality).toBe(true);
  });

  it("writes recorded_at into each record, in a format the lookup orders", () => {
    const r = runDag(files["3"].contents, "3", { run_id: RUN_ID, xcom: metrics });
    const written = taskById(r, "record-staging").result as Record<string, string>;
    expect(written["recorded_at"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    const later = record("x", 0.7, written["recorded_at"]);
    const earlier = record("y", 0.95, "2000-01-01T00:00:00.000000+00:00");
    expect(lookup("3", runs(["x", null, later], ["y", null, earlier])).deployed).toEqual(later);
  });
});
