/**
 * The no-op replay. When nothing a pipeline's cache keys depend on has changed since one of its
 * successful runs (same IR, parameters and mlp version; same dataset and code-file contents) and
 * every cache entry that run used still holds the outputs and metrics it recorded (each object with
 * the size, mtime, ctime and inode it was stored with), a new run would
 * reuse exactly that run's steps. The replay records it so with a few SQL statements (steps,
 * metrics and gate verdicts copied, lineage records shared) instead of recomputing every step's
 * key: make's up-to-date check, but the run is still tracked in full.
 *
 * Anything else takes the executor's normal path: a change, a missing object, a deploy or a
 * `deployed(…)` value (the registry moves between runs), a sweep, a `cache off` step, `--from`,
 * `--no-cache`, `--approve`, a dry run.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { IrExpr } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { pipelineView } from "../ir/view.js";
import { MLP_VERSION } from "../version.js";
import { canonicalJson, sha256 } from "./cache-key.js";
import { gitInfo, type GitInfo } from "./git-info.js";
import type { ParamValues } from "./params.js";
import { deadRunIds } from "./recover.js";
import type { ConditionRecord, NodeOutcome, RunEvent, RunResult } from "./run-events.js";
import { endRunRecord, startRunRecord, type RunRecordInfo } from "./run-record.js";
import type { Store } from "./store.js";
import type { ObjectHashes } from "./object-datasets.js";
import { isObjectUri, ObjectStoreError } from "./object-store.js";
import { objectFingerprint } from "./object-check.js";

/**
 * What a replay needs to know of a pipeline, small enough to keep beside the IR cache's header
 * (so an unchanged no-op run need not parse a large IR at all): the datasets steps read, the code
 * files they name, and the order of its steps and gates.
 */
export interface ReplayPlan {
  readonly datasets: readonly { readonly name: string; readonly uri: string }[];
  readonly code: readonly string[];
  readonly order: readonly { readonly kind: "step" | "gate"; readonly name: string }[];
}

/** The replay plan of `p`; null when its runs are never replayed (see the module comment). */
export function replayPlan(p: ValidPipeline): ReplayPlan | null {
  // A sweep's grid depends on list params' values, which the plan (kept beside the IR cache) cannot.
  // A `finally` step runs on every run, and a `deployed(…).model` input reads the registry, which moves between runs.
  if (p.deploys.length > 0 || (p.sweeps ?? []).length > 0 || p.steps.some((s) => !s.cache || s.finally === true || s.inputs.some((i) => i.binding.kind === "deployed"))) return null;
  const exprs: IrExpr[] = [
    ...p.gates.flatMap((g) => g.conditions.map((c) => c.expr)),
    ...p.steps.flatMap((s) => s.inputs.flatMap((i) => (i.binding.kind === "expr" ? [i.binding.expr] : []))),
  ];
  if (exprs.some(mentionsDeployed)) return null;
  const datasets = new Set<string>();
  const code = new Set<string>();
  for (const s of p.steps) {
    for (const i of s.inputs) if (i.binding.kind === "dataset") datasets.add(i.binding.dataset);
    for (const c of s.code) code.add(c);
  }
  const view = pipelineView(p);
  return {
    datasets: [...datasets].sort().map((name) => ({ name, uri: view.dataset(name)!.uri })),
    code: [...code].sort(),
    order: view.nodes.map((n) => ({ kind: n.kind === "gate" ? "gate" : "step", name: n.name })),
  };
}

function mentionsDeployed(e: IrExpr): boolean {
  switch (e.kind) {
    case "deployed":
      return true;
    case "binary":
      return mentionsDeployed(e.left) || mentionsDeployed(e.right);
    case "unary":
      return mentionsDeployed(e.operand);
    case "interpolate":
      return e.parts.some((p) => p.kind === "expr" && mentionsDeployed(p.expr));
    default:
      return false;
  }
}

/**
 * A run's replay key: everything its steps' cache keys depend on from outside the store. Two runs
 * with one key compute the same keys for every step, given the same cache entries.
 */
