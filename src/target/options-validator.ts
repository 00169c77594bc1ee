/**
 * Finds a target's options validator without loading a JSON Schema library when it can: the
 * built-in targets ship their schemas compiled ahead of time (`scripts/gen-options-validators.mjs`),
 * and ajv (`validate-options.ts`) is loaded only for a target that ships none.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { OptionsValidator, PrecompiledOptionsSchema, TargetOptionsSpec } from "./target.js";

/** Built validators, by what they were built from (shared by a target and its `TargetOptionsSpec`). */
const built = new WeakMap<PrecompiledOptionsSchema, OptionsValidator>();

/**
 * `target`'s precompiled options validator, built once; undefined when it ships none, or ships
 * one compiled from another schema object than its `optionsSchema`.
 */
export function precompiledOptionsValidator(target: TargetOptionsSpec): OptionsValidator | undefined {
  const pre = target.precompiledOptions;
  if (pre === undefined || pre.schema !== target.optionsSchema) return undefined;
  let validate = built.get(pre);
  if (validate === undefined) {
    validate = pre.build();
    built.set(pre, validate);
  }
  return validate;
}

/**
 * The options validator of `target` (see `optionsValidator` in `validate-options.ts`, and
 * `checkSchema` there), loading ajv only when the target ships no precompiled schema.
 */
export async function loadOptionsValidator(target: TargetOptionsSpec, checkSchema: boolean): Promise<OptionsValidator | Diagnostic> {
  return precompiledOptionsValidator(target) ?? (await import("./validate-options.js")).optionsValidator(target, checkSchema);
}
