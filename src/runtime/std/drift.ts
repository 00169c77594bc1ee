/**
 * `std.drift`: how far `current` has moved from `reference`, per column, streaming.
 *
 * Numeric columns: PSI over bins whose edges are the reference's quantiles, plus the two-sample
 * KS statistic. Other columns: PSI over categories. Missing values form a bucket of their own
 * when either side has any, so a change in the null rate counts as drift.
 *
 * Memory is bounded: each numeric column keeps a seeded reservoir sample of each side (at most
 * SAMPLE_MAX values), each categorical column at most MAX_CATEGORIES distinct values. The
 * reference is read twice when it is larger than its sample (once for the sample and the edges,
 * once to count the bins exactly), the current table once. See docs/std.md for the
 * approximation's error bound.
 */
import type { IrSchema, ValueTypeName } from "../../ir/ir.js";
import { BuiltinError, at } from "./builtin-error.js";
import { PSI_DRIFT_THRESHOLD, PSI_EPSILON, Reservoir, binIndex, ksStatistic, psi, quantileEdges } from "./stats.js";
import { MAX_CATEGORIES } from "./table-profile.js";
import { type Cell, readHeader, scanTable, tableFormat } from "./table-reader.js";
import { asNumber, categoryOf, isNumericType, parseCell, showCell } from "./values.js";

/** Most values sampled per numeric column per table. */
export const SAMPLE_MAX = 100_000;
/** Fewest values sampled per numeric column, however many columns there are. */
export const SAMPLE_MIN = 10_000;
/** Values sampled per table over all numeric columns (16 MB of doubles), shared out per column. */
export const SAMPLE_BUDGET = 2_000_000;

/** Inputs of one drift computation: the two tables, the bin count, and their schemas if known. */
export interface DriftOptions {
  readonly current: string;
  readonly reference: string;
  readonly bins: number;
  readonly currentSchema?: IrSchema;
  readonly referenceSchema?: IrSchema;
  /** Override of the per-column sample size (tests). */
  readonly sampleSize?: number;
}

/** A PSI bucket in the report. */
export type DriftBucket =
  | { readonly range: readonly [number | null, number | null]; readonly reference: number; readonly current: number }
  | { readonly category: string; readonly reference: number; readonly current: number }
  | { readonly other: true; readonly reference: number; readonly current: number }
  | { readonly missing: true; readonly reference: number; readonly current: number };

/** One compared column in the drift report. */
export interface DriftColumn {
  readonly name: string;
  readonly kind: "numeric" | "categorical";
  /** Declared type, or absent when inferred without a schema. */
  readonly type?: ValueTypeName;
  readonly psi: number;
  /** KS statistic (numeric columns only). */
  readonly ks?: number;
  /** True when PSI >= 0.2. */
  readonly drifted: boolean;
  /** True when both samples held every value (KS and the bin edges are then exact). */
  readonly exact: boolean;
  readonly buckets: readonly DriftBucket[];
}

/** Everything `std.drift` reports: the summary metrics and every column's buckets (the report). */
export interface DriftResult {
  readonly current: { readonly path: string; readonly rows: number };
  readonly reference: { readonly path: string; readonly rows: number };
  readonly bins: number;
  readonly epsilon: number;
  readonly threshold: number;
  readonly sample_size: number;
  readonly columns: readonly DriftColumn[];
  readonly max_psi: number;
  readonly max_ks: number;
  readonly drifted_columns: number;
  /** Whether per-column metrics may be reported (the current table's schema is known). */
  readonly typed: boolean;
}

interface Column {
  name: string;
  /** Declared type (schema), or undefined: inferred from the reference. */
  type: ValueTypeName | undefined;
  kind: "numeric" | "categorical" | "unknown";
  refIndex: number;
  curIndex: number;
  refNulls: number;
  curNulls: number;
  refSample: Reservoir | undefined;
  curSample: Reservoir | undefined;
  refCats: Map<string, number>;
  refOther: number;
  curCats: Map<string, number>;
  curOther: number;
  edges: number[];
  refBins: number[];
  curBins: number[];
}

/**
 * Compares `current` with `reference` column by column (PSI, and KS for numeric columns),
 * streaming both files. Throws `BuiltinError` on malformed data, a value that does not parse as its
 * declared type, a compared column missing from either file, or an empty table.
 */
