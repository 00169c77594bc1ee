/**
 * Options validators compiled with ajv from a target's `optionsSchema` (JSON Schema draft-07,
 * every error at once), for targets that ship no precompiled one (plugins), and the synchronous
 * entry points tests and library callers use. Loading this module loads ajv: the CLI reaches it
 * only through `loadOptionsValidator` (`options-validator.ts`), for a plugin.
 */
import { Ajv } from "ajv";
import formatsModule from "ajv-formats";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { IrDocument } from "../ir/ir.js";
import type { OptionsValidator, TargetOptionsSpec } from "./target.js";
import { targetBlockDiagnostics } from "./option-diagnostics.js";
import { precompiledOptionsValidator } from "./options-validator.js";

export { targetBlockDiagnostics, unknownTargetBlocks, validatePipelineOptions } from "./option-diagnostics.js";

// ajv-formats is CommonJS: its default import is `module.exports`, which carries the plugin as
// `.default` too. A static import (not `createRequire`) lets the CLI bundle include it.
const addFormats = formatsModule.default;

const compiled = new WeakMap<TargetOptionsSpec, OptionsValidator | Diagnostic>();

/**
 * The options validator of `target`: its precompiled one when it ships one for its schema, else
 * the schema compiled here, or MLP5404 when the schema is not valid. `checkSchema: false` skips
 * checking the schema against the JSON Schema meta-schema: compiling that meta-schema is ~50 ms,
 * and the built-in targets' schemas are checked by the test suite instead
 * (`test/targets/options-schemas.test.ts`). The validator is kept per target; callers pass
 * `false` only for built-ins, so a target is never seen both ways.
 */
export function optionsValidator(target: TargetOptionsSpec, checkSchema = true): OptionsValidator | Diagnostic {
  const precompiled = precompiledOptionsValidator(target);
  if (precompiled !== undefined) return precompiled;
  const hit = compiled.get(target);
  if (hit !== undefined) return hit;
  let result: OptionsValidator | Diagnostic;
  try {
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: checkSchema });
    addFormats(ajv);
    result = ajv.compile(target.optionsSchema as Record<string, unknown>);
  } catch (e) {
    result = diagnostic("MLP5404", "error", `the options schema of target \`${target.name}\` is not a valid JSON Schema`, NO_LOCATION, {
      notes: [(e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300)],
      help: ["`optionsSchema` must be a draft-07 JSON Schema object; this is a bug in the target"],
    });
  }
  compiled.set(target, result);
  return result;
}

/**
 * `targetBlockDiagnostics` with each of `targets`' validators found by `optionsValidator`.
 * `builtin`: `targets` are mlp's own, whose schemas are not re-checked.
 */
export function checkTargetBlocks(ir: IrDocument, targets: readonly TargetOptionsSpec[], known: readonly string[], builtin = false): Diagnostic[] {
  const used = targets.filter((t) => ir.pipelines.some((p) => p.targets[t.name] !== undefined));
  return targetBlockDiagnostics(ir, used.map((t) => [t, optionsValidator(t, !builtin)] as const), known);
}