export function replayKey(irHashValue: string, params: ParamValues, datasets: ReadonlyMap<string, string>, code: ReadonlyMap<string, string>): string {
  const sorted = (m: ReadonlyMap<string, string>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify([MLP_VERSION, irHashValue, canonicalJson(params), sorted(datasets), sorted(code)]));
}

/** Whether a dataset URI names a remote location (`s3://…`) rather than a local path. */
export function isUrl(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

/**
 * Hash of dataset `uri` as the executor computes it: an object-store URI by its version
 * (`objects`, from `headObjectDatasets`; throws its `ObjectStoreError`), another URL stands for
 * itself, a path by its content.
 */
export function datasetHash(store: Store, root: string, uri: string, objects: ObjectHashes): string {
  if (isObjectUri(uri)) {
    const h = objects.get(uri);
    if (h === undefined) throw new Error(`internal: ${uri} was not looked up before the run`);
    if (h instanceof ObjectStoreError) throw h;
    return h;
  }
  return isUrl(uri) ? `uri:${uri}` : store.hashExternal(resolve(root, uri)).hash;
}

/** What one replay needs: the run's identity and parameters, the plan, and where to record. */
export interface ReplayRequest extends RunRecordInfo {
  readonly plan: ReplayPlan;
  readonly store: Store;
  /** Hashes of the pipeline's object-store datasets. */
  readonly objects: ObjectHashes;
  readonly git?: Promise<GitInfo>;
  readonly signal: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
}

/**
 * Records `req` as a replay of an earlier run when that is exact (see the module comment);
 * undefined when the executor must run it.
 */
export async function tryReplay(req: ReplayRequest): Promise<RunResult | undefined> {
  const started = Date.now();
  const { plan, store } = req;
  if (req.signal.aborted || req.noCache === true || req.from !== undefined || (req.approve ?? []).length > 0) return undefined;
  const db = store.db;
  const datasets = new Map<string, string>();
  const code = new Map<string, string>();
  try {
    for (const d of plan.datasets) datasets.set(d.name, datasetHash(store, req.root, d.uri, req.objects));
    for (const c of plan.code) code.set(c, store.hashExternal(resolve(req.root, c)).hash);
  } catch {
    return undefined; // a missing file or object: the executor reports it
  }
  const key = replayKey(req.irHash, req.params, datasets, code);
  const from = db
    .prepare<[string, string, string], { id: number }>("SELECT id FROM runs WHERE replay_key = ? AND source = ? AND pipeline = ? AND status = 'success' ORDER BY id DESC LIMIT 1")
    .get(key, req.source, req.pipeline);
  if (!from) return undefined;
  if (!stillExact(store, from.id, plan)) return undefined;

  // A dead run's logs are masked by the full path, which knows the secrets' values (run-pipeline.ts).
  if (deadRunIds(store).length > 0) return undefined;
  const git = req.git ?? gitInfo(req.root);
  const runId = startRunRecord(store, req);
  mkdirSync(join(store.logsDir, String(runId)), { recursive: true });
  // Rows go in in the pipeline's order, as a no-op run of the executor writes them; `CROSS JOIN`
  // makes SQLite walk that list and look each step up, not scan the list once per step.
  const order = JSON.stringify(plan.order.map((o) => o.name));
  db.transaction(() => {
    db.prepare(
      `INSERT INTO run_steps(run_id, step, status, reason, cache_key, cache_hit, exit_code, attempts, started_at, ended_at, duration_ms, log_path, error, record_id)
       SELECT ?, rs.step, 'cached', 'cached (from run ' || c.run_id || ')', rs.cache_key, 1, NULL, 0, NULL, NULL, 0, NULL, NULL, rs.record_id
       FROM json_each(?) o CROSS JOIN run_steps rs ON rs.run_id = ? AND rs.step = o.value JOIN cache c ON c.key = rs.cache_key ORDER BY o.key`,
    ).run(runId, order, from.id);
    db.prepare(
      "INSERT INTO metrics(run_id, step, name, value, type) SELECT ?, m.step, m.name, m.value, m.type FROM json_each(?) o CROSS JOIN metrics m ON m.run_id = ? AND m.step = o.value ORDER BY o.key, m.rowid",
    ).run(runId, order, from.id);
    db.prepare("INSERT INTO gates(run_id, gate, verdict, conditions) SELECT ?, gate, verdict, conditions FROM gates WHERE run_id = ? ORDER BY rowid").run(runId, from.id);
  }).immediate();

  const emit = (e: RunEvent): void => req.onEvent?.(e);
  emit({ type: "run-start", runId, pipeline: req.pipeline, nodes: plan.order.length, dryRun: false });
  const reasons = new Map(
    db.prepare<[number], { step: string; reason: string }>("SELECT step, reason FROM run_steps WHERE run_id = ?").all(runId).map((r) => [r.step, r.reason]),
  );
  const gates = new Map(
    db.prepare<[number], { gate: string; conditions: string }>("SELECT gate, conditions FROM gates WHERE run_id = ?").all(runId).map((g) => [g.gate, g.conditions]),
  );
  const outcomes: NodeOutcome[] = plan.order.map((o) =>
    o.kind === "step"
      ? { kind: "step", name: o.name, status: "cached", reason: reasons.get(o.name)! }
      : { kind: "gate", name: o.name, status: "passed", conditions: JSON.parse(gates.get(o.name)!) as ConditionRecord[] },
  );
  for (const outcome of outcomes) emit({ type: "node-end", outcome });
  const g = await git;
  endRunRecord(store, runId, "success", null, g, key);
  return { runId, status: "success", outcomes, diagnostics: [], durationMs: Date.now() - started, replayedFrom: from.id };
}

/**
 * Whether run `runId` can stand for a new run of the plan's pipeline: every step reused or ran,
 * every gate passed, each step's cache entry is still the one the run used (a later `--no-cache`
 * or `--from` run may have replaced it with other bytes), and its outputs are still in the store.
 */
function stillExact(store: Store, runId: number, plan: ReplayPlan): boolean {
  const db = store.db;
  const steps = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM run_steps WHERE run_id = ?").get(runId)!.n;
  if (steps !== plan.order.filter((o) => o.kind === "step").length) return false;
  const gates = db.prepare<[number], { verdict: string }>("SELECT verdict FROM gates WHERE run_id = ?").all(runId);
  if (gates.length !== plan.order.filter((o) => o.kind === "gate").length || gates.some((g) => g.verdict !== "passed")) return false;
  // A step that did not succeed, lost its cache entry, or whose entry was since rewritten: an
  // entry changes only when a step runs and stores it with its run's id, so the entry must still
  // come from the run this one ran it in (`done`), or the run it said it reused (`cached`).
  const changed = db
    .prepare<{ run: number }, { step: string }>(
      `SELECT rs.step FROM run_steps rs LEFT JOIN cache c ON c.key = rs.cache_key
       WHERE rs.run_id = @run AND (
         rs.status NOT IN ('done', 'cached') OR c.key IS NULL OR rs.record_id IS NULL
         OR (rs.status = 'done' AND c.run_id IS NOT @run)
         OR (rs.status = 'cached' AND rs.reason IS NOT 'cached (from run ' || c.run_id || ')')
       ) LIMIT 1`,
    )
    .get({ run: runId });
  if (changed) return false;
  // Every output still in the store with the stat it had when stored (see object-check.ts): any
  // change, or an object stored before fingerprints were recorded, leaves it to the executor,
  // which re-hashes the object and sets a corrupt one aside.
  const outputs = db
    .prepare<[number], { hash: string; stat: string | null }>(
      "SELECT j.value AS hash, s.stat AS stat FROM run_steps rs JOIN cache c ON c.key = rs.cache_key, json_each(c.outputs) j LEFT JOIN object_stats s ON s.hash = j.value WHERE rs.run_id = ?",
    )
    .all(runId);
  return outputs.every((o) => o.stat !== null && objectFingerprint(store.objectPath(o.hash)) === o.stat);
}
