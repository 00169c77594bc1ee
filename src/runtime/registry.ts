/**
 * The local model registry inside the store: model versions (one per distinct artifact), one
 * pointer per (pipeline, environment) to the live deployment, and each deployment's metrics
 * snapshot — what `deployed(env).metric` reads for champion / challenger gates.
 *
 * Deploy kinds: `local` links the model into `STORE/deployments/PIPELINE/ENV`; `command` runs a
 * shell command with the model path in `MLP_MODEL_PATH` (never spliced into the command text);
 * any other kind (`kserve`, …) needs a cluster and is recorded as "registered, not pushed".
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, openSync, closeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { IrValue } from "../ir/ir.js";
import type { Store } from "./store.js";
import { spawnStep } from "./spawn-step.js";
import { Redactor } from "./redact.js";
import { redactLogFile } from "./redact-run.js";

/** A deployment's status in the registry. */
export type DeploymentStatus = "deployed" | "registered" | "awaiting_approval" | "failed" | "superseded";

/** One row of the `deployments` table. */
export interface DeploymentRow {
  readonly id: number;
  readonly run_id: number;
  readonly pipeline: string;
  readonly env: string;
  readonly model: string;
  readonly version: number;
  readonly artifact: string;
  readonly kind: string;
  readonly options: string;
  readonly status: DeploymentStatus;
  readonly note: string | null;
  readonly metrics: string;
  readonly created_at: string;
  readonly decided_at: string | null;
  /** JSON `DeploySecrets` (names only); null for deployments recorded before mlp knew them. */
  readonly secrets: string | null;
}

/** The secrets a deploy's command may see: the names it declares, and every secret of its pipeline. */
export interface DeploySecrets {
  readonly declared: readonly string[];
  readonly pipeline: readonly string[];
}

/**
 * The environment of a deploy command, built as a step's is: `base` without any of the
 * pipeline's secrets, plus the ones the deploy declares. Lists the declared names that are not
 * set, which the caller reports (MLP7017).
 */
export function deployEnv(base: NodeJS.ProcessEnv, secrets: DeploySecrets | undefined): { env: NodeJS.ProcessEnv; missing: string[] } {
  if (secrets === undefined) return { env: { ...base }, missing: [] };
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of secrets.pipeline) delete env[name];
  const missing: string[] = [];
  for (const name of secrets.declared) {
    const v = base[name];
    if (v === undefined) missing.push(name);
    else env[name] = v;
  }
  return { env, missing };
}

/** Registers `artifact` as a version of model `name` (the same artifact keeps its version). */
export function registerModel(store: Store, name: string, artifact: string, runId: number): number {
  const db = store.db;
  const tx = db.transaction((): number => {
    const row = db.prepare<[string, string], { version: number }>("SELECT version FROM models WHERE name = ? AND artifact = ?").get(name, artifact);
    if (row) return row.version;
    const max = db.prepare<[string], { v: number | null }>("SELECT MAX(version) AS v FROM models WHERE name = ?").get(name);
    const version = (max?.v ?? 0) + 1;
    db.prepare("INSERT INTO models(name, version, artifact, run_id, created_at) VALUES (?, ?, ?, ?, ?)").run(
      name,
      version,
      artifact,
      runId,
      new Date().toISOString(),
    );
    return version;
  });
  return tx.immediate();
}

/** The metrics snapshot of the deployment live in `env` for `pipeline`, if any. */
export function deployedMetrics(store: Store, pipeline: string, env: string): Record<string, number | boolean> | undefined {
  const row = store.db
    .prepare<[string, string], { metrics: string }>(
      "SELECT d.metrics FROM env_pointers p JOIN deployments d ON d.id = p.deployment_id WHERE p.pipeline = ? AND p.env = ?",
    )
    .get(pipeline, env);
  return row ? (JSON.parse(row.metrics) as Record<string, number | boolean>) : undefined;
}

/** The deployment live in `env` for `pipeline` (artifact and version), if any. */
export function liveDeployment(store: Store, pipeline: string, env: string): { artifact: string; version: number; model: string } | undefined {
  return store.db
    .prepare<[string, string], { artifact: string; version: number; model: string }>(
      "SELECT d.artifact, d.version, d.model FROM env_pointers p JOIN deployments d ON d.id = p.deployment_id WHERE p.pipeline = ? AND p.env = ?",
    )
    .get(pipeline, env);
}

/** Inputs of one deployment. */
export interface DeployRequest {
  readonly runId: number;
  readonly pipeline: string;
  readonly env: string;
  readonly model: string;
  readonly artifact: string;
  readonly kind: string;
  readonly options: Readonly<Record<string, IrValue>>;
  readonly metrics: Record<string, number | boolean>;
  /** Directory a `command` deploy runs in (the pipeline file's directory). */
  readonly cwd: string;
  readonly logPath: string;
  readonly signal: AbortSignal;
  /** The caller's environment; the command sees it without the pipeline's undeclared secrets. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Which secrets the command may see; undefined (a deployment recorded by an older mlp): all of `baseEnv`. */
  readonly secrets?: DeploySecrets;
}

