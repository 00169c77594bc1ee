/**
 * Validates a value against the IR's JSON Schema (`ir.schema.json`) with ajv's code for it. `validate.ts` runs it
 * on every IR document read from disk; tests run every lowered IR through it; a third-party target
 * can call it on IR it did not produce.
 */
import type { ValidateFunction } from "ajv";
import { buildIrSchemaValidator } from "./ir-schema-validator.generated.js";
import schema from "./ir.schema.json" with { type: "json" };

// Compiled from the schema at development time (scripts/gen-ir-validator.mjs): compiling it with
// ajv in every process that reads an `.ir.json` took longer than the rest of such a run.
let validator: ValidateFunction | undefined;

/** The schema's errors for `value` as `path: message` lines; empty when the value is valid IR. */
export function validateIr(value: unknown): string[] {
  validator ??= buildIrSchemaValidator() as ValidateFunction;
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

/** The IR JSON Schema (draft-07), for tools that want to publish or embed it. */
export const IR_SCHEMA: unknown = schema;
