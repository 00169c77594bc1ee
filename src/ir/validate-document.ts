/**
 * The IR boundary for a document read from disk (`mlp run x.ir.json`, `mlp graph x.ir.json`):
 * the JSON Schema first, then the semantic checks every IR passes (`validate.ts`). A module of
 * its own because the compiled schema (`ir-schema-validator.generated.ts`, ~250 KB) is needed
 * only here: `mlp check` and `mlp compile`, which validate lowering's output, do not load it.
 */
import { diagnostic } from "../diagnostics/diagnostic.js";
import { IDENTIFIER_SOURCE } from "../source/identifier.js";
import type { IrDocument } from "./ir.js";
import { checkSemantics, printable, spanAtStart, type IrValidation } from "./validate.js";
import { validateIr } from "./validate-ir.js";

/** Schema problems are reported as at most this many diagnostics (a wrong file can have thousands). */
const MAX_SCHEMA_DIAGNOSTICS = 20;

/**
 * Validates a document read from `file` (already parsed from JSON): the schema first, then the
 * semantic checks. Diagnostics point at the element's `origin` when it has one, else at `file`.
 */
export function validateIrDocument(value: unknown, file: string): IrValidation {
  const fileSpan = spanAtStart(file);
  const problems = validateIr(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_SCHEMA_DIAGNOSTICS);
    const diagnostics = shown.map((p) =>
      diagnostic("MLP9110", "error", `\`${file}\` is not valid mlp/v1 IR: ${inWords(p, value)}`, fileSpan, {
        help: ["compare the file with `docs/ir.md`, or write it with `mlp compile --target ir`"],
      }),
    );
    if (problems.length > shown.length)
      diagnostics.push(diagnostic("MLP9110", "error", `\`${file}\`: ${problems.length - shown.length} more schema problems not shown`, fileSpan));
    return { diagnostics };
  }
  return checkSemantics(value as IrDocument);
}

/** ajv's words for a name that is not an identifier. */
const NOT_IDENTIFIER = `: must match pattern "^${IDENTIFIER_SOURCE}$"`;

/**
 * A schema problem as a user reads it: a name that is not an identifier (the problem a
 * hand-written IR meets most, and the one targets used to report themselves) is named, with the
 * rule, instead of ajv's pattern.
 */
function inWords(problem: string, doc: unknown): string {
  if (!problem.endsWith(NOT_IDENTIFIER)) return problem;
  const path = problem.slice(0, -NOT_IDENTIFIER.length);
  let v: unknown = doc;
  for (const key of path.split("/").slice(1)) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  const name = typeof v === "string" ? `\`${printable(v)}\` ` : "";
  return `${path}: ${name}is not a plain identifier (letters, digits and \`_\`, not starting with a digit)`;
}

