/**
 * Read side of run tracking: the queries behind `mlp runs`, `mlp runs show`, `mlp runs diff`
 * and `mlp lineage`. Each returns plain data (the CLI prints it as text or JSON).
 */
import { relative } from "node:path";
import type { Store } from "./store.js";
import { shellQuote } from "./shell-quote.js";
import type { KeyParts } from "./cache-key.js";

/** One row of `mlp runs`. */
export interface RunSummary {
  readonly id: number;
  readonly pipeline: string;
  readonly source: string;
  readonly status: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly params: Record<string, unknown>;
  readonly steps: { readonly ran: number; readonly cached: number; readonly failed: number; readonly skipped: number };
}

interface RunRow {
  id: number;
  pipeline: string;
  source: string;
  file_hash: string;
  ir_hash: string;
  params: string;
  git_commit: string | null;
  git_dirty: number | null;
  tools: string;
  argv: string;
  cwd: string;
  flags: string;
  status: string;
  message: string | null;
  started_at: string;
  ended_at: string | null;
  pid: number | null;
  host: string | null;
}

function summarize(store: Store, r: RunRow): RunSummary {
  const counts = store.db
    .prepare<[number], { status: string; n: number }>("SELECT status, COUNT(*) AS n FROM run_steps WHERE run_id = ? GROUP BY status")
    .all(r.id);
  const c = (s: string[]): number => counts.filter((x) => s.includes(x.status)).reduce((a, x) => a + x.n, 0);
  return {
    id: r.id,
    pipeline: r.pipeline,
    source: r.source,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.ended_at ? Date.parse(r.ended_at) - Date.parse(r.started_at) : null,
    gitCommit: r.git_commit,
    gitDirty: r.git_dirty === null ? null : r.git_dirty === 1,
    params: JSON.parse(r.params) as Record<string, unknown>,
    steps: { ran: c(["done"]), cached: c(["cached"]), failed: c(["failed", "cancelled", "died"]), skipped: c(["skipped", "not_run"]) },
  };
}

