import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError, type CsvRecord, parseCsvText, readCsvFile } from "../../../src/runtime/std/csv-reader.js";

const fields = (text: string): string[][] => parseCsvText(text).map((r) => r.fields);

/** Parses `text` fed in pieces cut at `cuts` (offsets), to exercise chunk boundaries. */
function parseInPieces(text: string, cuts: number[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  const p = new CsvParser((r) => out.push(r));
  let last = 0;
  for (const c of [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b)) {
    p.push(text.slice(last, c));
    last = c;
  }
  p.push(text.slice(last));
  p.end();
  return out;
}

function serialise(rows: string[][], eol: string): string {
  return rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join(eol) + eol;
}

describe("CSV reader (RFC 4180)", () => {
  it.each([
    ["plain fields", "a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]],
    ["no newline at the end", "a,b\n1,2", [["a", "b"], ["1", "2"]]],
    ["CRLF line ends", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]],
    ["lone CR line ends", "a,b\r1,2\r", [["a", "b"], ["1", "2"]]],
    ["a quoted comma", 'a,b\n"x,y",2\n', [["a", "b"], ["x,y", "2"]]],
    ["doubled quotes", 'a\n"say ""hi"""\n', [["a"], ['say "hi"']]],
    ["an LF inside quotes", 'a,b\n"line1\nline2",2\n', [["a", "b"], ["line1\nline2", "2"]]],
    ["a CRLF inside quotes is kept", 'a\n"x\r\ny"\r\n', [["a"], ["x\r\ny"]]],
    ["empty fields", "a,b,c\n,,\n", [["a", "b", "c"], ["", "", ""]]],
    ["a trailing comma makes an empty last field", "a,b\n1,\n", [["a", "b"], ["1", ""]]],
    ["blank lines are skipped", "a\n\n1\n\n", [["a"], ["1"]]],
    ["a quoted empty field is not a blank line", 'a\n""\n', [["a"], [""]]],
    ["a UTF-8 BOM is dropped", "\uFEFFa,b\n1,2\n", [["a", "b"], ["1", "2"]]],
    ["non-ASCII text", "név,city\nÅsa,Zürich\n", [["név", "city"], ["Åsa", "Zürich"]]],
    ["spaces are data", " a , b \n", [[" a ", " b "]]],
    ["empty input", "", []],
  ])("%s", (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it("reports the line each record and each field of a multi-line record starts on", () => {
    const records = parseCsvText('h1,h2\n"a\nb",x\r\ny,"1\n2\n3"\nlast,row\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 7]);
    expect(records[1]!.fieldLines).toEqual([2, 3]);
    expect(records[2]!.fieldLines).toBeUndefined(); // both fields start on line 4
    expect(records[0]!.fieldLines).toBeUndefined();
  });

  it.each([
    ["a bare quote inside an unquoted field", 'a,b\n1,x"y\n', 2, 4, /inside an unquoted field/],
    ["text after a closing quote", 'a\n"x"y\n', 2, 4, /after a closing quote/],
    ["an unterminated quoted field", 'a,b\n1,"open\nmore\n', 2, 1, /unterminated quoted field \(it starts on line 2\)/],
  ])("rejects %s with its line and column", (_name, text, line, column, message) => {
    let error: unknown;
    try {
      parseCsvText(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(line);
    expect((error as CsvSyntaxError).column).toBe(column);
    expect((error as CsvSyntaxError).message).toMatch(message);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é"), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.tuple(fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n")),
        ),
        fc.array(fc.nat(200), { maxLength: 10 }),
        ([rows, eol], cuts) => {
          const text = serialise(rows, eol);
          expect(parseInPieces(text, cuts).map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("streams a file in small chunks with the same result as parsing it whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-csv-"));
    const path = join(dir, "t.csv");
    const rows = Array.from({ length: 500 }, (_, i) => [String(i), `"q${i}"`, `multi\nline ${i}`, "é,ü"]);
    const text = serialise([["id", "quoted", "text", "accents"], ...rows], "\r\n");
    writeFileSync(path, text);
    const streamed: string[][] = [];
    for await (const batch of readCsvFile(path, 7)) for (const r of batch) streamed.push(r.fields);
    expect(streamed).toEqual(fields(text));
    expect(streamed).toHaveLength(501);
  });
});

describe("CSV reader limits", () => {
  it("stops at a record with too many fields instead of growing without bound", () => {
    expect(() => parseCsvText("a" + ",".repeat(100_001) + "\n")).toThrow(/more than 100000 fields/);
  });
});
