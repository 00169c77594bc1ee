/**
 * What a drawing says about a sweep: the box's title (its name and grid size, as compiled: list
 * params at their defaults, like every target's grid) and its fan-in node's second line (how the
 * best point is chosen).
 */
import type { IrParam, IrSweep, IrValue } from "../ir/ir.js";
import { sweepDimensionValues, sweepSize } from "../ir/sweep-grid.js";

/**
 * `tune: 3×2 = 6 points`, `tune: 4 points` for one dimension. A dimension over a list param with
 * no default is sized at run time: it shows the param's name (`tune: 3×depths points`).
 */
export function sweepBoxLabel(sweep: IrSweep, params: readonly IrParam[]): string {
  const defaultOf = (name: string): IrValue | undefined => params.find((p) => p.name === name)?.default;
  const sized = sweep.over.every((d) => d.values.kind === "literal" || Array.isArray(defaultOf(d.values.param)));
  if (!sized) {
    const factors = sweep.over.map((d) => {
      if (d.values.kind === "literal") return String(d.values.values.length);
      const values = defaultOf(d.values.param);
      return Array.isArray(values) ? String(values.length) : d.values.param;
    });
    return `${sweep.name}: ${factors.join("×")} points`;
  }
  const factors = sweepDimensionValues(sweep, defaultOf).map((vs) => vs.length);
  const size = sweepSize(sweep, defaultOf);
  const points = `${size} point${size === 1 ? "" : "s"}`;
  return factors.length === 1 ? `${sweep.name}: ${points}` : `${sweep.name}: ${factors.join("×")} = ${points}`;
}

/** The fan-in node's detail line: `best max evaluate.f1`, or `every point` for a sweep without `best`. */
export function sweepFanInDetail(sweep: IrSweep): string {
  return sweep.best ? `best ${sweep.best.direction} ${sweep.best.step}.${sweep.best.metric}` : "every point";
}
