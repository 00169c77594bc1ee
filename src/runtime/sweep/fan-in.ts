/**
 * A sweep's fan-in over the on-disk layout of `src/ir/fan-in-spec.ts`: which points finished, the
 * best one (max or min of the `best` metric; ties go to the earliest point; a point without the
 * metric, or with a value that is not a finite number, takes no part), and the directories nodes
 * outside read: `best/<step>/<output>` and `collect/<step>/<output>/<entry>` with a `points.json`.
 * `mlp fan-in` runs this on every target, and `mlp run` in process, so the winner is chosen by one
 * piece of code everywhere. The output depends only on the points' files: no timestamps, keys in
 * a fixed order.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FanInSpec } from "../../ir/fan-in-spec.js";
import type { IrValue } from "../../ir/ir.js";

export type PointStatus = "succeeded" | "incomplete";

/** One entry of `points.json`. */
export interface PointRecord {
  readonly index: number;
  readonly entry: string;
  readonly values: Readonly<Record<string, IrValue>>;
  /** Metrics by member step, as each step wrote them (steps without a metrics file are left out). */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number | boolean>>>>;
  readonly status: PointStatus;
}

/** `best.json`: the winner, without its status (it succeeded). */
export type BestRecord = Omit<PointRecord, "status">;

export interface FanInResult {
  readonly points: readonly PointRecord[];
  /** The winner; absent when the spec has no `best`. */
  readonly best?: BestRecord;
}

/** A fan-in that cannot complete: bad layout, no point finished. Its message is for the user. */
export class FanInError extends Error {}

export interface FanInOptions {
  /**
   * Hard-link files instead of copying them (falls back to a copy across file systems). The local
   * runtime copies: a link would change the inode's ctime, which its store fingerprints.
   */
  readonly link?: boolean;
}

/** Reads the points under `pointsDir`, writes the fan-in's files under `outDir` (created). */
export function fanIn(spec: FanInSpec, pointsDir: string, outDir: string, options: FanInOptions = {}): FanInResult {
  const points = spec.points.map((p) => readPoint(spec, pointsDir, p));
  const best = spec.best === undefined ? undefined : pickBest(spec, points);
  const put = (from: string, to: string): void => place(from, to, options.link === true);
  mkdirSync(outDir, { recursive: true });
  writeJson(join(outDir, "points.json"), points);
  if (best !== undefined) {
    const { status: _status, ...record } = best;
    writeJson(join(outDir, "best.json"), record);
    for (const o of spec.bestOutputs) put(join(pointsDir, best.entry, o.step, o.output), join(outDir, "best", o.step, o.output));
  } else if (spec.bestOutputs.length > 0) {
    throw new FanInError(`sweep \`${spec.sweep}\` has no \`best\`, yet the spec asks for the best point's outputs`);
  }
  for (const c of spec.collect) {
    const dir = join(outDir, "collect", c.step, c.output);
    mkdirSync(dir, { recursive: true });
    const listed: Omit<PointRecord, "status">[] = [];
    for (const p of points) {
      const from = join(pointsDir, p.entry, c.step, c.output);
      if (!existsSync(from)) continue;
      put(from, join(dir, p.entry));
      listed.push({ index: p.index, entry: p.entry, values: p.values, metrics: p.metrics });
    }
    writeJson(join(dir, "points.json"), listed);
  }
  if (best === undefined) return { points };
  const { status: _status, ...record } = best;
  return { points, best: record };
}

/** The best of `points` by the spec's metric; throws when no point has it. */
export function pickBest(spec: FanInSpec, points: readonly PointRecord[]): PointRecord {
  const { direction, step, metric } = spec.best!;
  let best: { p: PointRecord; v: number } | undefined;
  for (const p of points) {
    if (p.status !== "succeeded") continue;
    const v = p.metrics[step]?.[metric];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    // Strictly better only: a tie keeps the earlier point.
    if (best === undefined || (direction === "max" ? v > best.v : v < best.v)) best = { p, v };
  }
  if (best === undefined) {
    const finished = points.filter((p) => p.status === "succeeded").length;
    throw new FanInError(
      `sweep \`${spec.sweep}\`: no point has a numeric \`${step}.${metric}\` to pick the best from (${points.length} point${points.length === 1 ? "" : "s"}, ${finished} finished)`,
    );
  }
  return best.p;
}

function readPoint(spec: FanInSpec, pointsDir: string, p: FanInSpec["points"][number]): PointRecord {
  const metrics: Record<string, Record<string, number | boolean>> = {};
  let complete = true;
  for (const s of spec.steps) {
    const file = join(pointsDir, p.entry, `${s.name}.metrics.json`);
    const m = readMetrics(file);
    if (m !== undefined) metrics[s.name] = m;
    else if (s.metrics.length > 0) complete = false;
    for (const o of s.outputs) if (!existsSync(join(pointsDir, p.entry, s.name, o))) complete = false;
  }
  // The `best` step's metrics are what "finished" means to the choice (fan-in-spec.ts).
  if (spec.best !== undefined && metrics[spec.best.step] === undefined) complete = false;
  return { index: p.index, entry: p.entry, values: p.values, metrics, status: complete ? "succeeded" : "incomplete" };
}

/** A metrics file's numbers and booleans, keys sorted; undefined when there is none. */
function readMetrics(file: string): Record<string, number | boolean> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new FanInError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FanInError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new FanInError(`${file} is not a JSON object of metrics`);
  const out: Record<string, number | boolean> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

/** Copies (or links) a file, or a directory recursively, to `to`. */
function place(from: string, to: string, link: boolean): void {
  let st;
  try {
    st = statSync(from);
  } catch {
    throw new FanInError(`missing ${from}`);
  }
  mkdirSync(dirname(to), { recursive: true });
  if (st.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from).sort()) place(join(from, name), join(to, name), link);
    return;
  }
  if (link) {
    try {
      linkSync(from, to);
      return;
    } catch {
      /* another file system, or links not allowed: copy */
    }
  }
  copyFileSync(from, to);
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}
