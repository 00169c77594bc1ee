/**
 * Offset-to-span conversion for the parser's hot path. Lowering asks for positions in almost
 * increasing offset order, so remembering the last line found makes most lookups O(1) (a
 * `LineIndex` binary search per node was a fifth of the parse time of a 3 MB file). Positions
 * are identical to `LineIndex.position` (0-based offset, 1-based line and UTF-16 column).
 */
import type { Position, Span } from "../source/span.js";

/** Builds spans for one file. */
export class SpanMaker {
  private readonly lineStarts: number[] = [0];
  private line = 0;

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The position of `offset`, clamped to the text. */
  position(offset: number): Position {
    const o = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const starts = this.lineStarts;
    let line = this.line;
    if (starts[line]! <= o && (line + 1 >= starts.length || starts[line + 1]! > o)) {
      // same line as last time
    } else if (line + 2 < starts.length && starts[line + 1]! <= o && starts[line + 2]! > o) {
      line++;
    } else {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= o) lo = mid;
        else hi = mid - 1;
      }
      line = lo;
    }
    this.line = line;
    return { offset: o, line: line + 1, column: o - starts[line]! + 1 };
  }

  /** The span `[start, end)`. */
  span(start: number, end: number): Span {
    return { file: this.path, start: this.position(start), end: this.position(end) };
  }

  /** The 1-based line of `offset`. */
  lineOf(offset: number): number {
    return this.position(offset).line;
  }
}
