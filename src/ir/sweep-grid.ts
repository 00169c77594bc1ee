/**
 * The points of a sweep's grid, computed one way for everyone: the local runtime (with the run's
 * param values) and the targets (with the params' defaults, since an orchestrator's job list is
 * fixed when the file is compiled). Points are the cross product of the dimensions in
 * declaration order, the first varying slowest (language brief §9.1).
 */
import type { IrParam, IrSweep, IrValue } from "./ir.js";

export interface SweepPoint {
  /** Position in grid order, from 0. */
  readonly index: number;
  /** The point's value of each dimension, by dimension name, in dimension order. */
  readonly values: Readonly<Record<string, IrValue>>;
  /**
   * The point's identity: its values, canonically encoded. It does not depend on the point's
   * position, so adding a value to a dimension leaves the other points' identities (and the
   * runtime's cache keys) unchanged.
   */
  readonly key: string;
}

/** Each dimension's values: literal, or the list param's value from `paramValue`. */
export function sweepDimensionValues(sweep: IrSweep, paramValue: (name: string) => IrValue | undefined): (readonly IrValue[])[] {
  return sweep.over.map((d) => {
    if (d.values.kind === "literal") return d.values.values;
    const v = paramValue(d.values.param);
    if (!Array.isArray(v)) throw new Error(`internal: list param \`${d.values.param}\` of sweep \`${sweep.name}\` has no list value`);
    return v;
  });
}

/** The grid's points, in grid order. */
export function sweepPoints(sweep: IrSweep, paramValue: (name: string) => IrValue | undefined): SweepPoint[] {
  const dims = sweepDimensionValues(sweep, paramValue);
  const names = sweep.over.map((d) => d.name);
  const count = dims.reduce((n, vs) => n * vs.length, 1);
  const points: SweepPoint[] = [];
  for (let index = 0; index < count; index++) {
    const values: Record<string, IrValue> = {};
    let rest = index;
    for (let d = dims.length - 1; d >= 0; d--) {
      const vs = dims[d]!;
      values[names[d]!] = vs[rest % vs.length]!;
      rest = Math.floor(rest / vs.length);
    }
    const ordered: Record<string, IrValue> = {};
    for (const n of names) ordered[n] = values[n]!;
    points.push({ index, values: ordered, key: JSON.stringify(names.map((n) => [n, ordered[n]])) });
  }
  return points;
}

/** The grid's size without building it (for the targets' limits on a 10,000-point grid). */
export function sweepSize(sweep: IrSweep, paramValue: (name: string) => IrValue | undefined): number {
  return sweepDimensionValues(sweep, paramValue).reduce((n, vs) => n * vs.length, 1);
}

/** The points with every list param at its default: what an orchestrator's compiled grid is. */
export function defaultSweepPoints(sweep: IrSweep, params: readonly IrParam[]): SweepPoint[] {
  return sweepPoints(sweep, (name) => params.find((p) => p.name === name)?.default);
}

/**
 * The name of point `index`'s entry in a `collect` directory and in artifact names: its index,
 * zero-padded to the width of the largest index so that entries sort in point order.
 */
export function pointEntryName(index: number, count: number): string {
  return String(index).padStart(String(Math.max(count - 1, 0)).length, "0");
}
