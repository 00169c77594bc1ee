/**
 * One streaming pass over a table that gathers what `std.profile`, `std.expect` and the run-time
 * table check need: row count, per-column nulls, schema conformance (every declared column
 * present, every value parsing as its type), and per-column summaries — all in memory bounded by
 * the number of columns, not rows.
 */
import type { IrSchema, ValueTypeName } from "../../ir/ir.js";
import { at } from "./builtin-error.js";
import { CappedCounts, Moments } from "./stats.js";
import { type Cell, type TableFormat, scanTable } from "./table-reader.js";
import { asNumber, categoryOf, parseCell, showCell } from "./values.js";

/** Distinct values counted per column before the rest are lumped together. */
export const MAX_CATEGORIES = 1000;

/** What a profile says about one column (also the JSON shape in the profile / expect report). */
export interface ColumnProfile {
  readonly name: string;
  /** The declared type, or for an undeclared column what the values look like. */
  readonly type: ValueTypeName | "number (inferred)" | "text (inferred)";
  readonly declared: boolean;
  /** False when a declared column is missing from the file. */
  readonly present: boolean;
  readonly nulls: number;
  readonly null_fraction: number;
  /** Values that do not parse as the declared type. */
  readonly invalid: number;
  readonly numeric?: { readonly count: number; readonly min: number | null; readonly max: number | null; readonly mean: number | null; readonly std: number | null };
  readonly categories?: {
    /** Distinct values, counting at most MAX_CATEGORIES (`distinct_capped` says when it stopped). */
    readonly distinct: number;
    readonly distinct_capped: boolean;
    readonly top: readonly { readonly value: string; readonly count: number }[];
  };
}

/** The result of one profiling pass over a table. */
export interface TableProfile {
  readonly path: string;
  readonly format: TableFormat;
  readonly rows: number;
  /** Every declared column present, every row well-formed, every value of its type. */
  readonly schemaOk: boolean;
  /** Columns the null fractions are taken over: the schema's, or the header's without a schema. */
  readonly checkedColumns: readonly string[];
  readonly columns: readonly ColumnProfile[];
  /** The first `maxErrors` problems, each naming the file, line, row and column. */
  readonly errors: readonly string[];
  readonly errorCount: number;
}

interface ColumnState {
  name: string;
  declaredType: ValueTypeName | undefined;
  index: number; // position in the header, -1 when missing
  nulls: number;
  invalid: number;
  moments: Moments;
  categories: CappedCounts | undefined;
  allNumeric: boolean;
}

/** Profiles `path` against `schema` (optional). Throws BuiltinError only if the file cannot be read or is not CSV / JSON lines. */
export async function profileTable(path: string, schema: IrSchema | undefined, maxErrors = 20): Promise<TableProfile> {
  const errors: string[] = [];
  let errorCount = 0;
  const report = (message: string): void => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(message);
  };
  let format: TableFormat = "csv";
  let json = false;
  let rows = 0;
  let states: ColumnState[] = [];
  let present: ColumnState[] = [];

  await scanTable(path, {
    header(columns, f) {
      format = f;
      json = f === "jsonl";
      const index = new Map(columns.map((c, i) => [c, i]));
      const declared = new Map((schema?.columns ?? []).map((c) => [c.name, c.type]));
      const names = [...(schema?.columns.map((c) => c.name) ?? []), ...columns.filter((c) => !declared.has(c))];
      states = names.map((name) => {
        const declaredType = declared.get(name);
        const numeric = declaredType === "int" || declaredType === "float" || declaredType === "duration";
        return {
          name,
          declaredType,
          index: index.get(name) ?? -1,
          nulls: 0,
          invalid: 0,
          moments: new Moments(),
          categories: numeric ? undefined : new CappedCounts(MAX_CATEGORIES),
          allNumeric: true,
        };
      });
      for (const s of states) {
        if (s.declaredType !== undefined && s.index < 0) {
          report(`${path}: missing column \`${s.name}\` (declared as ${s.declaredType} by schema \`${schema?.name}\`)`);
        }
      }
      present = states.filter((s) => s.index >= 0);
    },
    row(cells: readonly Cell[], row, _line, lineOf) {
      rows++;
      for (const s of present) {
        const cell = cells[s.index]!;
        if (cell === null) {
          s.nulls++;
          continue;
        }
        if (s.declaredType !== undefined) {
          const p = parseCell(cell, s.declaredType, json);
          if (!p.ok) {
            s.invalid++;
            report(`${at(path, lineOf(s.index))}row ${row}, column \`${s.name}\`: ${showCell(cell, json)} is not ${p.expected}`);
            continue;
          }
          if (typeof p.value === "number") s.moments.add(p.value);
          else s.categories?.add(categoryOf(cell, s.declaredType));
        } else {
          const n = asNumber(cell, json);
          if (n === undefined) s.allNumeric = false;
          else s.moments.add(n);
          s.categories!.add(categoryOf(cell, undefined));
        }
      }
    },
    badRow(message) {
      report(message);
    },
  });

  // Rows that were malformed are not counted in `rows`; missing declared columns are all-null.
  const columns: ColumnProfile[] = states.map((s) => {
    const isPresent = s.index >= 0;
    const nulls = isPresent ? s.nulls : rows;
    const base = {
      name: s.name,
      declared: s.declaredType !== undefined,
      present: isPresent,
      nulls,
      null_fraction: rows === 0 ? 0 : nulls / rows,
      invalid: s.invalid,
    };
    const numericType = s.declaredType === undefined ? s.allNumeric && s.moments.count > 0 : s.categories === undefined;
    const type: ColumnProfile["type"] = s.declaredType ?? (numericType ? "number (inferred)" : "text (inferred)");
    const numeric = numericType
      ? { count: s.moments.count, min: s.moments.count ? s.moments.min : null, max: s.moments.count ? s.moments.max : null, mean: s.moments.mean, std: s.moments.std }
      : undefined;
    const categories =
      !numericType && s.categories
        ? { distinct: s.categories.counts.size, distinct_capped: s.categories.overflow > 0, top: s.categories.top(10) }
        : undefined;
    return { ...base, type, ...(numeric ? { numeric } : {}), ...(categories ? { categories } : {}) };
  });

  return {
    path,
    format,
    rows,
    schemaOk: errorCount === 0,
    checkedColumns: schema ? schema.columns.map((c) => c.name) : columns.map((c) => c.name),
    columns,
    errors,
    errorCount,
  };
}

/** Largest null fraction over the checked columns (0 for a table without columns). */
export function maxNullFraction(profile: TableProfile): number {
  const checked = new Set(profile.checkedColumns);
  let max = 0;
  for (const c of profile.columns) if (checked.has(c.name) && c.null_fraction > max) max = c.null_fraction;
  return max;
}
