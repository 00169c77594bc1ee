/**
 * A run's sweeps as `mlp runs show` and `mlp runs diff` report them: each sweep's `points.json`
 * and `best.json` (the fan-in's outputs, kept in the store under the sweep's cache entry), and
 * two runs' points matched by their values, not their index (adding a value renumbers points).
 * A sweep whose fan-in did not run (a point failed) has no table: its points' rows
 * (`MEMBER[i]`) are in the run's steps.
 */
import { readFileSync } from "node:fs";
import type { IrValue } from "../../ir/ir.js";
import { canonicalJson } from "../cache-key.js";
import type { Store } from "../store.js";
import { BEST_OUTPUT, POINTS_OUTPUT } from "./fan-in-node.js";
import type { BestRecord, PointRecord } from "./fan-in.js";

export interface SweepTable {
  readonly sweep: string;
  readonly points: readonly PointRecord[];
  /** The winner's index; null when the sweep has no `best`. */
  readonly best: number | null;
}

/** The sweeps of run `runId` whose fan-in ran or was reused, in the run's order. */
export function sweepTables(store: Store, runId: number): SweepTable[] {
  const rows = store.db
    .prepare<[number], { step: string; outputs: string }>(
      `SELECT rs.step, c.outputs FROM run_steps rs JOIN cache c ON c.key = rs.cache_key
       WHERE rs.run_id = ? AND rs.status IN ('done', 'cached') AND json_extract(c.outputs, '$."${POINTS_OUTPUT}"') IS NOT NULL ORDER BY rs.rowid`,
    )
    .all(runId);
  const out: SweepTable[] = [];
  for (const r of rows) {
    const outputs = JSON.parse(r.outputs) as Record<string, string>;
    const points = readObject<PointRecord[]>(store, outputs[POINTS_OUTPUT]!);
    if (points === undefined) continue;
    const best = outputs[BEST_OUTPUT] === undefined ? undefined : readObject<BestRecord>(store, outputs[BEST_OUTPUT]);
    out.push({ sweep: r.step, points, best: best?.index ?? null });
  }
  return out;
}

function readObject<T>(store: Store, hash: string): T | undefined {
  try {
    return JSON.parse(readFileSync(store.objectPath(hash), "utf8")) as T;
  } catch {
    return undefined; // moved aside or removed: the table is left out
  }
}

/** A point's metrics as `STEP.METRIC` -> value, in the order the steps reported them. */
export function flatMetrics(p: PointRecord): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [step, ms] of Object.entries(p.metrics)) for (const [m, v] of Object.entries(ms)) out[`${step}.${m}`] = v;
  return out;
}

/** How a point's values read: `lr=0.1 depth=4`. */
export function valuesText(values: Readonly<Record<string, IrValue>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

/** One point's change between two runs, matched by its values. */
export interface PointDiff {
  readonly values: Readonly<Record<string, IrValue>>;
  /** `added`/`removed`: the point is in one run only. */
  readonly change: "added" | "removed" | "changed";
  readonly status?: { readonly a: string; readonly b: string };
  readonly metrics: readonly { readonly name: string; readonly a: number | boolean | null; readonly b: number | boolean | null }[];
}

export interface SweepDiff {
  readonly sweep: string;
  /** The winner's values in each run (null: no table or no `best` in that run). */
  readonly best: { readonly a: Readonly<Record<string, IrValue>> | null; readonly b: Readonly<Record<string, IrValue>> | null };
  /** Points that differ, in run B's order, then those only in run A. */
  readonly points: readonly PointDiff[];
}

/** Sweep tables of two runs compared point by point. */
export function diffSweeps(a: readonly SweepTable[], b: readonly SweepTable[]): SweepDiff[] {
  const names = [...new Set([...b.map((t) => t.sweep), ...a.map((t) => t.sweep)])];
  return names.map((sweep) => {
    const ta = a.find((t) => t.sweep === sweep);
    const tb = b.find((t) => t.sweep === sweep);
    const byKey = new Map((ta?.points ?? []).map((p) => [canonicalJson(p.values), p]));
    const seen = new Set<string>();
    const points: PointDiff[] = [];
    for (const pb of tb?.points ?? []) {
      const key = canonicalJson(pb.values);
      seen.add(key);
      const pa = byKey.get(key);
      if (pa === undefined) {
        points.push({ values: pb.values, change: "added", metrics: Object.entries(flatMetrics(pb)).map(([name, v]) => ({ name, a: null, b: v })) });
        continue;
      }
      const ma = flatMetrics(pa);
      const mb = flatMetrics(pb);
      const metrics = [...new Set([...Object.keys(mb), ...Object.keys(ma)])].filter((k) => ma[k] !== mb[k]).map((name) => ({ name, a: ma[name] ?? null, b: mb[name] ?? null }));
      const status = pa.status !== pb.status ? { a: pa.status, b: pb.status } : undefined;
      if (metrics.length > 0 || status !== undefined) points.push({ values: pb.values, change: "changed", metrics, ...(status ? { status } : {}) });
    }
    for (const pa of ta?.points ?? []) {
      if (seen.has(canonicalJson(pa.values))) continue;
      points.push({ values: pa.values, change: "removed", metrics: Object.entries(flatMetrics(pa)).map(([name, v]) => ({ name, a: v, b: null })) });
    }
    const winner = (t: SweepTable | undefined) => (t === undefined || t.best === null ? null : (t.points[t.best]?.values ?? null));
    return { sweep, best: { a: winner(ta), b: winner(tb) }, points };
  });
}
