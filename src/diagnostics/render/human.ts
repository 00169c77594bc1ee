/**
 * The human renderer: diagnostics the way rustc prints them — a header with the code, the
 * location, the user's own source lines with a line-number gutter, `^^^` under the primary span
 * and `---` under secondary labels, then `= note:` and `= help:` lines.
 *
 * It handles tabs, CRLF line ends, wide characters, spans over several lines (drawn in a left
 * margin), spans at the end of the file and very long lines (cut to a window around the span).
 * Control characters in the source or the message are shown as `\u{…}` escapes.
 */
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { LineIndex } from "../../source/line-index.js";
import type { SourceLookup } from "./source-lookup.js";
import { hasLocation } from "./location.js";
import { palette, type Palette } from "./style.js";
import { LineCells } from "./line-cells.js";
import { sanitize } from "./text-width.js";

/** Options of the human renderer. */
export interface HumanOptions {
  /** Emit ANSI colours (the CLI decides: TTY, `NO_COLOR`, `--color`). Default false. */
  readonly color?: boolean;
  /** Lines wider than this many columns are cut to a window around the span. Default 120. */
  readonly maxLineWidth?: number;
}

/**
 * What the renderer computed about each file's text, kept for a whole batch of diagnostics: the
 * line table and the cell layout of every printed line. Without it each diagnostic re-laid its
 * line out, and 5,000 diagnostics on one 20 KB line took 20 s.
 */
export class SourceLayouts {
  private readonly files = new Map<string, { text: string; index: LineIndex; lines: Map<number, LineCells> }>();

  constructor(private readonly lookup: SourceLookup) {}

  /** The layout of `file`, or undefined when its text is unavailable. */
  of(file: string): FileLayout | undefined {
    let f = this.files.get(file);
    if (f === undefined) {
      const text = this.lookup(file);
      if (text === undefined) return undefined;
      f = { text, index: new LineIndex(text), lines: new Map() };
      this.files.set(file, f);
    }
    const { text, index, lines } = f;
    return {
      text,
      index,
      cells(line: number): LineCells {
        let c = lines.get(line);
        if (c === undefined) lines.set(line, (c = new LineCells(index.lineText(line))));
        return c;
      },
    };
  }
}

interface FileLayout {
  readonly text: string;
  readonly index: LineIndex;
  cells(line: number): LineCells;
}

/** Renders diagnostics one after another, separated by a blank line, ending with a newline. */
export function renderHuman(diagnostics: readonly Diagnostic[], lookup: SourceLookup, options: HumanOptions = {}): string {
  const layouts = new SourceLayouts(lookup);
  return diagnostics.map((d) => renderHumanOne(d, lookup, options, layouts)).join("\n");
}

/** The closing line a human reader sees after the diagnostics (`2 errors, 1 warning`), or "". */
export function renderHumanSummary(diagnostics: readonly Diagnostic[], options: HumanOptions = {}): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  if (errors === 0 && warnings === 0) return "";
  const p = palette(options.color ?? false);
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  const sev: Severity = errors > 0 ? "error" : "warning";
  return `${p.severity(sev, sev)}${p.bold(`: ${parts.join(", ")} found`)}\n`;
}

