/**
 * The sweep's node in a local run: the fan-in over its points, run in process with the code of
 * `mlp fan-in` (`fan-in.ts`). The points' outputs (objects in the store) and metrics are laid out
 * as the fan-in spec says (symbolic links to the objects, so the store's files are not touched),
 * the fan-in writes its files, and those enter the store: `points.json`, `best.json` and each
 * collect directory. Nodes outside then read, through `RunValues`, the best point's outputs and
 * metrics and the collect directories (names from `expand.ts`).
 *
 * The fan-in is keyed like a step: its spec and every point's output hashes and metrics. An
 * unchanged sweep reuses the entry (`cached`) and writes nothing; a new point changes the key.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { checkCachedOutputs } from "../cached-outputs.js";
import { sha256 } from "../cache-key.js";
import { quarantineObject, type ObjectChecker } from "../object-check.js";
import type { NodeOutcome, NodeStatus } from "../run-events.js";
import type { RunRecorder } from "../run-recorder.js";
import type { RunValues } from "../run-values.js";
import type { Store } from "../store.js";
import { bestMetricName, bestOutputName, collectOutputName, type SweepRun } from "./expand.js";
import { FanInError, fanIn } from "./fan-in.js";

export interface FanInNodeContext {
  readonly store: Store;
  readonly values: RunValues;
  readonly recorder: RunRecorder;
  readonly checker: ObjectChecker;
  /** Null in a dry run. */
  readonly runId: number | null;
  /** The status a member copy settled with. */
  status(node: string): NodeStatus | undefined;
}

/** The fan-in's outputs in the store: `points.json`, `best.json`, best outputs and collect directories. */
export const POINTS_OUTPUT = "points.json";
export const BEST_OUTPUT = "best.json";

/** What the fan-in node did. */
export interface FanInNodeResult {
  readonly outcome: NodeOutcome;
  readonly diagnostic?: Diagnostic;
}

const GOOD = new Set<NodeStatus | undefined>(["done", "cached"]);

