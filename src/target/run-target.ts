/**
 * Runs one target over a compiled IR with every guard the CLI and tests rely on: options
 * validated by the target's options validator (MLP5001; the validator, or MLP5404 when its schema
 * would not compile, comes from `options-validator.ts`), unknown `target` blocks (MLP5002), `emit`
 * wrapped so a throwing or misbehaving target becomes a diagnostic (MLP5403, MLP5405), and every
 * emitted path checked to stay inside the output directory (MLP5004) and be unique (MLP5005).
 * Pure: writes nothing. Files are returned only when there is no error.
 */
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { IrPipeline } from "../ir/ir.js";
import type { ValidIr } from "../ir/validate.js";
import type { EmittedFile, OptionsValidator, Target, TargetContext } from "./target.js";
import { unknownTargetBlocks, validatePipelineOptions } from "./option-diagnostics.js";
import { unsafePathReason } from "./safe-path.js";
import { isOutputTooLarge, outputTooLarge } from "./output-too-large.js";

/** Inputs besides the IR and the target. */
export interface EmitOptions {
  /** Names a `target NAME { … }` block may use without a warning (built-ins, installed plugins). */
  readonly knownTargets: readonly string[];
  /** Version string handed to the target's context. */
  readonly mlpVersion: string;
}

/** The files to write (empty when any error was reported) and every diagnostic. */
export interface TargetOutput {
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates options with `validate`, runs `target.emit`, and checks what it returned. */
export function runTarget(ir: ValidIr, target: Target, validate: OptionsValidator | Diagnostic, options: EmitOptions): TargetOutput {
  if (typeof validate !== "function") return { files: [], diagnostics: [validate] };
  const diagnostics: Diagnostic[] = [];
  for (const p of ir.pipelines) for (const item of validatePipelineOptions(p, target, validate)) diagnostics.push(item);
  for (const item of unknownTargetBlocks(ir, [...new Set([...options.knownTargets, target.name])])) diagnostics.push(item);
  if (hasErrors(diagnostics)) return { files: [], diagnostics };

  const ctx: TargetContext = {
    optionsFor: (pipeline: IrPipeline) => pipeline.targets[target.name]?.options ?? {},
    mlpVersion: options.mlpVersion,
  };
  let result: unknown;
  try {
    result = target.emit(ir, ctx);
  } catch (e) {
    if (isOutputTooLarge(e)) return { files: [], diagnostics: [...diagnostics, outputTooLarge(ir, target)] };
    const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);
    diagnostics.push(
      diagnostic("MLP5403", "error", `target \`${target.name}\` failed while emitting: ${msg}`, NO_LOCATION, {
        notes: ["this is a bug in the target, not in your pipeline"],
        help: ["report it to the target's authors with the IR (`mlp compile FILE --target ir`)"],
      }),
    );
    return { files: [], diagnostics };
  }

  const shape = resultProblems(result);
  if (shape.length > 0) {
    diagnostics.push(diagnostic("MLP5405", "error", `target \`${target.name}\` returned a malformed result`, NO_LOCATION, { notes: shape }));
    return { files: [], diagnostics };
  }
  const { files, diagnostics: own } = result as { files: EmittedFile[]; diagnostics: Diagnostic[] };
  for (const item of own) diagnostics.push(item);

  const seen = new Set<string>();
  for (const f of files) {
    const reason = unsafePathReason(f.path);
    if (reason !== undefined) {
      diagnostics.push(
        diagnostic("MLP5004", "error", `target \`${target.name}\` emitted an unsafe path \`${f.path}\``, NO_LOCATION, {
          notes: [reason],
          help: ["targets must emit relative paths inside the output directory"],
        }),
      );
    } else if (seen.has(f.path)) {
      diagnostics.push(diagnostic("MLP5005", "error", `target \`${target.name}\` emitted \`${f.path}\` twice`, NO_LOCATION));
    }
    seen.add(f.path);
  }
  return { files: hasErrors(diagnostics) ? [] : files, diagnostics };
}

function resultProblems(result: unknown): string[] {
  if (typeof result !== "object" || result === null) return [`\`emit\` returned ${result === null ? "null" : typeof result}, not \`{ files, diagnostics }\``];
  const r = result as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(r.files)) problems.push("`files` must be an array");
  else
    r.files.forEach((f, i) => {
      if (typeof f !== "object" || f === null || typeof (f as EmittedFile).path !== "string" || !hasText(f as EmittedFile))
        problems.push(`\`files[${i}]\` must be \`{ path: string, contents: string }\``);
    });
  if (!Array.isArray(r.diagnostics)) problems.push("`diagnostics` must be an array");
  else
    r.diagnostics.forEach((d, i) => {
      const x = d as Partial<Diagnostic> | null;
      if (
        typeof x !== "object" ||
        x === null ||
        typeof x.code !== "string" ||
        !/^MLP\d{4}$/.test(x.code) ||
        !["error", "warning", "info"].includes(x.severity as string) ||
        typeof x.message !== "string" ||
        !isSpan(x.span) ||
        !Array.isArray(x.labels) ||
        !Array.isArray(x.notes) ||
        !Array.isArray(x.help) ||
        x.labels.some((l) => !isSpan((l as { span?: unknown } | null)?.span))
      )
        problems.push(`\`diagnostics[${i}]\` is not a diagnostic (code \`MLPnnnn\`, severity, message, span, labels, notes, help)`);
    });
  return problems;
}

/** A file's text: a `stream`, or else `contents` (not read when there is a stream: it may be built on demand). */
function hasText(f: EmittedFile): boolean {
  return f.stream !== undefined ? typeof f.stream === "function" : typeof f.contents === "string";
}

function isSpan(s: unknown): boolean {
  if (typeof s !== "object" || s === null) return false;
  const x = s as Record<string, unknown>;
  const pos = (p: unknown): boolean =>
    typeof p === "object" && p !== null && ["offset", "line", "column"].every((k) => Number.isInteger((p as Record<string, unknown>)[k]));
  return typeof x.file === "string" && pos(x.start) && pos(x.end);
}
