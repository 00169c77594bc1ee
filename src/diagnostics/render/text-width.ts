/**
 * Terminal column arithmetic for source excerpts: tabs expand to four columns, East Asian wide
 * characters take two, combining marks none, and control characters are shown as visible escapes
 * so that a source file (or a message quoting it) can never drive the user's terminal.
 */

/** Columns a tab expands to in excerpts (rustc uses four). */
export const TAB_WIDTH = 4;

/** One rendered character of a source line: its visible text and the columns it occupies. */
export interface Cell {
  readonly text: string;
  readonly width: number;
}

/** Splits a source line (no line terminator) into cells, one per UTF-16 code unit offset run. */
export function toCells(line: string): { cells: Cell[]; offsets: number[] } {
  const cells: Cell[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    offsets.push(i);
    cells.push(cellOf(cp, String.fromCodePoint(cp)));
    i += len;
  }
  return { cells, offsets };
}

function cellOf(cp: number, ch: string): Cell {
  if (cp === 9) return { text: " ".repeat(TAB_WIDTH), width: TAB_WIDTH };
  if (isControl(cp)) {
    const esc = controlEscape(cp);
    return { text: esc, width: esc.length };
  }
  if (isCombining(cp)) return { text: ch, width: 0 };
  return { text: ch, width: isWide(cp) ? 2 : 1 };
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

function controlEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function isCombining(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x200b ||
    cp === 0x200c ||
    cp === 0x200d ||
    cp === 0xfeff
  );
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Makes message text safe for a terminal: control characters (ESC, CR, bidi overrides, …) become
 * visible `\u{…}` escapes; newlines are kept only when `keepNewlines` is set.
 */
export function sanitize(text: string, keepNewlines = false): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 10 && keepNewlines) out += "\n";
    else if (cp === 9) out += " ";
    else if (isControl(cp)) out += controlEscape(cp);
    else out += ch;
  }
  return out;
}
