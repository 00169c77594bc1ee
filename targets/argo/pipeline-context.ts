/**
 * What the template builders of one pipeline share: the pipeline and its view (`src/ir/view.ts`),
 * its resolved options, the task names, the diagnostics sink, and the storage keys of models that deploys read.
 */
import { posix } from "node:path";
import type { IrSchema } from "../../src/ir/ir.js";
import type { ValidPipeline } from "../../src/ir/validate.js";
import type { PipelineView } from "../../src/ir/view.js";
import { posixJoin } from "./checks.js";
import type { ExprScope } from "./expr.js";
import type { ArgoOptions } from "./options.js";
import type { Reporter } from "./report.js";
import type { TaskNames } from "./task-names.js";

/** Where a deployed model is stored: the artifact `key` (key-only artifact) and the URI KServe reads. */
export interface StoredModel {
  readonly scheme: "s3" | "gs";
  readonly key: string;
  readonly uri: string;
}

/** Shared state for building one pipeline's templates. */
export interface PipelineContext {
  readonly pipeline: ValidPipeline;
  /** Nodes, datasets and params by name, and the graph questions (upstream, metric sources). */
  readonly view: PipelineView;
  /** Schemas of the IR document, for `mlp std --schema`. */
  readonly schemas: Readonly<Record<string, IrSchema>>;
  readonly options: ArgoOptions;
  /**
   * The `.mlp` file's directory inside step containers: `source_dir` (the repository) joined with
   * the IR's `root` (the file's directory in the repository). Step directories and relative
   * dataset paths are relative to it.
   */
  readonly pipelineDir: string;
  readonly names: TaskNames;
  readonly reporter: Reporter;
  /** Keyed by `step` + NUL + `output`. */
  readonly storedModels: ReadonlyMap<string, StoredModel>;
  /** The artifact repository (`artifact_store_uri`), undefined when the option is invalid (MLP5206). */
  readonly store?: { readonly scheme: "s3" | "gs"; readonly bucket: string; readonly prefix: string };
  readonly secretName: string;
  readonly exprScope: ExprScope;
}

/** Key of `storedModels`; with `sweep`, the model is that member output at the sweep's best point. */
export function modelKey(step: string, output: string, sweep?: string): string {
  return sweep === undefined ? `${step}\u0000${output}` : `${sweep}\u0000${step}\u0000${output}`;
}

/** Fixed paths inside step containers. */
export const PATHS = {
  input: (name: string) => `/tmp/mlp-in/${name}`,
  outputDir: "/tmp/mlp-out",
  output: (name: string) => `/tmp/mlp-out/${name}`,
  metrics: "/tmp/mlp-metrics.json",
  workdir: "/tmp/mlp-work",
} as const;

/**
 * `depends` text: every name must have succeeded (a skipped gate therefore stops what follows),
 * except the gates in `skipped` (`after not GATE`), which must be `Skipped`: checked, not held.
 */
export function dependsOn(tasks: readonly string[], skipped: ReadonlySet<string> = new Set()): string | undefined {
  const unique = [...new Set(tasks)];
  return unique.length === 0 ? undefined : unique.map((t) => `${t}.${skipped.has(t) ? "Skipped" : "Succeeded"}`).join(" && ");
}

/**
 * `rel` (a path from the IR, relative to the `.mlp` file's directory) inside step containers;
 * an absolute path stays as written: it names a place in the image or a mounted volume.
 */
export function containerPath(ctx: Pick<PipelineContext, "pipelineDir">, rel: string): string {
  return rel.startsWith("/") ? rel : posix.normalize(posixJoin(ctx.pipelineDir, rel));
}