export async function drift(options: DriftOptions): Promise<DriftResult> {
  const { current, reference, bins, currentSchema, referenceSchema } = options;
  const curHeader = await readHeader(current);
  const refHeader = await readHeader(reference);
  const names = currentSchema ? currentSchema.columns.map((c) => c.name) : curHeader;
  const typeOf = new Map<string, ValueTypeName>();
  for (const c of referenceSchema?.columns ?? []) typeOf.set(c.name, c.type);
  for (const c of currentSchema?.columns ?? []) typeOf.set(c.name, c.type);

  const cols: Column[] = names.map((name) => {
    const type = typeOf.get(name);
    const refIndex = refHeader.indexOf(name);
    const curIndex = curHeader.indexOf(name);
    if (curIndex < 0) {
      throw new BuiltinError(`${current}: missing column \`${name}\`${currentSchema ? ` (declared by schema \`${currentSchema.name}\`)` : ""}`, { file: current, column: name });
    }
    if (refIndex < 0) {
      throw new BuiltinError(`${reference}: missing column \`${name}\`, which the current table has (the reference must have every column it is compared on)`, { file: reference, column: name });
    }
    const kind = type === undefined ? "unknown" : type === "int" || type === "float" || type === "duration" ? "numeric" : "categorical";
    return {
      name, type, kind, refIndex, curIndex,
      refNulls: 0, curNulls: 0,
      refSample: undefined, curSample: undefined,
      refCats: new Map(), refOther: 0, curCats: new Map(), curOther: 0,
      edges: [], refBins: [], curBins: [],
    };
  });

  const possiblyNumeric = cols.filter((c) => c.kind !== "categorical").length;
  const sampleSize =
    options.sampleSize ?? Math.max(SAMPLE_MIN, Math.min(SAMPLE_MAX, Math.floor(SAMPLE_BUDGET / Math.max(1, possiblyNumeric))));
  cols.forEach((c, i) => {
    if (c.kind !== "categorical") {
      c.refSample = new Reservoir(sampleSize, 0x5eed0000 + i);
      c.curSample = new Reservoir(sampleSize, 0x5eed8000 + i);
    }
  });

  // Pass 1: the reference — nulls, samples, categories; infer the kind of undeclared columns.
  const refJson = tableFormat(reference) === "jsonl";
  let refRows = 0;
  await scanTable(reference, {
    header() {},
    row(cells, row, _line, lineOf) {
      refRows++;
      for (const c of cols) {
        const cell = cells[c.refIndex]!;
        if (cell === null) {
          c.refNulls++;
          continue;
        }
        if (c.kind === "numeric") {
          c.refSample!.add(numberOrThrow(cell, c, reference, refJson, row, lineOf(c.refIndex)));
        } else if (c.kind === "categorical") {
          addCategory(c.refCats, categoryOrThrow(cell, c, reference, refJson, row, lineOf(c.refIndex)), () => c.refOther++);
        } else {
          const n = asNumber(cell, refJson);
          if (n === undefined) {
            c.kind = "categorical";
            c.refSample = undefined;
            c.curSample = undefined;
          } else c.refSample!.add(n);
          addCategory(c.refCats, categoryOf(cell, undefined), () => c.refOther++);
        }
      }
    },
    badRow(message, _row, line) {
      throw new BuiltinError(message, { file: reference, line });
    },
  });
  if (refRows === 0) throw new BuiltinError(`${reference}: the reference table has no rows`, { file: reference });

  for (const c of cols) {
    if (c.kind === "unknown") c.kind = c.refSample!.seen > 0 ? "numeric" : "categorical";
    if (c.kind === "numeric") {
      c.refCats.clear();
      c.refOther = 0;
      const sorted = c.refSample!.sorted();
      c.edges = quantileEdges(sorted, bins);
      c.refBins = new Array(c.edges.length + 1).fill(0);
      c.curBins = new Array(c.edges.length + 1).fill(0);
      if (c.refSample!.exact) for (const x of sorted) c.refBins[binIndex(c.edges, x)]!++;
    } else {
      c.refSample = undefined;
      c.curSample = undefined;
    }
  }

  // Pass 2 (only when a sample could not hold the whole reference): exact reference bin counts.
  const recount = cols.filter((c) => c.kind === "numeric" && !c.refSample!.exact);
  if (recount.length > 0) {
    await scanTable(reference, {
      header() {},
      row(cells, row, _line, lineOf) {
        for (const c of recount) {
          const cell = cells[c.refIndex]!;
          if (cell !== null) c.refBins[binIndex(c.edges, numberOrThrow(cell, c, reference, refJson, row, lineOf(c.refIndex)))]!++;
        }
      },
      badRow(message, _row, line) {
        throw new BuiltinError(message, { file: reference, line });
      },
    });
  }

  // Pass 3: the current table.
  const curJson = tableFormat(current) === "jsonl";
  let curRows = 0;
  await scanTable(current, {
    header() {},
    row(cells, row, _line, lineOf) {
      curRows++;
      for (const c of cols) {
        const cell = cells[c.curIndex]!;
        if (cell === null) {
          c.curNulls++;
          continue;
        }
        if (c.kind === "numeric") {
          const x = numberOrThrow(cell, c, current, curJson, row, lineOf(c.curIndex));
          c.curBins[binIndex(c.edges, x)]!++;
          c.curSample!.add(x);
        } else {
          const key = categoryOrThrow(cell, c, current, curJson, row, lineOf(c.curIndex));
          const n = c.curCats.get(key);
          if (n !== undefined) c.curCats.set(key, n + 1);
          else if (c.refCats.has(key) || c.refCats.size + c.curCats.size < MAX_CATEGORIES) c.curCats.set(key, 1);
          else c.curOther++;
        }
      }
    },
    badRow(message, _row, line) {
      throw new BuiltinError(message, { file: current, line });
    },
  });
  if (curRows === 0) throw new BuiltinError(`${current}: the current table has no rows`, { file: current });

  const columns: DriftColumn[] = cols.map((c) => (c.kind === "numeric" ? numericColumn(c) : categoricalColumn(c)));
  const maxPsi = columns.reduce((m, c) => Math.max(m, c.psi), 0);
  const maxKs = columns.reduce((m, c) => (c.ks !== undefined && (c.type === undefined || isNumericType(c.type)) ? Math.max(m, c.ks) : m), 0);
  return {
    current: { path: current, rows: curRows },
    reference: { path: reference, rows: refRows },
    bins,
    epsilon: PSI_EPSILON,
    threshold: PSI_DRIFT_THRESHOLD,
    sample_size: sampleSize,
    columns,
    max_psi: maxPsi,
    max_ks: maxKs,
    drifted_columns: columns.filter((c) => c.drifted).length,
    typed: currentSchema !== undefined,
  };
}

