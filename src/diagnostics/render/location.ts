/**
 * Diagnostics about the command line or the environment (an unknown `--target`, a plugin that
 * fails to load, an unwritable `--out`) have no place in a source file. They carry this span,
 * whose `file` is the empty string; renderers then print no location and no excerpt.
 */
import type { Span } from "../../source/span.js";

/** The span of a diagnostic that is not about any source file. */
export const NO_LOCATION: Span = Object.freeze({
  file: "",
  start: Object.freeze({ offset: 0, line: 1, column: 1 }),
  end: Object.freeze({ offset: 0, line: 1, column: 1 }),
});

/** A span at the very start of `file`, for problems with a file as a whole (cannot read it). */
export function wholeFile(file: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
}

/** True when `span` points at no source file (see `NO_LOCATION`). */
export function hasLocation(span: Span): boolean {
  return span.file !== "";
}