/** Renders one diagnostic (ending with a newline). */
export function renderHumanOne(d: Diagnostic, lookup: SourceLookup, options: HumanOptions = {}, layouts = new SourceLayouts(lookup)): string {
  const p = palette(options.color ?? false);
  const maxWidth = Math.max(20, options.maxLineWidth ?? 120);
  const out: string[] = [];
  out.push(`${p.severity(d.severity, `${d.severity}[${d.code}]`)}${p.bold(`: ${sanitize(d.message)}`)}`);

  const notes: Array<[string, string]> = [
    ...(d.rule !== undefined ? [["note", `reported by lint rule \`${d.rule}\``] as [string, string]] : []),
    ...d.notes.map((n): [string, string] => ["note", n]),
    ...d.help.map((h): [string, string] => ["help", h]),
  ];

  if (!hasLocation(d.span)) {
    for (const [kind, text] of notes) out.push(noteLine(p, " ", kind, text));
    return out.join("\n") + "\n";
  }

  // Group annotations by file: the primary file first, then others in order of appearance.
  const groups = new Map<string, Annotation[]>();
  groups.set(d.span.file, [{ span: d.span, label: d.label ?? "", primary: true }]);
  for (const l of d.labels) {
    if (!hasLocation(l.span)) continue;
    const g = groups.get(l.span.file) ?? [];
    g.push({ span: l.span, label: l.message, primary: false });
    groups.set(l.span.file, g);
  }

  const snippets = [...groups.entries()].map(([file, anns]) => buildSnippet(file, anns, layouts.of(file), maxWidth));
  const width = Math.max(1, ...snippets.map((s) => s.gutterWidth));
  const pad = " ".repeat(width);

  snippets.forEach((s, i) => {
    const where = i === 0 ? `${d.span.file}:${d.span.start.line}:${d.span.start.column}` : s.where;
    out.push(`${pad}${p.gutter(i === 0 ? "-->" : ":::")} ${sanitize(where)}`);
    if (s.rows.length === 0) {
      for (const a of s.unshown) out.push(`${pad} ${p.gutter("=")} ${p.bold("label")}: ${sanitize(a)}`);
      return;
    }
    out.push(`${pad} ${p.gutter("|")}`);
    for (const row of s.rows) out.push(renderRow(row, width, p, d.severity));
  });

  if (notes.length > 0) {
    if (snippets.some((s) => s.rows.length > 0)) out.push(`${pad} ${p.gutter("|")}`);
    for (const [kind, text] of notes) out.push(noteLine(p, pad, kind, text));
  }
  return out.join("\n") + "\n";
}

function noteLine(p: Palette, pad: string, kind: string, text: string): string {
  const lead = `${pad} ${p.gutter("=")} ${p.bold(kind)}: `;
  const indent = " ".repeat(pad.length + 4 + kind.length + 1);
  return lead + sanitize(text, true).split("\n").join(`\n${indent}`);
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Annotation {
  readonly span: Span;
  readonly label: string;
  readonly primary: boolean;
}

/** An annotation placed on lines: 1-based lines, 0-based UTF-16 offsets within those lines. */
interface Placed {
  readonly primary: boolean;
  readonly label: string;
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  /** Exclusive end offset within `endLine`. */
  readonly endCol: number;
  lane: number;
  slash: boolean;
}

/** One printed row: a gutter (line number or blank), a margin, then text cells. */
interface Row {
  readonly lineNo?: number;
  readonly ellipsis?: boolean;
  readonly margin: StyledChar[];
  readonly cells: StyledChar[];
  readonly tail?: StyledText;
}

type Style = "plain" | "primary" | "secondary";
interface StyledChar {
  ch: string;
  style: Style;
}
interface StyledText {
  readonly text: string;
  readonly style: Style;
}

interface Snippet {
  readonly gutterWidth: number;
  readonly rows: Row[];
  readonly where: string;
  /** Labels that could not be shown because the file's text is unavailable. */
  readonly unshown: string[];
}

function buildSnippet(file: string, anns: readonly Annotation[], layout: FileLayout | undefined, maxWidth: number): Snippet {
  const first = anns[0]!.span;
  const where = `${file}:${first.start.line}:${first.start.column}`;
  if (layout === undefined) {
    return { gutterWidth: 1, rows: [], where, unshown: anns.filter((a) => a.label !== "").map((a) => a.label) };
  }
  const { text, index } = layout;
  const placed = anns.map((a) => place(a, index, text));
  const multi = placed.filter((a) => a.startLine !== a.endLine).sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol);
  multi.forEach((a, i) => {
    a.lane = i;
    const line = index.lineText(a.startLine);
    a.slash = line.slice(0, a.startCol).trim() === "";
  });
  const laneCount = multi.length;

  // Which lines to print.
  const shown = new Set<number>();
  for (const a of placed) {
    shown.add(a.startLine);
    shown.add(a.endLine);
    if (a.endLine - a.startLine <= 5) for (let l = a.startLine; l <= a.endLine; l++) shown.add(l);
    else {
      shown.add(a.startLine + 1);
      shown.add(a.endLine - 1);
    }
  }
  const lines = [...shown].sort((a, b) => a - b);
  const gutterWidth = String(lines[lines.length - 1]!).length;

  const rows: Row[] = [];
  let prev = 0;
  for (const L of lines) {
    if (prev !== 0 && L > prev + 1) {
      if (L === prev + 2) rows.push(...lineRows(prev + 1, layout, placed, laneCount, maxWidth));
      else rows.push({ ellipsis: true, margin: marginFor(prev + 1, placed, laneCount, "between"), cells: [] });
    }
    rows.push(...lineRows(L, layout, placed, laneCount, maxWidth));
    prev = L;
  }
  return { gutterWidth, rows, where, unshown: [] };
}

