/**
 * Streams a table file — CSV (RFC 4180, with a header row) or JSON lines (`.jsonl`, `.ndjson`:
 * one flat JSON object per line) — as a header plus rows of cells, with the line each row and
 * field starts on. The data checks (`std.*`, `validateTable`) are written once against this.
 *
 * Cells: CSV fields are strings, and an empty field is `null` (missing); JSON-lines values keep
 * their JSON type, and an absent key or `null` is `null`. The header of a JSON-lines file is the
 * keys of its first object (later objects may omit keys: those cells are `null`).
 */
import { CsvSyntaxError, readCsvFile } from "./csv-reader.js";
import { BuiltinError, at } from "./builtin-error.js";
import { ObjectStoreError } from "../object-store.js";
import { readText } from "./table-source.js";

/** One value of a table: CSV text, a JSON scalar, or `null` for a missing value. */
export type Cell = string | number | boolean | null;

/** How a table file is read (see `tableFormat`). */
export type TableFormat = "csv" | "jsonl";

/** Callbacks `scanTable` drives, so one streaming pass serves every check. */
export interface TableVisitor {
  /** Called once with the header before any row; returning `"stop"` ends the scan there. */
  header(columns: readonly string[], format: TableFormat): void | "stop";
  /**
   * Called for each data row; `cells` is aligned with the header. `row` is 1-based (the first data
   * row is 1); `line` is where it starts; `lineOf(i)` is where field `i` starts.
   */
  row(cells: readonly Cell[], row: number, line: number, lineOf: (i: number) => number): void;
  /**
   * A row whose shape is wrong (field count, not an object, a nested value). The row is skipped.
   * The visitor decides whether that is fatal (throw) or recorded.
   */
  badRow(message: string, row: number, line: number): void;
}

/** The format a path is read as: JSON lines for `.jsonl` / `.ndjson`, CSV otherwise. */
export function tableFormat(path: string): TableFormat {
  return /\.(jsonl|ndjson)$/i.test(path) ? "jsonl" : "csv";
}

/**
 * Reads `path` (a file, or an `s3://` / `gs://` object) from start to end, calling `visitor`. Throws `BuiltinError` (kind `usage`) when the
 * file cannot be read and (kind `data`) when it is not a well-formed CSV / JSON-lines file.
 */
export async function scanTable(path: string, visitor: TableVisitor): Promise<void> {
  try {
    if (tableFormat(path) === "jsonl") await scanJsonLines(path, visitor);
    else await scanCsv(path, visitor);
  } catch (e) {
    throw asBuiltinError(e, path);
  }
}

/** Reads only the header (the first record) of a table. */
export async function readHeader(path: string): Promise<string[]> {
  let columns: string[] = [];
  await scanTable(path, {
    header(c) {
      columns = [...c];
      return "stop";
    },
    row() {},
    badRow() {},
  });
  return columns;
}

function asBuiltinError(e: unknown, path: string): unknown {
  if (e instanceof BuiltinError) return e;
  if (e instanceof CsvSyntaxError) {
    return new BuiltinError(`${at(path, e.line)}malformed CSV at column ${e.column}: ${e.message}`, {
      kind: "data",
      file: path,
      line: e.line,
    });
  }
  if (e instanceof ObjectStoreError) return new BuiltinError(e.message, { kind: "usage", file: path, code: e.code, help: e.help });
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return new BuiltinError(`${path}: no such file`, { kind: "usage", file: path });
  if (code === "EISDIR") return new BuiltinError(`${path}: is a directory, expected a table file`, { kind: "usage", file: path });
  if (code === "EACCES") return new BuiltinError(`${path}: permission denied`, { kind: "usage", file: path });
  return e;
}

async function scanCsv(path: string, visitor: TableVisitor): Promise<void> {
  let columns: string[] | undefined;
  let row = 0;
  for await (const batch of readCsvFile(path)) {
    for (const record of batch) {
      if (columns === undefined) {
        columns = record.fields;
        checkHeader(path, columns, record.line);
        if (visitor.header(columns, "csv") === "stop") return;
        continue;
      }
      row++;
      const f = record.fields;
      if (f.length !== columns.length) {
        visitor.badRow(
          `${at(path, record.line)}row ${row} has ${f.length} field${f.length === 1 ? "" : "s"}, the header has ${columns.length}`,
          row,
          record.line,
        );
        continue;
      }
      const cells: Cell[] = new Array(f.length);
      for (let i = 0; i < f.length; i++) cells[i] = f[i] === "" ? null : f[i]!;
      const fieldLines = record.fieldLines;
      const line = record.line;
      visitor.row(cells, row, line, fieldLines === undefined ? () => line : (i) => fieldLines[i] ?? line);
    }
  }
  if (columns === undefined) visitor.header([], "csv");
}

function checkHeader(path: string, columns: readonly string[], line: number): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      throw new BuiltinError(`${at(path, line)}the header names column \`${c}\` twice`, { kind: "data", file: path, line, column: c });
    }
    seen.add(c);
  }
}

/** Longest JSON line accepted, so a file without line breaks cannot exhaust memory. */
const MAX_LINE_LENGTH = 16 * 1024 * 1024;

async function scanJsonLines(path: string, visitor: TableVisitor): Promise<void> {
  let columns: string[] | undefined;
  let index: Map<string, number> | undefined;
  let row = 0;
  let lineNo = 0;
  let carry = "";
  let stopped = false;
  const handle = (text: string): void => {
    lineNo++;
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() === "") return;
    row++;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      visitor.badRow(`${at(path, lineNo)}row ${row} is not valid JSON (${(e as Error).message})`, row, lineNo);
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      visitor.badRow(`${at(path, lineNo)}row ${row} is not a JSON object`, row, lineNo);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (columns === undefined || index === undefined) {
      columns = Object.keys(obj);
      index = new Map(columns.map((c, i) => [c, i]));
      if (visitor.header(columns, "jsonl") === "stop") {
        stopped = true;
        return;
      }
    }
    const cells: Cell[] = new Array(columns.length).fill(null);
    for (const [k, v] of Object.entries(obj)) {
      const i = index.get(k);
      if (i === undefined) continue;
      if (v !== null && typeof v === "object") {
        visitor.badRow(`${at(path, lineNo)}row ${row}: column \`${k}\` holds a nested JSON value; tables are flat`, row, lineNo);
        return;
      }
      cells[i] = v as Cell;
    }
    const line = lineNo;
    visitor.row(cells, row, line, () => line);
  };
  // Returning from the loop closes the generator, which closes the file or the download.
  for await (const chunk of readText(path)) {
    let text = carry + chunk;
    if (lineNo === 0 && carry === "" && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let start = 0;
    let nl = text.indexOf("\n", start);
    while (nl !== -1) {
      if (stopped) return;
      handle(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_LENGTH) {
      throw new BuiltinError(`${at(path, lineNo + 1)}a line longer than ${MAX_LINE_LENGTH} characters`, {
        kind: "data",
        file: path,
        line: lineNo + 1,
      });
    }
  }
  if (stopped) return;
  if (carry !== "") handle(carry);
  if (columns === undefined) visitor.header([], "jsonl");
}