/** Runs (or reuses) sweep `run`'s fan-in; sets the values nodes outside read; records it. */
export function runFanInNode(ctx: FanInNodeContext, run: SweepRun): FanInNodeResult {
  const name = run.sweep.name;
  const { spec } = run;
  // Each point's member outputs and metrics, for steps that succeeded there.
  const points = run.points.map((pt, i) =>
    spec.steps.map((s) => {
      const node = run.nodes[i]!.get(s.name)!;
      if (!GOOD.has(ctx.status(node))) return null;
      const outputs: Record<string, string> = {};
      for (const o of s.outputs) {
        const a = ctx.values.output(node, o);
        if (a === undefined || a === "pending") return null;
        outputs[o] = a.hash;
      }
      return { outputs, metrics: ctx.values.metricsOf(node) ?? {} };
    }),
  );
  const pending = run.nodes.some((m) => [...m.values()].some((n) => ctx.status(n) === "would_run"));
  const key = sha256(JSON.stringify(["fan-in", spec, points]));
  const hit = pending ? undefined : ctx.recorder.cacheEntry(key);
  // Reused only when every object still holds its bytes (as a step's outputs are checked); a
  // corrupt one is moved aside (not in a dry run) and the fan-in runs again.
  const verdict = hit === undefined ? undefined : checkCachedOutputs(ctx.checker, hit.outputs);
  if (verdict?.kind === "corrupt" && ctx.runId !== null)
    for (const c of verdict.corrupt) {
      try {
        quarantineObject(ctx.store, c.hash);
      } catch {
        /* another run moved it first */
      }
      ctx.recorder.later(() => ctx.checker.forget(c.hash));
    }
  if (hit !== undefined && verdict?.kind === "ok") {
    if (ctx.runId !== null) ctx.recorder.later(() => verdict.fingerprints.forEach(([h, fp]) => ctx.checker.record(h, fp)));
    publish(ctx, run, hit.outputs, hit.metrics);
    const reason = `cached (from run ${hit.runId})`;
    record(ctx, { step: name, status: "cached", reason, cacheKey: key, cacheHit: true, durationMs: 0 }, hit.metrics);
    return { outcome: { kind: "sweep", name, status: "cached", reason } };
  }
  const reason = `fan-in of ${run.points.length} point${run.points.length === 1 ? "" : "s"}`;
  if (ctx.runId === null) return { outcome: { kind: "sweep", name, status: "would_run", reason } };

  const t0 = performance.now();
  const tmp = mkdtempSync(join(ctx.store.tmpDir, `fan-in-${name}-`));
  try {
    const pointsDir = join(tmp, "points");
    const outDir = join(tmp, "out");
    run.points.forEach((pt, i) => {
      const entry = spec.points[i]!.entry;
      spec.steps.forEach((s, j) => {
        const got = points[i]![j];
        if (got === null) return;
        mkdirSync(join(pointsDir, entry, s.name), { recursive: true });
        for (const [o, h] of Object.entries(got.outputs)) symlinkSync(ctx.store.objectPath(h), join(pointsDir, entry, s.name, o));
        if (s.metrics.length > 0) writeFileSync(join(pointsDir, entry, `${s.name}.metrics.json`), JSON.stringify(got.metrics));
      });
    });
    let result;
    try {
      result = fanIn(spec, pointsDir, outDir);
    } catch (e) {
      if (!(e instanceof FanInError)) throw e;
      const d = diagnostic("MLP7050", "error", e.message, run.sweep.origin, {
        notes: ["a point takes part only when its steps finished and its `best` metric is a number"],
        help: ["look at the points' gates and metrics: `mlp runs show`"],
      });
      record(ctx, { step: name, status: "failed", reason, error: e.message }, {});
      return { outcome: { kind: "sweep", name, status: "failed", reason: e.message }, diagnostic: d };
    }
    const outs: Record<string, string> = {};
    const ingest = (path: string, output: string, kind: string): void => {
      const h = ctx.store.ingest(path);
      outs[output] = h.hash;
      const fp = ctx.checker.fingerprint(h.hash);
      ctx.recorder.later(() => {
        ctx.recorder.artifact(h.hash, h.size, kind, h.dir);
        if (fp !== null) ctx.checker.record(h.hash, fp);
      });
    };
    ingest(join(outDir, "points.json"), POINTS_OUTPUT, "File");
    if (result.best !== undefined) ingest(join(outDir, "best.json"), BEST_OUTPUT, "File");
    for (const c of spec.collect) ingest(join(outDir, "collect", c.step, c.output), collectOutputName(c.step, c.output), "Dir");
    const metrics: Record<string, number | boolean> = {};
    if (result.best !== undefined) {
      const bestPoint = points[result.best.index]!;
      spec.steps.forEach((s, j) => {
        for (const [m, v] of Object.entries(bestPoint[j]?.metrics ?? {})) metrics[bestMetricName(s.name, m)] = v;
      });
      // The best point's own objects: the bytes `best/STEP/OUTPUT` holds, already in the store.
      for (const o of spec.bestOutputs) outs[bestOutputName(o.step, o.output)] = bestPoint[spec.steps.findIndex((s) => s.name === o.step)]!.outputs[o.output]!;
    }
    publish(ctx, run, outs, metrics);
    const runId = ctx.runId;
    ctx.recorder.later(() => ctx.recorder.cache(key, name, outs, metrics, runId));
    const ms = performance.now() - t0;
    record(ctx, { step: name, status: "done", reason, cacheKey: key, durationMs: ms }, metrics);
    return { outcome: { kind: "sweep", name, status: "done", reason, durationMs: ms } };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** What nodes outside read: the fan-in's outputs under the sweep's name, the best point's metrics. */
function publish(ctx: FanInNodeContext, run: SweepRun, outs: Record<string, string>, metrics: Record<string, number | boolean>): void {
  const name = run.sweep.name;
  for (const [output, hash] of Object.entries(outs)) ctx.values.setOutput(name, output, hash, { kind: output.startsWith("collect(") ? "Dir" : "File" });
  ctx.values.setMetrics(name, metrics);
}

function record(ctx: FanInNodeContext, r: Omit<Parameters<RunRecorder["step"]>[0], "runId">, metrics: Record<string, number | boolean>): void {
  if (ctx.runId === null) return;
  const runId = ctx.runId;
  ctx.recorder.later(() => {
    ctx.recorder.step({ runId, ...r });
    if (Object.keys(metrics).length > 0) ctx.recorder.metrics(runId, r.step, metrics);
  });
  ctx.recorder.flushNext();
}