/** Resolves a span against the text (clamping stale offsets) into line/offset coordinates. */
function place(a: Annotation, index: LineIndex, text: string): Placed {
  let s = clamp(a.span.start.offset, 0, text.length);
  let e = clamp(a.span.end.offset, 0, text.length);
  if (e < s) [s, e] = [e, s];
  let start = index.position(s);
  let end = index.position(e);
  // A span at the very end of a file that ends with a newline: point just after the last line.
  if (s === e && start.line > 1 && s === text.length && start.column === 1) {
    start = end = index.position(s - (text.endsWith("\r\n") ? 2 : 1));
  }
  // A span ending right after a line break ends on the previous line.
  if (end.line > start.line && end.column === 1) {
    const prevLen = index.lineText(end.line - 1).length;
    end = { offset: e, line: end.line - 1, column: prevLen + 1 };
  }
  const startCol = Math.min(start.column - 1, index.lineText(start.line).length);
  let endCol = end.column - 1;
  if (end.line === start.line) endCol = Math.max(endCol, startCol);
  return { primary: a.primary, label: a.label, startLine: start.line, startCol, endLine: end.line, endCol, lane: -1, slash: false };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Number.isFinite(n) ? n : lo));
}

/** The margin (multi-line span lanes) for line `L`. */
function marginFor(L: number, placed: readonly Placed[], laneCount: number, at: "source" | "under" | "between"): StyledChar[] {
  if (laneCount === 0) return [];
  const m: StyledChar[] = Array.from({ length: laneCount + 1 }, () => ({ ch: " ", style: "plain" as Style }));
  for (const a of placed) {
    if (a.lane < 0) continue;
    const style: Style = a.primary ? "primary" : "secondary";
    let ch = " ";
    if (at === "source") {
      if (L === a.startLine && a.slash) ch = "/";
      else if (L > a.startLine && L <= a.endLine) ch = "|";
    } else if (at === "under") {
      if ((L === a.startLine && a.slash) || (L > a.startLine && L < a.endLine)) ch = "|";
    } else if (L > a.startLine && L <= a.endLine) ch = "|";
    m[a.lane] = { ch, style };
  }
  return m;
}

