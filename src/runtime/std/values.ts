/**
 * How a table cell is read as a schema column's value type. One definition, used by the
 * run-time table check, `std.profile` / `std.expect` (schema conformance) and `std.drift`
 * (numeric columns), so "parses as its type" means the same everywhere.
 *
 * CSV text:  int `-12`, `+7` (safe integers); float `3`, `-0.5`, `.5`, `1e-3` (no NaN / Infinity);
 * bool `true` / `false` in any case, `1` / `0`; duration `30s`, `500ms`, `2h`, `1.5d` or a
 * number of seconds; string: anything. JSON lines: int an integral number, float a number,
 * bool a boolean, string a string, duration a number of seconds or a duration string.
 * A missing value (`null`) is not a type error; null fractions are measured separately.
 */
import type { ValueTypeName } from "../../ir/ir.js";
import type { Cell } from "./table-reader.js";

/** A parsed cell, or what the type expected (for the message). */
export type Parsed = { readonly ok: true; readonly value: number | string | boolean } | { readonly ok: false; readonly expected: string };

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

const EXPECTED: Readonly<Record<ValueTypeName, string>> = {
  int: "an int",
  float: "a float",
  bool: "a bool (`true` or `false`)",
  string: "a string",
  duration: "a duration (`30s`, `2h`) or a number of seconds",
};

/**
 * Parses a non-null cell as `type`. Numbers come back as numbers (durations in seconds).
 * `json`: the cell comes from JSON lines, so a JSON string is only a `string` (or a duration
 * written as text), never a number or a bool.
 */
export function parseCell(cell: Exclude<Cell, null>, type: ValueTypeName, json = false): Parsed {
  const bad: Parsed = { ok: false, expected: EXPECTED[type] };
  if (typeof cell === "string" && json && type !== "string" && type !== "duration") return bad;
  if (typeof cell === "string") {
    switch (type) {
      case "string":
        return { ok: true, value: cell };
      case "int": {
        if (!INT.test(cell)) return bad;
        const v = Number(cell);
        return Number.isSafeInteger(v) ? { ok: true, value: v } : bad;
      }
      case "float": {
        if (!FLOAT.test(cell)) return bad;
        const v = Number(cell);
        return Number.isFinite(v) ? { ok: true, value: v } : bad;
      }
      case "bool": {
        const l = cell.toLowerCase();
        if (l === "true" || cell === "1") return { ok: true, value: true };
        if (l === "false" || cell === "0") return { ok: true, value: false };
        return bad;
      }
      case "duration": {
        const m = DURATION.exec(cell);
        if (m) return { ok: true, value: Number(m[1]) * UNIT_SECONDS[m[2]!]! };
        if (FLOAT.test(cell)) {
          const v = Number(cell);
          return Number.isFinite(v) && v >= 0 ? { ok: true, value: v } : bad;
        }
        return bad;
      }
    }
  }
  if (typeof cell === "number") {
    switch (type) {
      case "int":
        return Number.isSafeInteger(cell) ? { ok: true, value: cell } : bad;
      case "float":
        return Number.isFinite(cell) ? { ok: true, value: cell } : bad;
      case "duration":
        return Number.isFinite(cell) && cell >= 0 ? { ok: true, value: cell } : bad;
      default:
        return bad;
    }
  }
  // boolean
  return type === "bool" ? { ok: true, value: cell } : bad;
}

/** A cell as a number for schema-less numeric inference: numeric text or a JSON number. */
export function asNumber(cell: Exclude<Cell, null>, json = false): number | undefined {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === "string" && !json && FLOAT.test(cell)) {
    const v = Number(cell);
    return Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

/** The category a cell falls in for categorical statistics (bools normalised, numbers as text). */
export function categoryOf(cell: Exclude<Cell, null>, type: ValueTypeName | undefined): string {
  if (type === "bool") {
    const p = parseCell(cell, "bool");
    if (p.ok) return String(p.value);
  }
  return typeof cell === "string" ? cell : String(cell);
}

/** Shows a cell in a message: in backticks (JSON values as JSON), shortened, control characters escaped. */
export function showCell(cell: Exclude<Cell, null>, json = false): string {
  const s = typeof cell === "string" && !json ? cell : JSON.stringify(cell);
  const short = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return "`" + short.replace(/[\u0000-\u001f`]/g, (c) => (c === "`" ? "'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)) + "`";
}

/** `int`, `float`: the types `std.drift` reports a KS statistic for (signatures' `numericOnly`). */
export function isNumericType(type: ValueTypeName): boolean {
  return type === "int" || type === "float";
}
