/**
 * An output too large for one JavaScript string. V8 caps a string at 2^29 - 24 UTF-16 units
 * (~512 MB), and `JSON.stringify` or a join past that throws `RangeError: Invalid string length`.
 * That is the size of the user's pipeline, not a bug in the target (MLP5403 said so before), so
 * it gets its own diagnostic naming the input file and how big it is.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { IrDocument } from "../ir/ir.js";
import type { Target } from "./target.js";

/** True when `e` is V8's refusal to build a string over its length limit. */
export function isOutputTooLarge(e: unknown): boolean {
  return e instanceof RangeError && /Invalid string length|Invalid array length|Array buffer allocation failed/.test(e.message);
}

/** MLP9115 for `ir`'s entry file. */
export function outputTooLarge(ir: IrDocument, target: Target): Diagnostic {
  const steps = ir.pipelines.reduce((n, p) => n + p.steps.length, 0);
  const pipelines = ir.pipelines.length;
  return diagnostic(
    "MLP9115",
    "error",
    `\`${ir.source}\` compiles to more than 512 MB of \`${target.name}\` output, more than mlp can build as one text`,
    NO_LOCATION,
    {
      notes: [`it has ${steps} step${steps === 1 ? "" : "s"} in ${pipelines} pipeline${pipelines === 1 ? "" : "s"}; a JavaScript string holds at most 2^29 - 24 characters`],
      help: ["split the pipeline into several files or pipelines and compile each (`--pipeline NAME` compiles one)"],
    },
  );
}
