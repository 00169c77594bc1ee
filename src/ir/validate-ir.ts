/**
 * Validates a value against the IR's JSON Schema (`ir.schema.json`) with ajv. `validate.ts` runs it
 * on every IR document read from disk; tests run every lowered IR through it; a third-party target
 * can call it on IR it did not produce.
 */
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import schema from "./ir.schema.json" with { type: "json" };

// ajv is loaded on first use: compiling a `.mlp` file (whose IR skips the schema) never pays for it.
const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

/** The schema's errors for `value` as `path: message` lines; empty when the value is valid IR. */
export function validateIr(value: unknown): string[] {
  if (validator === undefined) {
    // Destructured first: see metrics-check.ts (TypeScript 7 drops the parentheses of `new (…).Ajv`).
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    validator = new AjvClass({ allErrors: true, strict: true }).compile(schema);
  }
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

/** The IR JSON Schema (draft-07), for tools that want to publish or embed it. */
export const IR_SCHEMA: unknown = schema;
