/**
 * The mlp intermediate representation, version `mlp/v1`: a fully resolved, target-agnostic
 * description of the pipelines in one compiled file (imports inlined, components expanded,
 * types resolved, the graph made explicit). Targets and the local runtime read only this.
 *
 * The JSON Schema `src/ir/ir.schema.json` describes the same shape; `docs/ir.md` documents it
 * for third-party target authors. Any change here is a change to a public interface.
 */
import type { Span } from "../source/span.js";
import type { DeployKind, DeployOptions } from "../deploy/kinds.js";

export const IR_VERSION = "mlp/v1" as const;

/** Where an IR element came from in the `.mlp` sources (file path relative to the entry file's directory). */
export type Origin = Span;

/** One compiled `.mlp` file. */
export interface IrDocument {
  readonly ir: typeof IR_VERSION;
  /**
   * The compiled entry file's name. Every path in the IR (datasets, `code`, step working
   * directories, origins) is relative to the entry file's directory, with `/` separators.
   */
  readonly source: string;
  /**
   * The entry file's directory relative to the repository root (`.` at the top), with `/`, never
   * absolute: targets join it to where the repository is on the runner. The same from any
   * current directory (see docs/ir.md).
   */
  readonly root: string;
  /** Every schema reachable from the pipelines, by name. */
  readonly schemas: Readonly<Record<string, IrSchema>>;
  readonly pipelines: readonly IrPipeline[];
}

export interface IrSchema {
  readonly name: string;
  readonly columns: readonly IrColumn[];
  readonly origin: Origin;
}

export interface IrColumn {
  readonly name: string;
  readonly type: ValueTypeName;
}

// ---------------------------------------------------------------------------------------------
// Types

export type ValueTypeName = "int" | "float" | "string" | "bool" | "duration";
export type ArtifactTypeName = "Table" | "File" | "Dir" | "Model";

/**
 * A resolved type. `Table` may name its schema (a key of `IrDocument.schemas`). `list` is a list
 * param's type (`list<int>`: elements of a value type) or a `collect(…)` input's (`List<Model>`:
 * one entry per sweep point, delivered as a directory with a `points.json`).
 */
export type IrType =
  | { readonly kind: ValueTypeName; readonly optional?: boolean }
  | { readonly kind: "Table"; readonly schema?: string }
  | { readonly kind: "File" | "Dir" | "Model" }
  | { readonly kind: "list"; readonly element: IrType };

/** A literal value after evaluation: durations are seconds, quantities are strings (`"4Gi"`). */
export type IrValue = number | string | boolean | readonly IrValue[];

// ---------------------------------------------------------------------------------------------
// Pipelines

export interface IrPipeline {
  readonly name: string;
  readonly description?: string;
  readonly origin: Origin;
  readonly schedule?: IrSchedule;
  readonly triggers: readonly IrTrigger[];
  readonly params: readonly IrParam[];
  readonly secrets: readonly IrSecret[];
  readonly datasets: readonly IrDataset[];
  /** Steps in a deterministic topological order. */
  readonly steps: readonly IrStep[];
  readonly gates: readonly IrGate[];
  readonly deploys: readonly IrDeploy[];
  /**
   * `sweep NAME { … }` blocks (language brief §9.1). Omitted when there are none, so earlier
   * mlp/v1 documents stay valid. A sweep's steps and gates are in `steps` and `gates`, marked
   * with `sweep`; the sweep itself is a node of `order` (the fan-in), after all of its members.
   */
  readonly sweeps?: readonly IrSweep[];
  /** Every node (step, gate, deploy, sweep) in one deterministic topological order. */
  readonly order: readonly IrNodeRef[];
  /** `target NAME { … }` blocks: options by target name, as written (validated by each target's schema). */
  readonly targets: Readonly<Record<string, IrTargetOptions>>;
}

export interface IrTargetOptions {
  readonly options: Readonly<Record<string, IrValue>>;
  readonly origin: Origin;
}

/** A node of the pipeline graph. Steps, gates, deploys and sweeps share one namespace per pipeline. */
export interface IrNodeRef {
  readonly kind: "step" | "gate" | "deploy" | "sweep";
  readonly name: string;
}

