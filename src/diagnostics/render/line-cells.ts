/**
 * A source line laid out in terminal cells once, then queried in O(log n): the display column
 * of an offset, and the cells inside a window. The human renderer keeps one per printed line for
 * the whole batch, so 5,000 diagnostics on one 20 KB line lay that line out once, not 5,000 times.
 */
import { toCells, type Cell } from "./text-width.js";

export class LineCells {
  readonly cells: readonly Cell[];
  /** UTF-16 offset of each cell in the line. */
  readonly offsets: readonly number[];
  /** Display column where each cell starts; `colStart[cells.length]` is the total width. */
  private readonly colStart: Int32Array;

  constructor(readonly raw: string) {
    const { cells, offsets } = toCells(raw);
    this.cells = cells;
    this.offsets = offsets;
    this.colStart = new Int32Array(cells.length + 1);
    for (let k = 0; k < cells.length; k++) this.colStart[k + 1] = this.colStart[k]! + cells[k]!.width;
  }

  get totalWidth(): number {
    return this.colStart[this.cells.length]!;
  }

  /** Display column where cell `k` starts. */
  colOf(k: number): number {
    return this.colStart[k]!;
  }

  /** Display column of UTF-16 offset `off` (past the end: one column per missing unit). */
  colAt(off: number): number {
    const k = this.firstOffsetAtLeast(off);
    return k < this.cells.length ? this.colStart[k]! : this.totalWidth + Math.max(0, off - this.raw.length);
  }

  /** The last cell starting before offset `off` (0 when none). */
  lastCellBefore(off: number): number {
    return Math.max(0, this.firstOffsetAtLeast(off) - 1);
  }

  /** The first cell starting at display column `col` or later. */
  firstCellAtCol(col: number): number {
    let lo = 0;
    let hi = this.cells.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.colStart[mid]! < col) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstOffsetAtLeast(off: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! < off) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
