/**
 * A streaming RFC 4180 CSV reader: quoted fields, `""` escapes, commas and line breaks inside
 * quotes, CRLF / LF / CR line ends, a leading UTF-8 BOM. It reads a file in 64 KiB chunks and
 * never holds more than one chunk plus the current record, so a 1,000,000-row table is read in
 * bounded memory.
 *
 * Written here rather than taken from npm (`csv-parse` is the well-kept choice) because the data
 * checks need two things a general parser does not give cheaply: the line on which every
 * record *and every field* starts (a quoted field can span lines, and error messages must point
 * at the field), and strictness about RFC 4180 (a bare `"` inside an unquoted field is an error,
 * not silently accepted). It is small, has no dependency, and is covered by example and
 * property tests (`test/runtime/std/csv-reader.test.ts`).
 *
 * Choices: a line that is entirely empty is skipped (as most readers do); an empty field, quoted
 * or not, is the empty string (the table layer treats it as a missing value).
 */
import { readText } from "./table-source.js";

/** One record: its fields, the line it starts on, and each field's start line when it spans lines. */
export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
  /** Start line of each field; present only when the record spans several lines. */
  readonly fieldLines?: number[];
}

/** Malformed CSV: the position is where the problem was found. */
export class CsvSyntaxError extends Error {
  override readonly name = "CsvSyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a `"` inside a quoted field: an escape (`""`) or the closing quote. */
  QuoteInQuoted,
}

/** Longest field accepted (characters), so a runaway quote cannot exhaust memory. */
export const MAX_FIELD_LENGTH = 16 * 1024 * 1024;

/** Most fields accepted in one record, for the same reason. */
export const MAX_FIELDS = 100_000;

/**
 * Push-style parser: feed it text chunks (split anywhere, even inside `\r\n` or `""`) and it
 * calls `onRecord` for each complete record. `end()` flushes the last record.
 */
export class CsvParser {
  private state = State.FieldStart;
  private fields: string[] = [];
  private fieldLines: number[] | undefined;
  /** Text of the current field carried over from earlier chunks (and unescaped quotes). */
  private pending = "";
  private line = 1;
  private recordLine = 1;
  private fieldLine = 1;
  private fieldQuoted = false;
  /** Absolute offset of the start of the current line (for error columns). */
  private lineStart = 0;
  /** Absolute offset of the current chunk's first character. */
  private base = 0;
  private skipLf = false;
  private started = false;

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  push(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        i = 1;
        this.lineStart = 1;
      }
    }
    let seg = i; // start of the current field's text not yet moved into `pending`
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          i++;
          seg = i;
          this.lineStart = this.base + i;
          continue;
        }
      }
      switch (this.state) {
        case State.FieldStart: {
          if (this.fields.length === 0) this.recordLine = this.line;
          this.fieldLine = this.line;
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.fieldQuoted = true;
            i++;
            seg = i;
          } else {
            this.state = State.Unquoted;
            this.fieldQuoted = false;
            seg = i;
          }
          continue;
        }
        case State.Unquoted: {
          // Scan to the next special character.
          let j = i;
          let d = 0;
          while (j < n) {
            d = chunk.charCodeAt(j);
            if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
            j++;
          }
          if (j === n) {
            i = n;
            break;
          }
          if (d === QUOTE) {
            throw this.error('a `"` inside an unquoted field (quote the whole field and double the `"`)', j);
          }
          this.endField(chunk.slice(seg, j));
          if (d === COMMA) {
            this.state = State.FieldStart;
            i = j + 1;
            seg = i;
            // A comma at the very end of a line still starts an (empty) field: handled by FieldStart.
            continue;
          }
          this.endRecord();
          this.newline(j, d);
          i = j + 1;
          seg = i;
          continue;
        }
        case State.Quoted: {
          const q = chunk.indexOf('"', i);
          const stop = q === -1 ? n : q;
          this.countNewlines(chunk, i, stop);
          if (q === -1) {
            i = n;
            break;
          }
          this.pending += chunk.slice(seg, q);
          this.checkLength(q);
          this.state = State.QuoteInQuoted;
          i = q + 1;
          seg = i;
          continue;
        }
        case State.QuoteInQuoted: {
          if (c === QUOTE) {
            this.pending += '"';
            this.state = State.Quoted;
            i++;
            seg = i;
            continue;
          }
          if (c === COMMA) {
            this.endField("");
            this.state = State.FieldStart;
            i++;
            seg = i;
            continue;
          }
          if (c === LF || c === CR) {
            this.endField("");
            this.endRecord();
            this.newline(i, c);
            i++;
            seg = i;
            continue;
          }
          throw this.error("unexpected character after a closing quote (expected `,` or a line end)", i);
        }
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.pending += chunk.slice(seg, n);
      this.checkLength(n);
    }
    this.base += n;
  }

  /** Flushes the last record; throws if the text ends inside a quoted field. */
  end(): void {
    switch (this.state) {
      case State.Quoted:
        throw new CsvSyntaxError(
          `unterminated quoted field (it starts on line ${this.fieldLine})`,
          this.fieldLine,
          1,
        );
      case State.QuoteInQuoted:
      case State.Unquoted:
        this.endField("");
        this.endRecord();
        break;
      case State.FieldStart:
        if (this.fields.length > 0) {
          this.endField("");
          this.endRecord();
        }
        break;
    }
    this.state = State.FieldStart;
  }

  private endField(tail: string): void {
    const value = this.pending.length === 0 ? tail : this.pending + tail;
    this.pending = "";
    if (this.fieldLines !== undefined) this.fieldLines.push(this.fieldLine);
    else if (this.fieldLine !== this.recordLine) {
      this.fieldLines = this.fields.map(() => this.recordLine);
      this.fieldLines.push(this.fieldLine);
    }
    this.fields.push(value);
    if (this.fields.length > MAX_FIELDS) {
      throw new CsvSyntaxError(`a record with more than ${MAX_FIELDS} fields (is this a CSV file?)`, this.recordLine, 1);
    }
  }

  private endRecord(): void {
    const fields = this.fields;
    const blank = fields.length === 1 && fields[0] === "" && !this.fieldQuoted;
    if (!blank) {
      this.onRecord(
        this.fieldLines === undefined
          ? { fields, line: this.recordLine }
          : { fields, line: this.recordLine, fieldLines: this.fieldLines },
      );
    }
    this.fields = [];
    this.fieldLines = undefined;
    this.fieldQuoted = false;
  }

  private newline(index: number, c: number): void {
    this.line++;
    this.lineStart = this.base + index + 1;
    if (c === CR) this.skipLf = true;
    this.state = State.FieldStart;
  }

  private countNewlines(chunk: string, from: number, to: number): void {
    let k = chunk.indexOf("\n", from);
    while (k !== -1 && k < to) {
      this.line++;
      this.lineStart = this.base + k + 1;
      k = chunk.indexOf("\n", k + 1);
    }
  }

  private checkLength(index: number): void {
    if (this.pending.length > MAX_FIELD_LENGTH) {
      throw this.error(`a field longer than ${MAX_FIELD_LENGTH} characters (an unbalanced quote?)`, index);
    }
  }

  private error(message: string, index: number): CsvSyntaxError {
    return new CsvSyntaxError(message, this.line, this.base + index - this.lineStart + 1);
  }
}

/** Parses a whole CSV text (tests, small files). */
export function parseCsvText(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const parser = new CsvParser((r) => out.push(r));
  parser.push(text);
  parser.end();
  return out;
}

/**
 * Streams a CSV file as batches of records (one batch per 64 KiB chunk read), so callers
 * iterate with `for await (const batch of readCsvFile(path)) for (const r of batch) …`.
 */
export async function* readCsvFile(path: string, chunkSize = 64 * 1024): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  const parser = new CsvParser((r) => batch.push(r));
  for await (const chunk of readText(path, chunkSize)) {
    parser.push(chunk);
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  parser.end();
  if (batch.length > 0) yield batch;
}