/** The most recent runs, newest first. */
export function listRuns(store: Store, limit = 20, pipeline?: string): RunSummary[] {
  const rows =
    pipeline === undefined
      ? store.db.prepare<[number], RunRow>("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit)
      : store.db.prepare<[string, number], RunRow>("SELECT * FROM runs WHERE pipeline = ? ORDER BY id DESC LIMIT ?").all(pipeline, limit);
  return rows.map((r) => summarize(store, r));
}

/** Resolves a run reference: a number, or `latest`/`last`. `undefined` if there is no such run. */
export function resolveRunId(store: Store, ref: string): number | undefined {
  if (ref === "latest" || ref === "last") {
    return store.db.prepare<[], { id: number }>("SELECT MAX(id) AS id FROM runs").get()?.id ?? undefined;
  }
  if (!/^\d+$/.test(ref)) return undefined;
  const id = Number(ref);
  return store.db.prepare<[number], { id: number }>("SELECT id FROM runs WHERE id = ?").get(id)?.id;
}

/** Everything recorded about one run. */
export interface RunDetail extends RunSummary {
  readonly fileHash: string;
  readonly irHash: string;
  readonly tools: Record<string, string>;
  readonly message: string | null;
  readonly host: string | null;
  readonly reproduce: string;
  readonly steps_: {
    readonly step: string;
    readonly status: string;
    readonly reason: string | null;
    readonly cacheHit: boolean;
    readonly exitCode: number | null;
    readonly attempts: number;
    readonly durationMs: number | null;
    readonly logPath: string | null;
    readonly error: string | null;
  }[];
  readonly artifacts: { readonly step: string; readonly direction: string; readonly name: string; readonly hash: string; readonly type: string; readonly source: string; readonly size: number | null }[];
  readonly metrics: { readonly step: string; readonly name: string; readonly value: number | boolean }[];
  readonly gates: { readonly gate: string; readonly verdict: string; readonly conditions: unknown }[];
  readonly deployments: { readonly env: string; readonly model: string; readonly version: number; readonly artifact: string; readonly kind: string; readonly status: string; readonly note: string | null }[];
}

/** Full record of run `id`. */
export function showRun(store: Store, id: number): RunDetail | undefined {
  const r = store.db.prepare<[number], RunRow>("SELECT * FROM runs WHERE id = ?").get(id);
  if (!r) return undefined;
  const base = summarize(store, r);
  const steps = store.db
    .prepare<[number], { step: string; status: string; reason: string | null; cache_hit: number; exit_code: number | null; attempts: number; duration_ms: number | null; log_path: string | null; error: string | null }>(
      "SELECT step, status, reason, cache_hit, exit_code, attempts, duration_ms, log_path, error FROM run_steps WHERE run_id = ? ORDER BY rowid",
    )
    .all(id);
  const artifacts = store.db
    .prepare<[number], { step: string; direction: string; name: string; hash: string; type: string; source: string; size: number | null }>(
      "SELECT ra.step, ra.direction, ra.name, ra.hash, ra.type, ra.source, a.size FROM run_artifacts ra LEFT JOIN artifacts a ON a.hash = ra.hash WHERE ra.run_id = ? ORDER BY ra.step_order, ra.seq",
    )
    .all(id);
  const metrics = store.db
    .prepare<[number], { step: string; name: string; value: number; type: string }>("SELECT step, name, value, type FROM metrics WHERE run_id = ? ORDER BY rowid")
    .all(id)
    .map((m) => ({ step: m.step, name: m.name, value: m.type === "bool" ? m.value === 1 : m.value }));
  const gates = store.db
    .prepare<[number], { gate: string; verdict: string; conditions: string }>("SELECT gate, verdict, conditions FROM gates WHERE run_id = ? ORDER BY rowid")
    .all(id)
    .map((g) => ({ gate: g.gate, verdict: g.verdict, conditions: JSON.parse(g.conditions) as unknown }));
  const deployments = store.db
    .prepare<[number], { env: string; model: string; version: number; artifact: string; kind: string; status: string; note: string | null }>(
      "SELECT env, model, version, artifact, kind, status, note FROM deployments WHERE run_id = ? ORDER BY id",
    )
    .all(id);
  return {
    ...base,
    fileHash: r.file_hash,
    irHash: r.ir_hash,
    tools: JSON.parse(r.tools) as Record<string, string>,
    message: r.message,
    host: r.host,
    reproduce: reproduceCommand(r),
    steps_: steps.map((s) => ({
      step: s.step,
      status: s.status,
      reason: s.reason,
      cacheHit: s.cache_hit === 1,
      exitCode: s.exit_code,
      attempts: s.attempts,
      durationMs: s.duration_ms,
      logPath: s.log_path,
      error: s.error,
    })),
    artifacts,
    metrics,
    gates,
    deployments,
  };
}

/** A shell command that re-runs `r` with the same file, pipeline, parameters and store. */
function reproduceCommand(r: RunRow): string {
  const flags = JSON.parse(r.flags) as { file?: string | null; store?: string };
  const params = JSON.parse(r.params) as Record<string, unknown>;
  const file = flags.file ? relative(r.cwd, flags.file) || flags.file : r.source;
  const words = ["mlp", "run", shellQuote(file), "--pipeline", shellQuote(r.pipeline)];
  for (const [k, v] of Object.entries(params)) words.push("-p", shellQuote(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`));
  if (flags.store) words.push("--store", shellQuote(relative(r.cwd, flags.store) || "."));
  const parts = [`cd ${shellQuote(r.cwd)}`];
  if (r.git_commit) parts.push(`git checkout ${r.git_commit}`);
  parts.push(words.join(" "));
  return parts.join(" && ") + (r.git_dirty === 1 ? "   # note: the work tree had uncommitted changes" : "");
}

/** What changed between two runs. */
export interface RunDiff {
  readonly a: number;
  readonly b: number;
  readonly params: { readonly name: string; readonly a: unknown; readonly b: unknown }[];
  readonly metrics: { readonly name: string; readonly a: number | boolean | null; readonly b: number | boolean | null }[];
  readonly artifacts: { readonly name: string; readonly a: string | null; readonly b: string | null }[];
  readonly steps: { readonly step: string; readonly a: string | null; readonly b: string | null }[];
}

/** Params, metrics, output artifacts and step statuses that differ between runs `a` and `b`. */
export function diffRuns(store: Store, a: number, b: number): RunDiff | undefined {
  const ra = showRun(store, a);
  const rb = showRun(store, b);
  if (!ra || !rb) return undefined;
  const diffMaps = <T>(x: Map<string, T>, y: Map<string, T>) =>
    [...new Set([...x.keys(), ...y.keys()])]
      .sort()
      .filter((k) => JSON.stringify(x.get(k) ?? null) !== JSON.stringify(y.get(k) ?? null))
      .map((k) => ({ name: k, a: x.get(k) ?? null, b: y.get(k) ?? null }));
  const params = diffMaps(new Map(Object.entries(ra.params)), new Map(Object.entries(rb.params)));
  const metrics = diffMaps(
    new Map(ra.metrics.map((m) => [`${m.step}.${m.name}`, m.value])),
    new Map(rb.metrics.map((m) => [`${m.step}.${m.name}`, m.value])),
  );
  const outs = (r: RunDetail) => new Map(r.artifacts.filter((x) => x.direction === "out").map((x) => [`${x.step}.${x.name}`, x.hash]));
  const artifacts = diffMaps(outs(ra), outs(rb));
  const steps = diffMaps(new Map(ra.steps_.map((s) => [s.step, s.status])), new Map(rb.steps_.map((s) => [s.step, s.status]))).map((d) => ({
    step: d.name,
    a: d.a,
    b: d.b,
  }));
  return { a, b, params, metrics, artifacts, steps };
}

/** A node of a lineage tree: a step execution and where each of its inputs came from. */
export interface LineageNode {
  readonly run: number;
  readonly step: string;
  readonly status: string;
  readonly reason: string | null;
  readonly args: Record<string, unknown>;
  readonly code: Record<string, string>;
  readonly outputs: { readonly name: string; readonly hash: string; readonly type: string }[];
  readonly inputs: LineageInput[];
}

/** One input of a step in a lineage tree. */
export type LineageInput =
  | { readonly name: string; readonly kind: "dataset"; readonly dataset: string; readonly uri: string; readonly hash: string; readonly type: string }
  | {
      readonly name: string;
      readonly kind: "output";
      readonly from: string;
      readonly hash: string;
      readonly type: string;
      /** The producing step, expanded at its first appearance in the trace only. */
      readonly producer: LineageNode | null;
      /** True where the producer was already expanded earlier in the trace (`producer` is null). */
      readonly shownAbove?: true;
    };

/**
 * Lineage of step `step` in run `run`, back to dataset hashes. Each step is expanded once: a DAG
 * where steps share upstreams (20 inputs a layer, 50 layers) would be exponential as a tree.
 */
export function lineageOfStep(store: Store, run: number, step: string, depth = 0, expanded = new Set<string>()): LineageNode | undefined {
  expanded.add(step);
  const row = store.db
    .prepare<[number, string], { status: string; reason: string | null; parts: string | null }>("SELECT rs.status, rs.reason, COALESCE(rs.parts, sr.parts) AS parts FROM run_steps rs LEFT JOIN step_records sr ON sr.id = rs.record_id WHERE rs.run_id = ? AND rs.step = ?")
    .get(run, step);
  if (!row) return undefined;
  const parts = row.parts ? (JSON.parse(row.parts) as KeyParts) : undefined;
  const arts = store.db
    .prepare<[number, string], { direction: string; name: string; hash: string; type: string; source: string }>(
      "SELECT direction, name, hash, type, source FROM run_artifacts WHERE run_id = ? AND step = ? ORDER BY seq",
    )
    .all(run, step);
  const inputs: LineageInput[] = [];
  for (const a of arts.filter((x) => x.direction === "in")) {
    if (a.source.startsWith("dataset:")) {
      const [, dataset, ...uri] = a.source.split(":");
      inputs.push({ name: a.name, kind: "dataset", dataset: dataset!, uri: uri.join(":"), hash: a.hash, type: a.type });
    } else if (a.source.startsWith("deployed:")) {
      // A model read from the registry: its lineage is that of the run that produced it.
      const [, pipeline, env] = a.source.split(":");
      const made = producerOf(store, a.hash);
      const producer = made === undefined || depth > 200 ? null : (lineageOfStep(store, made.run, made.step, depth + 1, new Set()) ?? null);
      inputs.push({ name: a.name, kind: "output", from: `deployed(${env}${pipeline ? `, from: ${pipeline}` : ""})`, hash: a.hash, type: a.type, producer });
    } else {
      const from = a.source.replace(/^output:/, "");
      const upstream = from.split(".")[0]!;
      if (expanded.has(upstream)) {
        inputs.push({ name: a.name, kind: "output", from, hash: a.hash, type: a.type, producer: null, shownAbove: true });
        continue;
      }
      const producer = depth > 200 ? null : (lineageOfStep(store, run, upstream, depth + 1, expanded) ?? null);
      inputs.push({ name: a.name, kind: "output", from, hash: a.hash, type: a.type, producer });
    }
  }
  return {
    run,
    step,
    status: row.status,
    reason: row.reason,
    args: (parts?.args ?? {}) as Record<string, unknown>,
    code: (parts?.code ?? {}) as Record<string, string>,
    outputs: arts.filter((x) => x.direction === "out").map((x) => ({ name: x.name, hash: x.hash, type: x.type })),
    inputs,
  };
}

/**
 * Finds artifacts whose hash starts with `prefix` (at least 6 hex digits): outputs some step
 * produced and datasets some step read (the rows the partial indexes of migration 3 cover).
 */
export function findArtifacts(store: Store, prefix: string): string[] {
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) return [];
  return store.db
    .prepare<[string, string, string, string], { hash: string }>(
      "SELECT hash FROM record_artifacts WHERE direction = 'out' AND hash >= ? AND hash < ? UNION SELECT hash FROM record_artifacts WHERE source LIKE 'dataset:%' AND hash >= ? AND hash < ? ORDER BY hash LIMIT 5",
    )
    .all(prefix, prefix + "g", prefix, prefix + "g")
    .map((r) => r.hash);
}

/** The step execution that produced artifact `hash` (the earliest run that ran it, else the earliest that reused it). */
export function producerOf(store: Store, hash: string): { run: number; step: string; name: string } | undefined {
  type Row = { run_id: number; step: string; name: string };
  const produced = store.db
    .prepare<[string], Row>(
      "SELECT rs.run_id, rs.step, a.name FROM record_artifacts a JOIN run_steps rs ON rs.record_id = a.record_id WHERE a.direction = 'out' AND a.hash = ? AND rs.cache_hit = 0 ORDER BY rs.run_id ASC LIMIT 1",
    )
    .get(hash);
  if (produced) return { run: produced.run_id, step: produced.step, name: produced.name };
  // A dataset nobody produced: known from the index, no need to scan every row.
  if (store.db.prepare("SELECT 1 FROM record_artifacts WHERE source LIKE 'dataset:%' AND hash = ? LIMIT 1").get(hash)) return undefined;
  const reused = store.db
    .prepare<[string], Row>(
      "SELECT rs.run_id, rs.step, a.name FROM record_artifacts a JOIN run_steps rs ON rs.record_id = a.record_id WHERE a.direction = 'out' AND a.hash = ? ORDER BY rs.run_id ASC LIMIT 1",
    )
    .get(hash);
  return reused ? { run: reused.run_id, step: reused.step, name: reused.name } : undefined;
}
