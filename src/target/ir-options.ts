/**
 * The options a `target ir { … }` block may set: none. On its own, without the IR target's
 * printer, so `scripts/gen-options-validators.mjs` can read it from the build.
 */
export const IR_OPTIONS_SCHEMA: Readonly<Record<string, unknown>> = { type: "object", additionalProperties: false, properties: {} };
