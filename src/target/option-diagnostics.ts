/**
 * The diagnostics of `target NAME { … }` blocks, given each target's options validator: MLP5001
 * for options a target's schema rejects, MLP5002 for blocks that name no known target. Loads no
 * JSON Schema library: the validators come from `options-validator.ts` (precompiled, or compiled
 * by ajv in `validate-options.ts`).
 */
import type { ErrorObject } from "ajv";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDocument, IrPipeline } from "../ir/ir.js";
import type { OptionsValidator, TargetOptionsSpec } from "./target.js";
import { suggestName } from "./suggest-name.js";

/** MLP5001 for every option of `pipeline` that `target`'s schema rejects. */
export function validatePipelineOptions(pipeline: IrPipeline, target: TargetOptionsSpec, validate: OptionsValidator): Diagnostic[] {
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
 * every block that names one of `validated`'s targets, checked with its validator (MLP5001, or
 * the validator's MLP5404 when its schema would not compile), and blocks naming none of `known`
 * (MLP5002). `validated` holds only targets some block names: the callers load or compile
 * nothing for the others.
 */
export function targetBlockDiagnostics(
  ir: IrDocument,
  validated: readonly (readonly [TargetOptionsSpec, OptionsValidator | Diagnostic])[],
  known: readonly string[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [t, validate] of validated) {
    if (typeof validate !== "function") {
      out.push(validate);
      continue;
    }
    for (const p of ir.pipelines) if (p.targets[t.name] !== undefined) for (const item of validatePipelineOptions(p, t, validate)) out.push(item);
  }
  for (const item of unknownTargetBlocks(ir, known)) out.push(item);
  return out;
}
