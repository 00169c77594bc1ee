/**
 * Offset-to-span conversion for the parser's hot path. Lowering asks for positions in almost
 * increasing offset order, so remembering the last line found makes most lookups O(1) (a
 * `LineIndex` binary search per node was a fifth of the parse time of a 3 MB file). Positions
 * are identical to `LineIndex.position` (0-based offset, 1-based line and UTF-16 column).
 *
 * Spans of nested nodes share most of their ends (a node starts where its first token starts),
 * so recent positions are cached and shared: a third of the syntax tree's objects are positions,
 * and every one saved is one less for the garbage collector to copy. Positions are read-only.
 */
import type { Position, Span } from "../source/span.js";

/** How many recent positions are kept (a power of two). */
const POSITION_CACHE_SIZE = 4096;

/** Builds spans for one file. */
export class SpanMaker {
  private readonly lineStarts: number[] = [0];
  private line = 0;
  /** Recently made positions, by `offset % POSITION_CACHE_SIZE`. */
  private readonly recent: (Position | undefined)[] = new Array<Position | undefined>(POSITION_CACHE_SIZE).fill(undefined);

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** The position of `offset`, clamped to the text. */
  position(offset: number): Position {
    const o = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const slot = o & (POSITION_CACHE_SIZE - 1);
    const cached = this.recent[slot];
    if (cached !== undefined && cached.offset === o) return cached;
    const line = this.lineIndex(o);
    const position = { offset: o, line: line + 1, column: o - this.lineStarts[line]! + 1 };
    this.recent[slot] = position;
    return position;
  }

  /** The 0-based line of offset `o` (within the text). */
  private lineIndex(o: number): number {
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
    return line;
  }

  /** The span `[start, end)`. */
  span(start: number, end: number): Span {
    return { file: this.path, start: this.position(start), end: this.position(end) };
  }

  /** The 1-based line of `offset`. */
  lineOf(offset: number): number {
    return this.lineIndex(offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset) + 1;
  }
}