function addCategory(map: Map<string, number>, key: string, overflow: () => void): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + 1);
  else if (map.size < MAX_CATEGORIES) map.set(key, 1);
  else overflow();
}

function numberOrThrow(cell: Exclude<Cell, null>, c: Column, file: string, json: boolean, row: number, line: number): number {
  if (c.type !== undefined) {
    const p = parseCell(cell, c.type, json);
    if (p.ok && typeof p.value === "number") return p.value;
    throw new BuiltinError(`${at(file, line)}row ${row}, column \`${c.name}\`: ${showCell(cell, json)} is not ${p.ok ? "a number" : p.expected}`, { file, line, column: c.name });
  }
  const n = asNumber(cell, json);
  if (n === undefined) {
    throw new BuiltinError(
      `${at(file, line)}row ${row}, column \`${c.name}\`: ${showCell(cell, json)} is not a number, but the reference's values of \`${c.name}\` all are (declare the table's schema to say what the column holds)`,
      { file, line, column: c.name },
    );
  }
  return n;
}

function categoryOrThrow(cell: Exclude<Cell, null>, c: Column, file: string, json: boolean, row: number, line: number): string {
  if (c.type !== undefined) {
    const p = parseCell(cell, c.type, json);
    if (!p.ok) throw new BuiltinError(`${at(file, line)}row ${row}, column \`${c.name}\`: ${showCell(cell, json)} is not ${p.expected}`, { file, line, column: c.name });
  }
  return categoryOf(cell, c.type);
}

function withMissing(buckets: DriftBucket[], c: Column): DriftBucket[] {
  if (c.refNulls > 0 || c.curNulls > 0) buckets.push({ missing: true, reference: c.refNulls, current: c.curNulls });
  return buckets;
}

function psiOf(buckets: readonly DriftBucket[]): number {
  return psi(
    buckets.map((b) => b.reference),
    buckets.map((b) => b.current),
  );
}

function numericColumn(c: Column): DriftColumn {
  const buckets: DriftBucket[] = c.refBins.map((_, i) => ({
    range: [i === 0 ? null : c.edges[i - 1]!, i === c.edges.length ? null : c.edges[i]!] as const,
    reference: c.refBins[i]!,
    current: c.curBins[i]!,
  }));
  withMissing(buckets, c);
  const ref = c.refSample!;
  const cur = c.curSample!;
  const ks = ref.seen === 0 && cur.seen === 0 ? 0 : ref.seen === 0 || cur.seen === 0 ? 1 : ksStatistic(ref.sorted(), cur.sorted());
  const value = psiOf(buckets);
  return {
    name: c.name,
    kind: "numeric",
    ...(c.type ? { type: c.type } : {}),
    psi: value,
    ks,
    drifted: value >= PSI_DRIFT_THRESHOLD,
    exact: ref.exact && cur.exact,
    buckets,
  };
}

function categoricalColumn(c: Column): DriftColumn {
  const keys = [...new Set([...c.refCats.keys(), ...c.curCats.keys()])].sort();
  const buckets: DriftBucket[] = keys.map((k) => ({ category: k, reference: c.refCats.get(k) ?? 0, current: c.curCats.get(k) ?? 0 }));
  if (c.refOther > 0 || c.curOther > 0) buckets.push({ other: true, reference: c.refOther, current: c.curOther });
  withMissing(buckets, c);
  const value = psiOf(buckets);
  return {
    name: c.name,
    kind: "categorical",
    ...(c.type ? { type: c.type } : {}),
    psi: value,
    drifted: value >= PSI_DRIFT_THRESHOLD,
    exact: c.refOther === 0 && c.curOther === 0,
    buckets,
  };
}