export interface IrSchedule {
  /** Five-field cron expression as written. */
  readonly cron: string;
  readonly origin: Origin;
}

export type IrTrigger =
  | { readonly kind: "change"; readonly dataset: string; readonly origin: Origin }
  | { readonly kind: "push"; readonly paths: readonly string[]; readonly origin: Origin }
  /** `trigger on pull_request("glob", …)`: model CI on pull requests (deploys never run on one). */
  | { readonly kind: "pull_request"; readonly paths: readonly string[]; readonly origin: Origin };

export interface IrParam {
  readonly name: string;
  readonly type: IrType;
  readonly default?: IrValue;
  readonly origin: Origin;
}

export interface IrSecret {
  readonly name: string;
  readonly origin: Origin;
}

export interface IrDataset {
  readonly name: string;
  readonly type: IrType;
  /** A path relative to the entry file's directory, or a URI with a scheme (`s3://…`, `gs://…`, `https://…`). */
  readonly uri: string;
  readonly origin: Origin;
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface IrStep {
  readonly name: string;
  readonly description?: string;
  readonly origin: Origin;
  /** The component the step instantiates (`train_model`, `std.drift`), if any. */
  readonly component?: string;
  /**
   * For `std.*` components: the built-in the mlp runtime runs (`drift`, `profile`, `expect`).
   * Such a step has no `run`; targets invoke `mlp std <builtin>` with the step's bindings.
   */
  readonly builtin?: string;
  /**
   * Working directory for the command: the directory of the file that declares the step (or its
   * component), relative to the entry file's directory (`.` for that directory itself).
   */
  readonly workingDir: string;
  readonly image?: string;
  /** The command, split into text and placeholders. Absent for built-ins. */
  readonly run?: IrCommand;
  readonly inputs: readonly IrInput[];
  readonly outputs: readonly IrOutput[];
  readonly metrics: readonly IrMetric[];
  /** Files (relative to the entry file's directory) whose contents key the cache. */
  readonly code: readonly string[];
  /** Environment variables: plain values (placeholders are not expanded in env). */
  readonly env: Readonly<Record<string, string>>;
  /** Names of pipeline secrets exposed to this step as environment variables of the same name. */
  readonly secrets: readonly string[];
  readonly resources: IrResources;
  /** Extra attempts after a failure (0 = no retry). */
  readonly retry: number;
  readonly timeoutSeconds?: number;
  readonly cache: boolean;
  /** Direct predecessors (data and control), names of steps/gates/deploys, sorted. */
  readonly needs: readonly string[];
  /** Predecessors from `after` only (control edges), sorted. */
  readonly after: readonly string[];
  /** The sweep whose block declares the step: it runs once per point. Omitted outside sweeps. */
  readonly sweep?: string;
  /**
   * `after not GATE, …`: gates that must have been checked and *not* held for the step to run
   * (the else branch). Each is also in `needs` (not in `after`); never an `assert`. Omitted when empty.
   */
  readonly afterNot?: readonly string[];
  /**
   * `finally NAME { … }`: runs once at the end of every run, after every other node, whatever
   * happened (`${status}` is the run's status so far). Its `needs` and `after` are empty, it is
   * last in `order`, it reads no step (only params, datasets, literals and `deployed(…)`), no node
   * reads it, and it is never in a sweep. Omitted for ordinary steps.
   */
  readonly finally?: true;
}

/** A `run` command: concatenating the parts with placeholders replaced gives the shell command. */
export interface IrCommand {
  /** The command as written (after escapes and dedent), `${…}` kept, `$$` kept. */
  readonly template: string;
  readonly parts: readonly IrCommandPart[];
}

/**
 * `text` is literal shell text (`$$` already turned into `$`). A placeholder names one of the
 * step's inputs, outputs, or a built-in: `metrics` (path of the metrics JSON file to write),
 * `run_id`, `workdir` (a fresh scratch directory).
 */
export type IrCommandPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "input"; readonly name: string }
  | { readonly kind: "output"; readonly name: string }
  | { readonly kind: "builtin"; readonly name: "metrics" | "run_id" | "workdir" }
  /** `${status}`, only in a `finally` step: `succeeded`, `gated`, `failed` or `cancelled` (see `RunStatus`). */
  | { readonly kind: "builtin"; readonly name: "status" };

