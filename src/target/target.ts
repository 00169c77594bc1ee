/**
 * The interface every backend implements — built-in (`targets/<name>/`) or a third-party plugin
 * (`--target ./my-target.js`, or an installed package `mlp-target-<name>`).
 *
 * API boundary: a target sees only the IR (`src/ir/ir.ts`), never the syntax tree. `emit` is
 * pure: it returns files and diagnostics and writes nothing.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CodeInfo } from "../diagnostics/codes.js";
import type { IrPipeline } from "../ir/ir.js";
import type { ValidIr } from "../ir/validate.js";
import type { ByteSink } from "../source/indented-json.js";
import type { ErrorObject } from "ajv";

/** One generated file, path relative to the output directory (`/` separators). */
export interface EmittedFile {
  readonly path: string;
  readonly contents: string;
  /**
   * Optional: the same text as `contents`, as UTF-8 handed to `sink` a piece at a time. For an
   * output of tens of megabytes, `--out` writes these pieces and never reads `contents` (which may
   * then be a getter that builds the text only when asked, e.g. for stdout).
   */
  readonly stream?: (sink: ByteSink) => void;
}

/** What a target can express natively; anything else it reports as an MLP5xxx diagnostic. */
export interface TargetCapabilities {
  readonly schedule: boolean;
  readonly dataTriggers: boolean;
  readonly pushTriggers: boolean;
  readonly approval: boolean;
  readonly gpu: boolean;
  readonly retries: boolean;
  readonly timeouts: boolean;
}

export interface TargetContext {
  /**
   * Options for `pipeline`: its `target NAME { … }` block, already validated against
   * `optionsSchema` (defaults applied by the caller are not assumed; read with care).
   */
  optionsFor(pipeline: IrPipeline): Readonly<Record<string, unknown>>;
  /** Version of the mlp toolchain, for headers and for the `mlp` image/package the output runs. */
  readonly mlpVersion: string;
}

export interface EmitResult {
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates a `target NAME { … }` block's options; on `false`, `errors` says why (ajv's errors). */
export type OptionsValidator = ((options: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * An options schema compiled ahead of time (ajv's standalone code, as
 * `scripts/gen-options-validators.mjs` writes it for the built-in targets), so that checking
 * options neither loads ajv nor compiles the schema in every process.
 */
export interface PrecompiledOptionsSchema {
  /**
   * The schema object it was compiled from. It is used only while the target's `optionsSchema`
   * is this very object: a target made by spreading another and replacing its schema gets its
   * own schema compiled, not the other's validator.
   */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Builds the validator; called at most once per process. */
  readonly build: () => OptionsValidator;
}

export interface Target {
  /** Short name used by `--target` and by `target NAME { … }` blocks. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema (draft-07) of the options a `target NAME { … }` block may set. */
  readonly optionsSchema: Readonly<Record<string, unknown>>;
  /** Optional: `optionsSchema` compiled ahead of time; without it mlp compiles the schema with ajv. */
  readonly precompiledOptions?: PrecompiledOptionsSchema;
  readonly capabilities: TargetCapabilities;
  /**
   * Catalogue entries of the MLP5xxx codes this target reports (each with a bad and a fixed
   * example where a source can trigger it), so `mlp explain` and docs/diagnostics.md cover
   * plugins' codes as well as the built-ins'. Optional.
   */
  readonly codes?: readonly CodeInfo[];
  /**
   * IR in, files out. Must be deterministic: same IR and options, same bytes. The IR has passed
   * `src/ir/validate.ts`: names are identifiers, references resolve, `order` is topological.
   */
  emit(ir: ValidIr, ctx: TargetContext): EmitResult;
}

/** What checking a `target NAME { … }` block's options needs of a target: not its emitter. */
export type TargetOptionsSpec = Pick<Target, "name" | "optionsSchema" | "precompiledOptions">;
