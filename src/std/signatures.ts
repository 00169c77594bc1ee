/**
 * Signatures of the built-in `std.*` components. The checker types `step s = std.drift(…)`
 * against these; the runtime (`src/runtime/std/`) implements them; targets invoke them as
 * `mlp std <builtin> --<input> <path> … --metrics <path> --<output> <path>`.
 */
import type { ValueTypeName } from "../ir/ir.js";

export interface BuiltinInput {
  readonly name: string;
  /** `Table` inputs take a dataset or a step output; value inputs take a literal, param or expression. */
  readonly type: "Table" | ValueTypeName;
  /** Literal default; inputs without one are required. */
  readonly default?: number | string | boolean;
  readonly description: string;
}

export interface BuiltinSignature {
  /** `drift` for `std.drift`. */
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly BuiltinInput[];
  readonly outputs: readonly { readonly name: string; readonly type: "File"; readonly description: string }[];
  /** Metrics every call reports. Per-column metrics are added by `columnMetrics` when the table's schema is known. */
  readonly metrics: readonly { readonly name: string; readonly type: "int" | "float" | "bool"; readonly description: string }[];
  /**
   * Per-column metrics, named `<prefix>_<column>`, reported for each column of the first Table
   * input's schema (`numericOnly`: only `int` and `float` columns).
   */
  readonly columnMetrics: readonly { readonly prefix: string; readonly type: "float"; readonly numericOnly: boolean }[];
}

export const STD_BUILTINS: Readonly<Record<string, BuiltinSignature>> = {
  drift: {
    name: "drift",
    description:
      "Compares `current` with `reference`: PSI per column (numeric columns in bins fixed from the reference's quantiles, other columns over categories) and the two-sample KS statistic for numeric columns.",
    inputs: [
      { name: "current", type: "Table", description: "the data to check" },
      { name: "reference", type: "Table", description: "the data the model was trained on" },
      { name: "bins", type: "int", default: 10, description: "number of quantile bins for numeric PSI" },
    ],
    outputs: [{ name: "report", type: "File", description: "JSON report with every column's statistics" }],
    metrics: [
      { name: "max_psi", type: "float", description: "largest PSI over all columns" },
      { name: "max_ks", type: "float", description: "largest KS statistic over numeric columns (0 when none)" },
      { name: "drifted_columns", type: "int", description: "columns whose PSI is at least 0.2" },
    ],
    columnMetrics: [
      { prefix: "psi", type: "float", numericOnly: false },
      { prefix: "ks", type: "float", numericOnly: true },
    ],
  },
  profile: {
    name: "profile",
    description: "Profiles a table: row count, null fraction per column, and conformance to its declared schema.",
    inputs: [{ name: "data", type: "Table", description: "the table to profile" }],
    outputs: [{ name: "report", type: "File", description: "JSON report with per-column statistics" }],
    metrics: [
      { name: "rows", type: "int", description: "number of data rows" },
      { name: "max_null_fraction", type: "float", description: "largest fraction of empty values in any column" },
      { name: "schema_ok", type: "bool", description: "every declared column is present and every value parses as its type" },
    ],
    columnMetrics: [{ prefix: "null_fraction", type: "float", numericOnly: false }],
  },
  expect: {
    name: "expect",
    description:
      "Checks expectations on a table and fails the step when one does not hold: minimum row count, maximum null fraction, schema conformance.",
    inputs: [
      { name: "data", type: "Table", description: "the table to check" },
      { name: "min_rows", type: "int", default: 1, description: "fewest rows accepted" },
      { name: "max_null_fraction", type: "float", default: 0, description: "largest null fraction accepted in any column" },
    ],
    outputs: [{ name: "report", type: "File", description: "JSON report of each expectation and its result" }],
    metrics: [
      { name: "rows", type: "int", description: "number of data rows" },
      { name: "max_null_fraction", type: "float", description: "largest fraction of empty values in any column" },
      { name: "schema_ok", type: "bool", description: "every declared column is present and every value parses as its type" },
    ],
    columnMetrics: [],
  },
};
