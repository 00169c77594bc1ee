/**
 * Validates a value against the IR's JSON Schema (`ir.schema.json`) with ajv. Tests run every
 * lowered IR through it; a third-party target can call it on IR it did not produce.
 */
import { Ajv, type ValidateFunction } from "ajv";
import schema from "./ir.schema.json" with { type: "json" };

let validator: ValidateFunction | undefined;

/** The schema's errors for `value` as `path: message` lines; empty when the value is valid IR. */
export function validateIr(value: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

/** The IR JSON Schema (draft-07), for tools that want to publish or embed it. */
export const IR_SCHEMA: unknown = schema;