/** The rows for source line `L`: the text, then underline and label rows. */
function lineRows(L: number, layout: FileLayout, placed: readonly Placed[], laneCount: number, maxWidth: number): Row[] {
  const laid = layout.cells(L);
  const { cells, offsets } = laid;
  const colAt = (off: number): number => laid.colAt(off);
  const widthOf = (k: number): number => cells[k]!.width;
  const totalWidth = laid.totalWidth;

  const singles = placed.filter((a) => a.startLine === L && a.endLine === L);
  const starts = placed.filter((a) => a.lane >= 0 && a.startLine === L && !a.slash);
  const ends = placed.filter((a) => a.lane >= 0 && a.endLine === L);

  // Display columns [from, to) of each annotation on this line.
  const rangeOf = (a: Placed): [number, number] => {
    if (a.startLine === L && a.endLine === L) {
      const from = colAt(a.startCol);
      const to = a.endCol > a.startCol ? colAt(a.endCol) : from + 1;
      return [from, Math.max(to, from + 1)];
    }
    if (a.startLine === L) {
      const from = colAt(a.startCol);
      return [from, from + 1];
    }
    // End of a multi-line span: the marker sits on its last character.
    if (a.endCol <= 0) return [0, 1];
    const k = laid.lastCellBefore(a.endCol);
    const from = colAt(offsets[k] ?? 0);
    return [from, from + Math.max(1, cells[k] ? widthOf(k) : 1)];
  };

  // Window for very long lines: keep the first annotation start in view.
  let wStart = 0;
  let wEnd = totalWidth;
  if (totalWidth > maxWidth) {
    const anchors = [...singles, ...starts, ...ends].map((a) => rangeOf(a)[0]);
    const anchor = anchors.length > 0 ? Math.min(...anchors) : 0;
    wStart = Math.max(0, Math.min(anchor - Math.floor(maxWidth / 3), totalWidth - maxWidth));
    wEnd = Math.min(totalWidth, wStart + maxWidth);
  }
  const cutLeft = wStart > 0;
  const cutRight = wEnd < totalWidth;
  const shift = (col: number): number => col - wStart + (cutLeft ? 3 : 0);
  const limit = shift(wEnd) + (cutRight ? 3 : 0);

  const text: StyledChar[] = [];
  if (cutLeft) text.push(...[..."..."].map((ch) => ({ ch, style: "plain" as Style })));
  // Only the cells inside the window are visited, so a long line costs its window, not its length.
  for (let k = laid.firstCellAtCol(wStart); k < cells.length; k++) {
    const c = cells[k]!;
    const col = laid.colOf(k);
    if (col > wEnd) break;
    if (col + c.width > wEnd) continue;
    if (c.width === 0) {
      if (text.length > 0) text[text.length - 1]!.ch += c.text;
    } else {
      text.push({ ch: c.text, style: "plain" });
      for (let j = 1; j < c.width; j++) text.push({ ch: "", style: "plain" });
    }
  }
  if (cutRight) text.push(...[..."..."].map((ch) => ({ ch, style: "plain" as Style })));

  const rows: Row[] = [{ lineNo: L, margin: marginFor(L, placed, laneCount, "source"), cells: text }];
  const under = (): StyledChar[] => marginFor(L, placed, laneCount, "under");
  const clip = (c: number): number => Math.max(cutLeft ? 3 : 0, Math.min(c, limit));

  // Single-line annotations: one underline row, then stacked labels.
  if (singles.length > 0) {
    const sorted = [...singles].sort((a, b) => rangeOf(a)[0] - rangeOf(b)[0] || Number(a.primary) - Number(b.primary));
    const line: StyledChar[] = [];
    const put = (row: StyledChar[], at: number, ch: string, style: Style): void => {
      while (row.length <= at) row.push({ ch: " ", style: "plain" });
      row[at] = { ch, style };
    };
    // Secondary first so a primary caret wins where they overlap.
    for (const a of [...sorted].sort((x, y) => Number(x.primary) - Number(y.primary))) {
      const [from, to] = rangeOf(a);
      const style: Style = a.primary ? "primary" : "secondary";
      for (let c = clip(shift(from)); c < Math.max(clip(shift(to)), clip(shift(from)) + 1); c++) put(line, c, a.primary ? "^" : "-", style);
    }
    const labelled = sorted.filter((a) => a.label !== "");
    const last = sorted[sorted.length - 1]!;
    let tail: StyledText | undefined;
    let stacked = labelled;
    if (last.label !== "") {
      tail = { text: ` ${sanitize(last.label)}`, style: last.primary ? "primary" : "secondary" };
      stacked = labelled.filter((a) => a !== last);
    }
    rows.push({ margin: under(), cells: line, ...(tail ? { tail } : {}) });
    if (stacked.length > 0) {
      const bars: StyledChar[] = [];
      for (const a of stacked) put(bars, clip(shift(rangeOf(a)[0])), "|", a.primary ? "primary" : "secondary");
      rows.push({ margin: under(), cells: bars });
      for (let i = stacked.length - 1; i >= 0; i--) {
        const a = stacked[i]!;
        const row: StyledChar[] = [];
        for (let j = 0; j < i; j++) put(row, clip(shift(rangeOf(stacked[j]!)[0])), "|", stacked[j]!.primary ? "primary" : "secondary");
        const at = clip(shift(rangeOf(a)[0]));
        while (row.length < at) row.push({ ch: " ", style: "plain" });
        rows.push({ margin: under(), cells: row.slice(0, at), tail: { text: sanitize(a.label), style: a.primary ? "primary" : "secondary" } });
      }
    }
  }

  // Starts of multi-line spans that do not begin at the line's indentation: `  ____^`.
  for (const a of starts) {
    const style: Style = a.primary ? "primary" : "secondary";
    const margin = under();
    for (let k = a.lane + 1; k < margin.length; k++) margin[k] = { ch: "_", style };
    const at = clip(shift(rangeOf(a)[0]));
    const cellsRow: StyledChar[] = [];
    for (let c = 0; c < at; c++) cellsRow.push({ ch: "_", style });
    cellsRow.push({ ch: a.primary ? "^" : "-", style });
    rows.push({ margin, cells: cellsRow });
  }
  // Ends of multi-line spans: `|___^ label`.
  for (const a of ends) {
    const style: Style = a.primary ? "primary" : "secondary";
    const margin = under();
    margin[a.lane] = { ch: "|", style };
    for (let k = a.lane + 1; k < margin.length; k++) margin[k] = { ch: "_", style };
    const at = clip(shift(rangeOf(a)[0]));
    const cellsRow: StyledChar[] = [];
    for (let c = 0; c < at; c++) cellsRow.push({ ch: "_", style });
    cellsRow.push({ ch: a.primary ? "^" : "-", style });
    rows.push({ margin, cells: cellsRow, ...(a.label !== "" ? { tail: { text: ` ${sanitize(a.label)}`, style } } : {}) });
  }
  return rows;
}

