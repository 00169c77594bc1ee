/**
 * The `ir` pseudo-target: the IR itself as `<entry>.ir.json`. `mlp compile --target ir` prints it
 * (or writes it with `--out`), so users and plugin authors can see exactly what targets receive.
 * It goes through the same `Target` interface as every other backend.
 */
import type { IrDocument } from "../ir/ir.js";
import { indentCompactJson } from "../source/indented-json.js";
import type { EmitResult, EmittedFile, Target } from "./target.js";
import { IR_OPTIONS_SCHEMA } from "./ir-options.js";
import { buildIrOptionsValidator } from "./ir-options-validator.generated.js";

/** Pretty-printed JSON of the IR, in the IR's own key order, ending with a newline. */
export function printIrJson(ir: IrDocument): string {
  return `${JSON.stringify(ir, null, 2)}\n`;
}

/** The output file name for an entry file: `churn.mlp` -> `churn.ir.json`. */
export function irFileName(ir: IrDocument): string {
  const base = ir.source.split("/").pop() ?? "";
  const stem = base.replace(/\.mlp$/, "");
  return `${/^[A-Za-z0-9._-]+$/.test(stem) && stem !== "" && stem !== "." && stem !== ".." ? stem : "pipeline"}.ir.json`;
}

/** The `ir` target: no options, every capability (the IR expresses everything). */
export const irTarget: Target = {
  name: "ir",
  description: "the mlp intermediate representation (mlp/v1 JSON), as every target receives it",
  optionsSchema: IR_OPTIONS_SCHEMA,
  precompiledOptions: { schema: IR_OPTIONS_SCHEMA, build: buildIrOptionsValidator },
  capabilities: { schedule: true, dataTriggers: true, pushTriggers: true, approval: true, gpu: true, retries: true, timeouts: true },
  emit(ir: IrDocument): EmitResult {
    return { files: [irFile(ir)], diagnostics: [] };
  },
};

/**
 * The IR file, streamed: `--out` writes the compact JSON indented on the way out, without the
 * 26 MB indented text of a 10,000-step IR (and its flattened copy): 30 MB less peak memory.
 * The compact text is made here, so an IR too big for one string still throws inside `emit`
 * (MLP9115); the indented text is built only if `contents` is read (stdout, `--check`).
 */
function irFile(ir: IrDocument): EmittedFile {
  const compact = JSON.stringify(ir);
  let text: string | undefined;
  return {
    path: irFileName(ir),
    get contents(): string {
      return (text ??= printIrJson(ir));
    },
    stream: (sink) => indentCompactJson(compact, sink),
  };
}