/**
 * The status of a run, as `${status}` gives it to a `finally` step and `mlp runs` shows it:
 * `failed` if a node failed (an `assert` that did not hold included), else `cancelled` if it was
 * interrupted, else `gated` if a gate did not hold (its dependents skipped), else `succeeded`.
 */
export type RunStatus = "succeeded" | "gated" | "failed" | "cancelled";
export const RUN_STATUSES: readonly RunStatus[] = ["succeeded", "gated", "failed", "cancelled"];

export interface IrInput {
  readonly name: string;
  readonly type: IrType;
  readonly binding: IrBinding;
}

/** Where an input's value comes from. */
export type IrBinding =
  | { readonly kind: "dataset"; readonly dataset: string }
  | { readonly kind: "output"; readonly step: string; readonly output: string }
  | { readonly kind: "param"; readonly param: string }
  | { readonly kind: "literal"; readonly value: IrValue }
  | { readonly kind: "expr"; readonly expr: IrExpr }
  /** Inside a sweep: the current point's value of dimension `name` of the step's sweep. */
  | { readonly kind: "over"; readonly name: string }
  /** Outside a sweep: output `output` of member step `step` at the sweep's best point. */
  | { readonly kind: "best"; readonly sweep: string; readonly step: string; readonly output: string }
  /** `collect(SWEEP.STEP.OUTPUT)`: every point's output, in point order (type `list`). */
  | { readonly kind: "collect"; readonly sweep: string; readonly step: string; readonly output: string }
  /**
   * `deployed(ENV[, from: PIPELINE]).model [?? FALLBACK]`: the model now live in `env` as recorded
   * by pipeline `pipeline` (this pipeline when omitted), read when the step starts. When nothing is
   * deployed there, the step receives `fallback` (an `output`, `best` or `dataset` binding), or fails
   * with a message naming the environment and the pipeline if there is none. Type `Model`.
   */
  | { readonly kind: "deployed"; readonly env: string; readonly pipeline?: string; readonly fallback?: IrBinding };

export interface IrOutput {
  readonly name: string;
  readonly type: IrType;
}

export interface IrMetric {
  readonly name: string;
  readonly type: { readonly kind: "int" | "float" | "bool" };
}

export interface IrResources {
  readonly cpu?: number;
  /** Kubernetes quantity, e.g. `"4Gi"`. */
  readonly memory?: string;
  readonly gpu?: number;
}

// ---------------------------------------------------------------------------------------------
// Gates and deploys

export interface IrGate {
  readonly name: string;
  readonly origin: Origin;
  /**
   * `assert NAME { … }`: a condition that does not hold fails the run (the node fails, exit 1)
   * instead of skipping what depends on it. Omitted for gates.
   */
  readonly assert?: true;
  /** Every condition must hold. */
  readonly conditions: readonly IrCondition[];
  readonly needs: readonly string[];
  /** The sweep whose block declares the gate: it is checked once per point. Omitted outside sweeps. */
  readonly sweep?: string;
}

export interface IrCondition {
  readonly expr: IrExpr;
  /** The condition, for UIs and run records: printed from its tree, so spacing never changes it. */
  readonly text: string;
  readonly origin: Origin;
}

export interface IrDeploy {
  /** The environment name (`staging`, `production`); also the node's name. */
  readonly name: string;
  readonly origin: Origin;
  /** The step output shipped; with `sweep`, that member step's output at the sweep's best point. */
  readonly model: { readonly step: string; readonly output: string; readonly sweep?: string };
  readonly approval: boolean;
  /** `to KIND { … }`: the kind and its options, as `src/deploy/kinds.ts` defines them. */
  readonly to: IrDeployTo;
  /**
   * Names of pipeline secrets the deploy's command receives as environment variables of the same
   * name (`secrets [..]` in the deploy). Omitted when it lists none, so earlier mlp/v1 documents
   * stay valid.
   */
  readonly secrets?: readonly string[];
  readonly needs: readonly string[];
  readonly after: readonly string[];
  /** `after not GATE, …`: as `IrStep.afterNot`. Omitted when empty. */
  readonly afterNot?: readonly string[];
  /**
   * Options of `to` whose string interpolates params or metrics (`"${version}"`): each is a
   * `string` expression (usually `interpolate`) the target evaluates when the deploy runs. For
   * these, `to.options` holds the string as written, for display only. Omitted when none does.
   */
  readonly optionExprs?: Readonly<Record<string, IrExpr>>;
}

