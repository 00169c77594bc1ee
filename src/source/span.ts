/** A position in a source file: 0-based UTF-16 offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range [start, end) in one source file. `file` is the path as the user gave it. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

/** Length of a span in UTF-16 code units. */
export function spanLength(span: Span): number {
  return span.end.offset - span.start.offset;
}

/** The smallest span covering both `a` and `b` (both must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}
