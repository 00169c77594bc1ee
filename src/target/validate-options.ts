/**
 * Validates each pipeline's `target NAME { … }` options against the target's `optionsSchema`
 * (JSON Schema draft-07, ajv, every error at once) and warns about `target` blocks that name no
 * known target. The IR keeps one origin per block, so diagnostics point at the block.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { IrDocument, IrPipeline } from "../ir/ir.js";
import type { Target } from "./target.js";
import { suggestName } from "./suggest-name.js";

// ajv-formats is CommonJS: its default import is `module.exports`, which carries the plugin as
// `.default` too. A static import (not `createRequire`) lets the CLI bundle include it.
const addFormats = formatsModule.default;

const compiled = new WeakMap<Target, ValidateFunction | Diagnostic>();

/**
 * The compiled options validator of `target`, or MLP5404 when its schema is not valid.
 * `checkSchema: false` skips checking the schema against the JSON Schema meta-schema: compiling
 * that meta-schema is ~50 ms of every `mlp compile`, and the built-in targets' schemas are
 * checked by the test suite instead (`test/targets/options-schemas.test.ts`). The validator is
 * kept per target; callers pass `false` only for built-ins, so a target is never seen both ways.
 */
export function optionsValidator(target: Target, checkSchema = true): ValidateFunction | Diagnostic {
  const hit = compiled.get(target);
  if (hit !== undefined) return hit;
  let result: ValidateFunction | Diagnostic;
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

/** MLP5001 for every option of `pipeline` that `target`'s schema rejects. */
export function validatePipelineOptions(pipeline: IrPipeline, target: Target, validate: ValidateFunction): Diagnostic[] {
  const block = pipeline.targets[target.name];
  const options = block?.options ?? {};
  if (validate(options)) return [];
  const span = block?.origin ?? pipeline.origin;
  const allowed = Object.keys(((target.optionsSchema as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>).sort();
  return (validate.errors ?? []).map((err) => optionError(err, target.name, allowed, span, block === undefined));
}

function optionError(err: ErrorObject, name: string, allowed: readonly string[], span: IrPipeline["origin"], noBlock: boolean): Diagnostic {
  const path = err.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const where = path.length > 0 ? `option \`${path.join(".")}\`` : "the options";
  const p = err.params as Record<string, unknown>;
  const allowedHelp = allowed.length > 0 ? `target \`${name}\` accepts: ${allowed.map((a) => `\`${a}\``).join(", ")}` : `target \`${name}\` accepts no options`;
  switch (err.keyword) {
    case "additionalProperties": {
      const extra = String(p.additionalProperty);
      const guess = path.length === 0 ? suggestName(extra, allowed) : undefined;
      return diagnostic("MLP5001", "error", `unknown option \`${[...path, extra].join(".")}\` for target \`${name}\``, span, {
        label: `in \`target ${name}\``,
        help: [...(guess !== undefined ? [`did you mean \`${guess}\`?`] : []), allowedHelp],
      });
    }
    case "required": {
      const missing = String(p.missingProperty);
      return diagnostic("MLP5001", "error", `target \`${name}\` requires option \`${[...path, missing].join(".")}\``, span, {
        label: noBlock ? "this pipeline has no `target` block for it" : "missing here",
        help: [`add \`${missing}: …\` to \`target ${name} { … }\``],
      });
    }
    case "type":
      return diagnostic("MLP5001", "error", `${where} of target \`${name}\` must be of type ${String(p.type).replace(/,/g, " or ")}`, span, { label: `in \`target ${name}\`` });
    case "enum": {
      const values = (p.allowedValues as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(", ");
      return diagnostic("MLP5001", "error", `${where} of target \`${name}\` must be one of ${values}`, span, { label: `in \`target ${name}\`` });
    }
    default:
      return diagnostic("MLP5001", "error", `${where} of target \`${name}\` ${err.message ?? "is not valid"}`, span, { label: `in \`target ${name}\`` });
  }
}

/** MLP5002 for each `target` block of `ir` whose name is not in `known`. */
export function unknownTargetBlocks(ir: IrDocument, known: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ir.pipelines) {
    for (const [name, block] of Object.entries(p.targets)) {
      if (known.includes(name)) continue;
      const guess = suggestName(name, known);
      out.push(
        diagnostic("MLP5002", "warning", `no target is named \`${name}\`; its options are ignored`, block.origin, {
          label: "unknown target",
          notes: [`known targets: ${[...known].sort().map((k) => `\`${k}\``).join(", ")}`],
          help: guess !== undefined ? [`did you mean \`${guess}\`?`] : ["fix the name, or install the plugin package `mlp-target-" + name + "`"],
        }),
      );
    }
  }
  return out;
}

/**
 * What `mlp check` reports about `target` blocks without compiling for any target: options of
 * every block that names one of `targets` (MLP5001, MLP5404) and blocks naming none of `known`
 * (MLP5002). `builtin`: `targets` are mlp's own, whose schemas are not re-checked (see
 * `optionsValidator`).
 */
export function checkTargetBlocks(ir: IrDocument, targets: readonly Target[], known: readonly string[], builtin = false): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of targets) {
    if (!ir.pipelines.some((p) => p.targets[t.name] !== undefined)) continue;
    const validate = optionsValidator(t, !builtin);
    if (typeof validate !== "function") {
      out.push(validate);
      continue;
    }
    for (const p of ir.pipelines) if (p.targets[t.name] !== undefined) for (const item of validatePipelineOptions(p, t, validate)) out.push(item);
  }
  for (const item of unknownTargetBlocks(ir, known)) out.push(item);
  return out;
}