/**
 * Where a deploy ships the model: one member per kind of `src/deploy/kinds.ts` (`local`,
 * `command`, `kserve`), each with the options that kind defines (older spellings already renamed).
 */
export type IrDeployTo = { readonly [K in DeployKind]: { readonly kind: K; readonly options: DeployOptions<K> } }[DeployKind];

// ---------------------------------------------------------------------------------------------
// Sweeps

/**
 * `sweep NAME { over …  steps, gates  best … }`: the member steps and gates run once per point of
 * the grid (the cross product of `over`, the first dimension varying slowest; see `sweepPoints`
 * in `src/ir/sweep-grid.ts`). As a node, the sweep is the fan-in: it waits for every point, picks
 * the best one and gathers `collect` inputs. Nodes outside read members only through it
 * (`best`/`collect` bindings, `best` expressions, a deploy's `model.sweep`), and need the sweep,
 * never a member.
 */
export interface IrSweep {
  readonly name: string;
  readonly origin: Origin;
  /** The dimensions, in declaration order (at least one). */
  readonly over: readonly IrSweepDimension[];
  /** Member steps and gates, in `order`'s order. Their `sweep` field names this sweep. */
  readonly members: readonly string[];
  /** `best max|min STEP.METRIC`: how the winner is chosen (ties go to the earliest point). */
  readonly best?: IrSweepBest;
  /** The members (the fan-in waits for every point), sorted. */
  readonly needs: readonly string[];
}

export interface IrSweepDimension {
  readonly name: string;
  /** The element type (a value type: int, float, string, bool). */
  readonly type: IrType;
  /** The values: written in the block, or a list param's (whose default they are on targets). */
  readonly values: { readonly kind: "literal"; readonly values: readonly IrValue[] } | { readonly kind: "param"; readonly param: string };
  readonly origin: Origin;
}

export interface IrSweepBest {
  readonly direction: "max" | "min";
  readonly step: string;
  readonly metric: string;
  readonly origin: Origin;
}

// ---------------------------------------------------------------------------------------------
// Expressions (gate conditions, computed inputs, defaults)

export type IrExpr =
  | { readonly kind: "literal"; readonly type: IrType; readonly value: IrValue }
  | { readonly kind: "param"; readonly type: IrType; readonly name: string }
  | { readonly kind: "metric"; readonly type: IrType; readonly step: string; readonly metric: string }
  /** Outside a sweep: metric `metric` of member step `step` at the sweep's best point. */
  | { readonly kind: "best"; readonly type: IrType; readonly sweep: string; readonly step: string; readonly metric: string }
  /** Inside a sweep: the current point's value of dimension `name`. */
  | { readonly kind: "over"; readonly type: IrType; readonly name: string }
  /**
   * `deployed(env[, from: pipeline]).metric`: optional, absent when nothing is deployed to `env` (by
   * pipeline `pipeline`; this pipeline when omitted).
   */
  | { readonly kind: "deployed"; readonly type: IrType; readonly env: string; readonly metric: string; readonly pipeline?: string }
  /**
   * `"text ${name} text"` in a string argument, input or deploy option: the parts' text forms
   * (docs/ir.md, "Values as text"), concatenated. Type `string`. An `expr` part is a param, metric
   * or `best` reference of a non-optional value type.
   */
  | { readonly kind: "interpolate"; readonly type: IrType; readonly parts: readonly IrTextPart[] }
  | {
      readonly kind: "binary";
      readonly type: IrType;
      readonly op: "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or" | "??";
      readonly left: IrExpr;
      readonly right: IrExpr;
    }
  | { readonly kind: "unary"; readonly type: IrType; readonly op: "not" | "-"; readonly operand: IrExpr };

/** A part of an `interpolate` expression: literal text, or a value turned into its text form. */
export type IrTextPart = { readonly kind: "text"; readonly text: string } | { readonly kind: "expr"; readonly expr: IrExpr };