function renderRow(row: Row, width: number, p: Palette, severity: Severity): string {
  const gutter = row.ellipsis ? "...".padEnd(width + 2) : row.lineNo !== undefined ? `${String(row.lineNo).padStart(width)} ${p.gutter("|")}` : `${" ".repeat(width)} ${p.gutter("|")}`;
  const paint = (s: StyledText | StyledChar): string => {
    const t = "text" in s ? s.text : s.ch;
    return s.style === "primary" ? p.severity(severity, t) : s.style === "secondary" ? p.secondary(t) : t;
  };
  const body = [...row.margin, ...row.cells];
  if (!row.tail) while (body.length > 0 && body[body.length - 1]!.style === "plain" && body[body.length - 1]!.ch.trim() === "") body.pop();
  // Join runs of equal style so colour codes are not emitted per character.
  let out = "";
  let run = "";
  let runStyle: Style = "plain";
  for (const c of body) {
    if (c.style !== runStyle) {
      out += paint({ text: run, style: runStyle });
      run = "";
      runStyle = c.style;
    }
    run += c.ch;
  }
  out += paint({ text: run, style: runStyle });
  if (row.tail) out += paint(row.tail);
  const line = row.ellipsis ? gutter : `${gutter} ${out}`;
  return line.replace(/\s+$/u, "");
}
