/**
 * What a caller hands the executor for one run (`runPipeline`), in its own file so the executor
 * and the no-op replay (replay.ts) share it.
 */
import type { ValidIr, ValidPipeline } from "../ir/validate.js";
import type { Builtins } from "./builtins.js";
import type { ObjectHashes } from "./object-datasets.js";
import type { GitInfo } from "./git-info.js";
import type { ParamValues } from "./params.js";
import type { RunEvent } from "./run-events.js";
import type { Store } from "./store.js";

/** Everything one run needs. */
export interface RunRequest {
  /** Validated at the IR boundary (`src/ir/validate.ts`): names are identifiers, references resolve. */
  readonly ir: ValidIr;
  /** Absolute directory the IR's relative paths are resolved against. */
  readonly root: string;
  /** One of `ir`'s pipelines. */
  readonly pipeline: ValidPipeline;
  readonly params: ParamValues;
  readonly store: Store;
  readonly jobs: number;
  readonly dryRun?: boolean;
  readonly noCache?: boolean;
  /** Re-run this step and everything downstream of it, cached or not. */
  readonly from?: string;
  /** Environments whose `approval required` deploys are approved for this run. */
  readonly approve?: readonly string[];
  /** Hash of the source file(s) the IR came from. */
  readonly fileHash: string;
  /** `irHash(ir)` when the caller already knows it (from the IR cache). */
  readonly irHash?: string;
  /**
   * `gitInfo(root)`, when the caller started it early: forking `git` from a small heap, before
   * the IR is loaded, is cheaper, and git then runs alongside the loading.
   */
  readonly git?: Promise<GitInfo>;
  /** The file `mlp run` was given (absolute), recorded for the reproduce command. */
  readonly entryFile?: string;
  /** The command line, recorded with the run. */
  readonly argv: readonly string[];
  readonly signal: AbortSignal;
  readonly builtins: () => Promise<Builtins | undefined>;
  readonly onEvent?: (event: RunEvent) => void;
  /** Asks a human to approve a deploy (TTY only); absent: the run stops awaiting approval. */
  readonly confirmApproval?: (env: string, detail: string) => Promise<boolean>;
  /**
   * `false`: always run through the executor, never as a replay of an earlier run (replay.ts);
   * tests compare the two paths' records with it.
   */
  readonly replay?: boolean;
  /** The environment steps inherit and secrets are read from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Object-store datasets already looked up (by the CLI's replay check); the rest are looked up first. */
  readonly objects?: ObjectHashes;
}
