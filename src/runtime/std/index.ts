/**
 * The `std.*` built-in components, run by mlp itself — by the local executor, and by
 * `mlp std <builtin>` inside GitHub, Argo and Airflow jobs — so a drift check or a data check
 * means the same everywhere. Signatures (inputs, outputs, metric names) are declared in
 * `src/std/signatures.ts`; this module implements them. Formulas: docs/std.md.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { count } from "../../diagnostics/count.js";
import type { IrSchema, IrType } from "../../ir/ir.js";
import { type BuiltinSignature, STD_BUILTINS } from "../../std/signatures.js";
import { BuiltinError } from "./builtin-error.js";
import { drift } from "./drift.js";
import { maxNullFraction, profileTable } from "./table-profile.js";
import { isNumericType, parseCell } from "./values.js";

export { BuiltinError } from "./builtin-error.js";
export { validateTable } from "./validate-table.js";

/** Arguments of one built-in call (the executor's `Builtins` interface passes the same shape). */
export interface BuiltinArgs {
  /** Table inputs are file paths; value inputs are numbers, booleans or their text (CLI). */
  readonly inputs: Record<string, string | number | boolean>;
  /** Output name -> path to write (`report`). An output without a path is not written. */
  readonly outputs: Record<string, string>;
  /** Where the metrics JSON object goes. */
  readonly metricsPath: string;
  /** Schemas by schema name (as in `IrDocument.schemas`) or by input name. */
  readonly schemas?: Record<string, IrSchema>;
  /** Input types as in the IR; a `Table<S>` names its schema in `schemas`. */
  readonly inputTypes?: Record<string, IrType>;
}

/** The metrics object a built-in writes (and returns). */
export type Metrics = Record<string, number | boolean>;

/**
 * Runs `std.<name>`: reads its table inputs (streaming), writes its outputs and the metrics JSON.
 * Throws `BuiltinError` on a bad argument (kind `usage`), on bad data (`data`, naming the file,
 * line and column) and, for `expect`, when an expectation does not hold (`expectation`, after the
 * report and metrics were written). Returns the metrics it wrote.
 */
