/**
 * Offset-to-span conversion for the parser's hot path. Lowering asks for positions in almost
 * increasing offset order, so remembering the last line found makes most lookups O(1) (a
 * `LineIndex` binary search per node was a fifth of the parse time of a 3 MB file). Positions
 * are identical to `LineIndex.position` (0-based offset, 1-based line and UTF-16 column).
 *
 * The syntax tree's spans are `LazySpan`s: two offsets, with the line and column of each end
 * worked out when read. Only the spans a diagnostic, the IR or the formatter looks at ever need
 * them; building them all up front made position objects a third of the tree's objects and a
 * fifth of the parse time of a 10,000-step file. Recent positions are cached and shared, so a
 * position read twice is usually (not always) the same object: compare positions by value.
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

  /** The span `[start, end)`; its positions are made when read. */
  span(start: number, end: number): Span {
    return new LazySpan(this.path, this, start, end);
  }

  /** The 1-based line of `offset`. */
  lineOf(offset: number): number {
    return this.lineIndex(offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset) + 1;
  }
}

/**
 * A span that knows its offsets and makes its `Position`s when they are read. It serialises
 * (JSON) as the plain `{ file, start, end }` every other span is. It keeps its file's
 * `SpanMaker`, and with it the file's text, alive.
 */
export class LazySpan implements Span {
  // A private field is not an own enumerable key: the span's keys are its file and offsets.
  // Positions are not kept here: `SpanMaker.position` caches recent ones, and most spans are
  // never asked for theirs, so two more fields on every span would cost more than they save.
  readonly #spans: SpanMaker;

  constructor(
    readonly file: string,
    spans: SpanMaker,
    /** 0-based offsets of the ends, read without making positions. */
    readonly startOffset: number,
    readonly endOffset: number,
  ) {
    this.#spans = spans;
  }

  get start(): Position {
    return this.#spans.position(this.startOffset);
  }

  get end(): Position {
    return this.#spans.position(this.endOffset);
  }

  toJSON(): { file: string; start: Position; end: Position } {
    return { file: this.file, start: this.start, end: this.end };
  }
}
