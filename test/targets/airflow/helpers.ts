/**
 * Shared helpers for the Airflow target tests: emitting fixtures, running the api.json checker
 * (`check_dag.py`) over emitted files, and golden snapshots.
 */
import { validIr } from "../../helpers/valid-ir.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { IrDocument } from "../../../src/ir/ir.js";
import type { EmitResult } from "../../../src/target/target.js";
import { emit } from "../../../targets/airflow/index.js";
import { AIRFLOW_API_JSON } from "../../vendor/paths.js";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, "../../..");
/** The vendored Airflow API facts (test/vendor/README.md). */
export const API_JSON = AIRFLOW_API_JSON;
export const CHECKER = join(HERE, "check_dag.py");

export function loadIr(name: string): IrDocument {
  return JSON.parse(readFileSync(join(REPO, "test/fixtures/ir", name), "utf8")) as IrDocument;
}

/** The claim the tests give kubernetes-operator DAGs whose options choose no artifact storage. */
export const TEST_CLAIM = "mlp-artifacts";

/**
 * Emits `ir` with `options` merged over each pipeline's own `target airflow` block. A
 * kubernetes-operator DAG whose merged options name neither an object store nor a volume gets
 * `artifact_volume: TEST_CLAIM` (without it, outputs are refused with MLP5320); pass
 * `artifact_volume: undefined` to compile without one.
 */
export function emitWith(ir: IrDocument, options: Record<string, unknown> = {}): EmitResult {
  return emit(validIr(ir), {
    mlpVersion: "0.1.0",
    optionsFor: (p) => {
      const merged: Record<string, unknown> = { ...(p.targets["airflow"]?.options ?? {}), ...options };
      const root = merged["artifact_root"];
      const chosen = "artifact_volume" in options || merged["artifact_volume"] !== undefined || (typeof root === "string" && root.includes("://"));
      if (merged["operator"] !== "bash" && !chosen) merged["artifact_volume"] = TEST_CLAIM;
      if (merged["artifact_volume"] === undefined) delete merged["artifact_volume"];
      return merged;
    },
  });
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** Writes `files` to a temp dir and runs the api.json checker over them for `version`. */
export function checkFiles(files: readonly { path: string; contents: string }[], version: "3" | "2"): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), "mlp-airflow-"));
  const paths = files.map((f) => {
    const p = join(dir, f.path);
    writeFileSync(p, f.contents);
    return p;
  });
  const out = execFileSync("python3", [CHECKER, API_JSON, version, ...paths], { encoding: "utf8" });
  return JSON.parse(out) as Finding[];
}

/** Compares `actual` with `test/golden/airflow/<name>.snap`; writes it with UPDATE_GOLDEN=1. */
export function golden(name: string, files: readonly { path: string; contents: string }[]): { expected: string; actual: string } {
  const actual = files.map((f) => `---------- ${f.path} ----------\n${f.contents}`).join("");
  const path = join(REPO, "test/golden/airflow", `${name}.snap`);
  if (process.env["UPDATE_GOLDEN"] === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  return { expected: readFileSync(path, "utf8"), actual };
}

export const RUNNER = join(HERE, "run_dag.py");

/** One task as `run_dag.py` reports it: rendered template fields, upstream ids, callable result. */
export interface RunTask {
  readonly task_id: string;
  readonly operator: string;
  readonly upstream: string[];
  readonly rendered: Record<string, unknown>;
  readonly kwargs: Record<string, unknown>;
  readonly result: unknown;
  /** What the callable printed. */
  readonly log: string;
  /** With `states`: success, failed, skipped or upstream_failed. */
  readonly state?: string;
  readonly problems: string[];
}

export interface RunResult {
  readonly dag: Record<string, unknown>;
  readonly tasks: RunTask[];
  /** The run's state, with `states`: failed when a leaf failed or is upstream_failed. */
  readonly state?: "success" | "failed";
}

export interface RunContext {
  readonly run_id: string;
  readonly params?: Record<string, unknown>;
  readonly xcom?: Record<string, unknown>;
  /** One earlier run's XCom, for short (it has a logical date). */
  readonly prior_xcom?: Record<string, unknown>;
  /** Earlier runs, oldest first; `logical_date: null` as for runs triggered through Airflow 3's REST API. */
  readonly prior_runs?: readonly { run_id: string; logical_date: string | null; xcom: Record<string, unknown> }[];
  /** Run bash and pod tasks for real (`run_dag.py`), not only render them. */
  readonly execute?: boolean;
  /** Call python callables (gates, records, lookups); default true. */
  readonly call?: boolean;
  /** Give every task a state by its trigger rule, branches and short circuits (`run_dag.py`). */
  readonly states?: boolean;
  /** Earlier runs of other DAGs, by dag_id, for `xcom_pull(dag_id=…, include_prior_dates=True)`. */
  readonly other_dags?: Record<string, readonly { run_id: string; logical_date: string | null; xcom: Record<string, unknown> }[]>;
}

/** Imports `contents` against stand-in Airflow modules from api.json and renders every task. */
export function runDag(contents: string, version: "3" | "2", context: RunContext, cwd?: string): RunResult {
  const dir = mkdtempSync(join(tmpdir(), "mlp-airflow-run-"));
  const file = join(dir, "dag.py");
  writeFileSync(file, contents);
  const ctx = join(dir, "context.json");
  writeFileSync(ctx, JSON.stringify(context));
  const out = execFileSync("python3", [RUNNER, API_JSON, version, file, ctx], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...(cwd !== undefined ? { cwd } : {}) });
  return JSON.parse(out) as RunResult;
}

export function taskById(run: RunResult, id: string): RunTask {
  const t = run.tasks.find((x) => x.task_id === id);
  if (t === undefined) throw new Error(`no task ${id}`);
  return t;
}