export async function runBuiltin(name: string, args: BuiltinArgs): Promise<Metrics> {
  const sig = STD_BUILTINS[name];
  if (sig === undefined) {
    throw new BuiltinError(`unknown built-in \`std.${name}\` (known: ${Object.keys(STD_BUILTINS).map((n) => `\`${n}\``).join(", ")})`, { kind: "usage" });
  }
  const inputs = resolveInputs(sig, args.inputs);
  for (const o of Object.keys(args.outputs)) {
    if (!sig.outputs.some((s) => s.name === o)) throw new BuiltinError(`\`std.${name}\` has no output \`${o}\` (it has: ${sig.outputs.map((s) => `\`${s.name}\``).join(", ")})`, { kind: "usage" });
  }
  const schemaOf = (input: string): IrSchema | undefined => {
    const t = args.inputTypes?.[input];
    const named = t && t.kind === "Table" && t.schema !== undefined ? args.schemas?.[t.schema] : undefined;
    if (t && t.kind === "Table" && t.schema !== undefined && named === undefined && args.schemas?.[input] === undefined) {
      throw new BuiltinError(`input \`${input}\` is a \`Table<${t.schema}>\` but schema \`${t.schema}\` was not given`, { kind: "usage" });
    }
    return named ?? args.schemas?.[input];
  };

  let report: unknown;
  let metrics: Metrics;
  let failures: string[] = [];
  switch (name) {
    case "drift": {
      const bins = inputs.bins as number;
      if (!Number.isInteger(bins) || bins < 2 || bins > 1000) throw new BuiltinError(`\`bins\` must be an int from 2 to 1000, got ${bins}`, { kind: "usage" });
      const currentSchema = schemaOf("current");
      const referenceSchema = schemaOf("reference");
      const result = await drift({
        current: inputs.current as string,
        reference: inputs.reference as string,
        bins,
        ...(currentSchema ? { currentSchema } : {}),
        ...(referenceSchema ? { referenceSchema } : {}),
      });
      metrics = { max_psi: result.max_psi, max_ks: result.max_ks, drifted_columns: result.drifted_columns };
      // Per-column metrics: over the schema's columns when it is known (what the checker
      // declares), else over the header's columns with inferred kinds.
      for (const c of result.columns) metrics[`psi_${c.name}`] = c.psi;
      for (const c of result.columns) if (c.ks !== undefined && (c.type === undefined || isNumericType(c.type))) metrics[`ks_${c.name}`] = c.ks;
      const { typed: _typed, ...rest } = result;
      report = { builtin: "drift", ...rest };
      break;
    }
    case "profile":
    case "expect": {
      const schema = schemaOf("data");
      const profile = await profileTable(inputs.data as string, schema);
      const maxNull = maxNullFraction(profile);
      metrics = { rows: profile.rows, max_null_fraction: maxNull, schema_ok: profile.schemaOk };
      const body = {
        path: profile.path,
        format: profile.format,
        schema: schema?.name ?? null,
        rows: profile.rows,
        schema_ok: profile.schemaOk,
        max_null_fraction: maxNull,
        error_count: profile.errorCount,
        errors: profile.errors,
        columns: profile.columns,
      };
      if (name === "profile") {
        for (const name of profile.checkedColumns) metrics[`null_fraction_${name}`] = profile.columns.find((p) => p.name === name)?.null_fraction ?? 1;
        report = { builtin: "profile", ...body };
      } else {
        const minRows = inputs.min_rows as number;
        const maxNullAllowed = inputs.max_null_fraction as number;
        if (!Number.isInteger(minRows) || minRows < 0) throw new BuiltinError(`\`min_rows\` must be an int >= 0, got ${minRows}`, { kind: "usage" });
        if (!(maxNullAllowed >= 0 && maxNullAllowed <= 1)) throw new BuiltinError(`\`max_null_fraction\` must be from 0 to 1, got ${maxNullAllowed}`, { kind: "usage" });
        const worst = profile.columns.filter((c) => profile.checkedColumns.includes(c.name) && c.null_fraction > maxNullAllowed);
        const expectations = [
          { name: "min_rows", expected: `rows >= ${minRows}`, actual: profile.rows, ok: profile.rows >= minRows },
          {
            name: "max_null_fraction",
            expected: `null fraction <= ${maxNullAllowed} in every column`,
            actual: maxNull,
            ok: worst.length === 0,
            ...(worst.length ? { columns: worst.map((c) => ({ name: c.name, null_fraction: c.null_fraction })) } : {}),
          },
          { name: "schema", expected: schema ? `conforms to schema \`${schema.name}\`` : "well-formed table", actual: profile.errorCount === 0 ? "ok" : count(profile.errorCount, "problem"), ok: profile.schemaOk },
        ];
        failures = expectations
          .filter((e) => !e.ok)
          .map((e) =>
            e.name === "min_rows"
              ? `${profile.path}: has ${count(profile.rows, "row")}, expected at least ${minRows}`
              : e.name === "max_null_fraction"
                ? `${profile.path}: ${worst.map((c) => `column \`${c.name}\` is ${fmt(c.null_fraction)} empty`).join(", ")}; at most ${maxNullAllowed} allowed`
                : `${profile.path}: does not conform${schema ? ` to schema \`${schema.name}\`` : ""}: ${profile.errors[0] ?? ""}${profile.errorCount > 1 ? ` (and ${profile.errorCount - 1} more problems, listed in the report)` : ""}`,
          );
        report = { builtin: "expect", ok: failures.length === 0, expectations, ...body };
      }
      break;
    }
    default:
      throw new BuiltinError(`built-in \`std.${name}\` is declared but not implemented by this runtime`, { kind: "usage" });
  }

  if (args.outputs.report !== undefined) await writeJson(args.outputs.report, report);
  await writeJson(args.metricsPath, metrics);
  if (failures.length > 0) {
    throw new BuiltinError(`expectation${failures.length > 1 ? "s" : ""} not met: ${failures.join("; ")}`, { kind: "expectation" });
  }
  return metrics;
}

function fmt(x: number): string {
  return `${Math.round(x * 10000) / 100}%`;
}

/** Checks the given inputs against the signature and fills in defaults. */
function resolveInputs(sig: BuiltinSignature, given: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const k of Object.keys(given)) {
    if (!sig.inputs.some((i) => i.name === k)) {
      throw new BuiltinError(`\`std.${sig.name}\` has no input \`${k}\` (it takes: ${sig.inputs.map((i) => `\`${i.name}\``).join(", ")})`, { kind: "usage" });
    }
  }
  for (const input of sig.inputs) {
    const v = given[input.name];
    if (v === undefined) {
      if (input.default === undefined) throw new BuiltinError(`\`std.${sig.name}\` needs input \`${input.name}\` (${input.description})`, { kind: "usage" });
      out[input.name] = input.default;
      continue;
    }
    if (input.type === "Table") {
      if (typeof v !== "string" || v === "") throw new BuiltinError(`input \`${input.name}\` must be the path of a table file`, { kind: "usage" });
      out[input.name] = v;
      continue;
    }
    if (typeof v === "string") {
      const p = parseCell(v, input.type);
      if (!p.ok) throw new BuiltinError(`input \`${input.name}\`: \`${v}\` is not ${p.expected}`, { kind: "usage" });
      out[input.name] = p.value;
    } else {
      const p = parseCell(v, input.type);
      if (!p.ok) throw new BuiltinError(`input \`${input.name}\`: ${String(v)} is not ${p.expected}`, { kind: "usage" });
      out[input.name] = p.value;
    }
  }
  return out;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 2) + "\n");
}
