/**
 * `JSON.stringify(value, null, 2)` as UTF-8 bytes, produced a megabyte at a time. V8's compact
 * `JSON.stringify` is much cheaper than its indenting one, and the indented text of a
 * 10,000-step IR is a 26 MB string that is then encoded again to be written. Here the compact
 * text is indented and encoded in one pass into one reused buffer handed to a sink (a file
 * descriptor's writes): no indented string, no 26 MB buffer of fresh pages.
 */

/**
 * Receives successive pieces of the output: `bytes[0..length)`. The buffer is reused for the next
 * piece, so a sink copies what it keeps.
 */
export type ByteSink = (bytes: Uint8Array, length: number) => void;

/** Output buffer size; a piece is handed on once `MARGIN` bytes or fewer are left (a step writes at most 6). */
const SIZE = 1 << 20;
const MARGIN = 16;

let scratch: Uint8Array | undefined;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * Writes `JSON.stringify(value, null, 2)` and a newline to `sink` as UTF-8, given `compact`,
 * `JSON.stringify(value)`: the indenting pass over its compact output (no white space outside strings;
 * inside strings only `"`, `\` and control characters are escaped, lone surrogates as `\uXXXX`,
 * so every surrogate left is half of a pair). `JSON.stringify`'s gap puts a newline and the
 * indentation after `{`, `[` and `,`, and before `}` and `]`, except in an empty `{}` or `[]`,
 * and a space after a key's `:`.
 */
export function indentCompactJson(compact: string, sink: ByteSink, pieceSize: number = SIZE): void {
  // Tests pass small pieces, so that every kind of stop (in a string, an indentation, before a
  // closing bracket) falls on a piece's end.
  const out = pieceSize === SIZE ? (scratch ??= new Uint8Array(SIZE)) : new Uint8Array(Math.max(pieceSize, 2 * MARGIN));
  const limit = out.length - MARGIN;
  next = 0;
  depth = 0;
  inString = false;
  spaces = 0;
  closer = 0;
  let o = 0;
  while (next < compact.length || spaces > 0 || closer !== 0) {
    if (o > limit) {
      sink(out, o);
      o = 0;
    }
    o = fill(compact, out, o, Math.min(limit, o + STRETCH));
  }
  if (o > limit) {
    sink(out, o);
    o = 0;
  }
  out[o++] = NEWLINE;
  sink(out, o);
}

/**
 * Output bytes `fill` writes per call. The loop is cut into many short calls, not one long one:
 * when optimised code meets a branch it has no feedback for (the first non-ASCII character, the
 * first closing bracket) it goes back to the interpreter, and V8 11 did not compile a running
 * loop again (on-stack replacement) after its second such deoptimisation, so one call over 26 MB
 * ran mostly interpreted (~2 G instructions against ~0.2 G). A new call starts optimised.
 */
const STRETCH = 1 << 14;

// Where `fill` stopped, between its calls. Module variables rather than an object's properties:
// optimised code stores to them with no feedback to miss.
/** The next UTF-16 unit of the input. */
let next = 0;
let depth = 0;
/** Stopped inside a string, after its opening quote. */
let inString = false;
/** Spaces of an indentation still to write. */
let spaces = 0;
/** The `}` or `]` to write after them, or 0. */
let closer = 0;

/**
 * Writes into `out` from `o` on until past `stop` or the input ends, and returns where it
 * stopped; at most `MARGIN` bytes past `stop`.
 */
function fill(compact: string, out: Uint8Array, o: number, stop: number): number {
  const n = compact.length;
  let i = next;
  let level = depth;
  let quoted = inString;
  let pad = spaces;
  let close = closer;
  while (o <= stop) {
    if (pad > 0) {
      while (pad > 0 && o <= stop) {
        out[o++] = SPACE;
        pad--;
      }
      continue;
    }
    if (close !== 0) {
      out[o++] = close;
      close = 0;
    }
    if (quoted) {
      // The string, through its closing quote, encoded to UTF-8 (at most 4 bytes a step).
      while (o <= stop) {
        const d = compact.charCodeAt(i++);
        if (d < 0x80) {
          out[o++] = d;
          if (d === QUOTE) {
            quoted = false;
            break;
          }
          if (d === BACKSLASH) out[o++] = compact.charCodeAt(i++); // escapes are ASCII
        } else if (d < 0x800) {
          out[o++] = 0xc0 | (d >> 6);
          out[o++] = 0x80 | (d & 0x3f);
        } else if (d >= 0xd800 && d <= 0xdbff) {
          const cp = ((d - 0xd800) << 10) + (compact.charCodeAt(i++) - 0xdc00) + 0x10000;
          out[o++] = 0xf0 | (cp >> 18);
          out[o++] = 0x80 | ((cp >> 12) & 0x3f);
          out[o++] = 0x80 | ((cp >> 6) & 0x3f);
          out[o++] = 0x80 | (cp & 0x3f);
        } else {
          out[o++] = 0xe0 | (d >> 12);
          out[o++] = 0x80 | ((d >> 6) & 0x3f);
          out[o++] = 0x80 | (d & 0x3f);
        }
      }
      continue;
    }
    if (i >= n) break;
    const c = compact.charCodeAt(i++);
    if (c === QUOTE) {
      out[o++] = c;
      quoted = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      out[o++] = c;
      if (compact.charCodeAt(i) === c + 2) {
        // `{}` and `[]` stay on one line (the closing character is the opening one + 2)
        out[o++] = c + 2;
        i++;
      } else {
        level++;
        out[o++] = NEWLINE;
        pad = 2 * level;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      // the newline and indentation go before the closing character
      level--;
      out[o++] = NEWLINE;
      pad = 2 * level;
      close = c;
    } else if (c === COMMA) {
      out[o++] = c;
      out[o++] = NEWLINE;
      pad = 2 * level;
    } else if (c === COLON) {
      out[o++] = c;
      out[o++] = SPACE;
    } else {
      out[o++] = c; // numbers, true, false, null: ASCII
    }
  }
  next = i;
  depth = level;
  inString = quoted;
  spaces = pad;
  closer = close;
  return o;
}