/** Outcome of a deployment attempt. */
export interface DeployOutcome {
  readonly status: DeploymentStatus;
  readonly note: string;
  readonly deploymentId: number;
  readonly version: number;
}

/** Records a deployment waiting for `mlp approve RUN ENV`. */
export function recordAwaiting(store: Store, req: Omit<DeployRequest, "cwd" | "logPath" | "signal" | "baseEnv">): number {
  const version = registerModel(store, req.model, req.artifact, req.runId);
  const info = store.db
    .prepare(
      "INSERT INTO deployments(run_id, pipeline, env, model, version, artifact, kind, options, status, note, metrics, created_at, secrets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_approval', ?, ?, ?, ?)",
    )
    .run(req.runId, req.pipeline, req.env, req.model, version, req.artifact, req.kind, JSON.stringify(req.options), "waiting for approval", JSON.stringify(req.metrics), new Date().toISOString(), req.secrets ? JSON.stringify(req.secrets) : null);
  return Number(info.lastInsertRowid);
}

/** Performs a deployment (or completes an approved one, when `existingId` is given). */
export async function deploy(store: Store, req: DeployRequest, existingId?: number): Promise<DeployOutcome> {
  const version = registerModel(store, req.model, req.artifact, req.runId);
  const modelPath = store.objectPath(req.artifact);
  let status: DeploymentStatus;
  let note: string;
  if (req.kind === "local") {
    const dir = join(store.dir, "deployments", req.pipeline);
    mkdirSync(dir, { recursive: true });
    const link = join(dir, req.env);
    const tmp = `${link}.${process.pid}.tmp`;
    rmSync(tmp, { force: true });
    symlinkSync(modelPath, tmp);
    renameSync(tmp, link);
    status = "deployed";
    note = `model v${version} linked at ${link}`;
  } else if (req.kind === "command") {
    // `command` is the option's name (src/deploy/kinds.ts); lowering renames the older `run`, which
    // only a deployment recorded before that (read back by `mlp approve`) can still hold.
    const command = req.options["command"] ?? req.options["run"];
    const { env, missing } = deployEnv(req.baseEnv, req.secrets);
    if (typeof command !== "string") {
      status = "failed";
      note = "`to command` needs a `command: \"…\"` option holding the shell command";
    } else if (missing.length > 0) {
      status = "failed";
      note = `the deploy needs secret${missing.length === 1 ? "" : "s"} ${missing.map((m) => `\`${m}\``).join(", ")}, not set in the environment`;
    } else {
      const fd = openSync(req.logPath, "a");
      try {
        const r = await spawnStep({
          command,
          cwd: req.cwd,
          env: {
            ...env,
            // The same names the GitHub, Argo and Airflow targets set for `to command`.
            MLP_MODEL: modelPath,
            MLP_ENVIRONMENT: req.env,
            MLP_MODEL_PATH: modelPath,
            MLP_MODEL_NAME: req.model,
            MLP_MODEL_VERSION: String(version),
            MLP_RUN_ID: String(req.runId),
          },
          logFd: fd,
          signal: req.signal,
        });
        if (r.exitCode === 0) {
          status = "deployed";
          note = `model v${version} deployed by command`;
        } else {
          status = "failed";
          note = r.spawnError ?? (r.cancelled ? "cancelled" : `deploy command exited with ${r.exitCode ?? r.signal}`);
        }
      } finally {
        closeSync(fd);
      }
      // Masked like a step's log: every secret of the pipeline, not only those the deploy lists.
      const redactor = Redactor.fromEnv(req.secrets?.pipeline ?? [], req.baseEnv);
      const problem = redactLogFile(req.logPath, redactor);
      if (problem !== null) note += `; ${problem}`;
      note = redactor.text(note);
    }
  } else {
    status = "registered";
    note = `registered, not pushed: \`${req.kind}\` needs a cluster; the local executor records model v${version} for \`${req.env}\` only`;
  }
  const db = store.db;
  const now = new Date().toISOString();
  const id = db.transaction((): number => {
    let id = existingId;
    if (id === undefined) {
      const info = db
        .prepare(
          "INSERT INTO deployments(run_id, pipeline, env, model, version, artifact, kind, options, status, note, metrics, created_at, decided_at, secrets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(req.runId, req.pipeline, req.env, req.model, version, req.artifact, req.kind, JSON.stringify(req.options), status, note, JSON.stringify(req.metrics), now, now, req.secrets ? JSON.stringify(req.secrets) : null);
      id = Number(info.lastInsertRowid);
    } else {
      db.prepare("UPDATE deployments SET status = ?, note = ?, decided_at = ? WHERE id = ?").run(status, note, now, id);
    }
    if (status === "deployed" || status === "registered") {
      db.prepare("INSERT OR REPLACE INTO env_pointers(pipeline, env, deployment_id) VALUES (?, ?, ?)").run(req.pipeline, req.env, id);
    }
    return id;
  }).immediate();
  return { status, note, deploymentId: id, version };
}

/** Absolute path helper used by callers that print where a local deploy lives. */
export function deploymentLink(store: Store, pipeline: string, env: string): string {
  return resolve(store.dir, "deployments", pipeline, env);
}
