/**
 * Validates the JSON a step writes to `${metrics}` against its `metrics { … }` declaration with
 * ajv: an object, every declared metric present with its type (`int` an integer, `float` any
 * number, `bool` a boolean). Extra keys are allowed and recorded when they are numbers or booleans.
 *
 * A nested object is flattened to dotted names, as DVC does (`{"avg_prec": {"train": 0.8}}`
 * records `avg_prec.train`); declared metrics are plain identifiers, so a declared metric is
 * always a top-level key, and a nested object where one is declared is a type error. Values that
 * are neither numbers nor booleans (strings, arrays, null) are listed in `ignored`, for a warning.
 */
import { createRequire } from "node:module";
import type { Ajv, ValidateFunction } from "ajv";
import type { IrMetric } from "../ir/ir.js";

// ajv is loaded on first use: a run whose steps report no metrics never pays for it.
const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(metrics: readonly IrMetric[]): ValidateFunction {
  const key = JSON.stringify(metrics);
  let v = compiled.get(key);
  if (!v) {
    // Destructure first: `new (require(…) as T).Ajv(…)` is emitted without its parentheses by
    // the TypeScript 7 compiler, which turns it into a call of `require` with `new`.
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    // The schemas are built here from the IR's metric types, never taken from a user: checking
    // them against the JSON Schema meta-schema would compile the meta-schema (~50 ms per run).
    ajv ??= new AjvClass({ allErrors: true, strict: true, validateSchema: false });
    const properties: Record<string, object> = {};
    for (const m of metrics) {
      properties[m.name] = { type: m.type.kind === "int" ? "integer" : m.type.kind === "float" ? "number" : "boolean" };
    }
    v = ajv.compile({ type: "object", properties, required: metrics.map((m) => m.name) });
    compiled.set(key, v);
  }
  return v;
}

/** Checks parsed metrics JSON; returns the recorded values or one message per problem. */
export function checkMetrics(
  data: unknown,
  declared: readonly IrMetric[],
): { ok: true; values: Record<string, number | boolean>; ignored: string[] } | { ok: false; errors: string[] } {
  const validate = validatorFor(declared);
  if (!validate(data)) {
    const errors = (validate.errors ?? []).map((e) => {
      if (e.keyword === "required") return `missing metric \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
      const field = e.instancePath.replace(/^\//, "").replace(/~1/g, "/").replace(/~0/g, "~");
      if (field === "") return `the metrics file must hold a JSON object, not ${describe(data)}`;
      const got = (data as Record<string, unknown>)[field];
      return `metric \`${field}\` ${e.message ?? "is invalid"} (got ${describe(got)})`;
    });
    return { ok: false, errors };
  }
  const values: Record<string, number | boolean> = {};
  const ignored: string[] = [];
  const errors: string[] = [];
  const visit = (prefix: string, obj: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(obj)) {
      const name = prefix === "" ? k : `${prefix}.${k}`;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) visit(name, v as Record<string, unknown>);
      else if (typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) {
        if (name in values) errors.push(`metric \`${name}\` is given twice (once as a dotted key, once by nesting)`);
        values[name] = v;
      } else ignored.push(`\`${name}\` (${describe(v)})`);
    }
  };
  visit("", data as Record<string, unknown>);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, values, ignored };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}
