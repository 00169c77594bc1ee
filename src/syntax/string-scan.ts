/**
 * The lexer's matchers for `"…"` strings. A regular expression such as
 * `/"(?:[^"\\\r\n]|\\[^\r\n])*"/` keeps a backtracking entry per character in V8, so a string
 * of a few megabytes overflowed the stack (MLP9001 on a 9 MB literal, issue #13). These scan
 * forward for the next quote, backslash or line end instead: linear time, constant stack.
 */
import type { CustomPatternMatcherReturn } from "chevrotain";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
/** The characters that end a run of ordinary string content. */
const SPECIAL = /["\\\r\n]/g;

/**
 * Where the `"` string starting at `offset` ends, and whether a closing quote ended it. An
 * unclosed string runs to the end of its line, and takes a backslash just before that end.
 */
export function scanPlainString(text: string, offset: number): { readonly end: number; readonly closed: boolean } {
  let i = offset + 1;
  for (;;) {
    SPECIAL.lastIndex = i;
    const found = SPECIAL.exec(text);
    if (found === null) return { end: text.length, closed: false };
    i = found.index;
    const c = text.charCodeAt(i);
    if (c === QUOTE) return { end: i + 1, closed: true };
    if (c === LF || c === CR) return { end: i, closed: false };
    // a backslash escapes the next character, unless that is a line end or the end of the text
    const next = text.charCodeAt(i + 1);
    if (i + 1 >= text.length || next === LF || next === CR) return { end: i + 1, closed: false };
    i += 2;
  }
}

function match(text: string, offset: number, end: number): CustomPatternMatcherReturn {
  return [text.slice(offset, end)];
}

/** `"…"` closed on its line. */
export function matchPlainString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== QUOTE) return null;
  const { end, closed } = scanPlainString(text, offset);
  return closed ? match(text, offset, end) : null;
}

/** `"…` never closed on its line (tried after `matchPlainString`). */
export function matchUnterminatedString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== QUOTE) return null;
  return match(text, offset, scanPlainString(text, offset).end);
}
