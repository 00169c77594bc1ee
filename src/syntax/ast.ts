/**
 * The syntax tree of an `.mlp` file: plain, readonly, typed objects. Every node has a `kind`
 * discriminant and a `span`. No parser-library type appears here; `parse()` builds these from the
 * concrete syntax tree and never throws (a broken file yields a partial tree plus diagnostics).
 *
 * Node kinds mirror the productions in `grammar/mlp.ebnf`.
 */
import type { Span } from "../source/span.js";

export interface NodeBase {
  readonly span: Span;
}

export interface Identifier extends NodeBase {
  readonly kind: "Identifier";
  readonly name: string;
}

/** A `# …` comment, kept for the formatter and for `# mlp-ignore` suppressions. */
export interface Comment extends NodeBase {
  readonly kind: "Comment";
  /** Text after the `#`, untrimmed. */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Files and top-level declarations

export interface FileNode extends NodeBase {
  readonly kind: "File";
  /** Path of the file as given to the parser. */
  readonly path: string;
  /** Every top-level declaration in source order. */
  readonly declarations: readonly TopLevelDecl[];
  readonly comments: readonly Comment[];
}

export type TopLevelDecl = ImportDecl | SchemaDecl | ComponentDecl | PipelineDecl;

/** `import "path.mlp"` */
export interface ImportDecl extends NodeBase {
  readonly kind: "Import";
  readonly path: StringLiteral;
}

/** `schema NAME { field: TYPE … }` */
export interface SchemaDecl extends NodeBase {
  readonly kind: "Schema";
  readonly name: Identifier;
  readonly fields: readonly TypedEntry[];
}

/** `component NAME { STEP-MEMBER … }`: inputs declare types and optional defaults. */
export interface ComponentDecl extends NodeBase {
  readonly kind: "Component";
  readonly name: Identifier;
  readonly members: readonly StepMember[];
}

/** `pipeline NAME { PIPELINE-MEMBER … }` */
export interface PipelineDecl extends NodeBase {
  readonly kind: "Pipeline";
  readonly name: Identifier;
  readonly members: readonly PipelineMember[];
}

// ---------------------------------------------------------------------------------------------
// Types

/** `int`, `Table`, `Table<Customers>`, `float?`. */
export interface TypeRef extends NodeBase {
  readonly kind: "TypeRef";
  readonly name: Identifier;
  /** Type arguments: `Table<Customers>` has one. */
  readonly args: readonly TypeRef[];
  /** Written with a trailing `?`. */
  readonly optional: boolean;
}

/** `name: TYPE` (schema fields, `outputs`, `metrics`). */
export interface TypedEntry extends NodeBase {
  readonly kind: "TypedEntry";
  readonly name: Identifier;
  readonly type: TypeRef;
}

// ---------------------------------------------------------------------------------------------
// Pipeline members

export type PipelineMember =
  | Description
  | ParamDecl
  | SecretDecl
  | DatasetDecl
  | StepDecl
  | GateDecl
  | DeployDecl
  | SweepDecl
  | ScheduleDecl
  | TriggerDecl
  | TargetDecl;

/** `description "…"` (pipelines, steps and components). */
export interface Description extends NodeBase {
  readonly kind: "Description";
  readonly text: StringLiteral;
}

/** `param NAME: TYPE [= EXPR]` */
export interface ParamDecl extends NodeBase {
  readonly kind: "Param";
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly default?: Expr;
}

/** `secret NAME` */
export interface SecretDecl extends NodeBase {
  readonly kind: "Secret";
  readonly name: Identifier;
}

/** `dataset NAME: TYPE = "uri"` */
export interface DatasetDecl extends NodeBase {
  readonly kind: "Dataset";
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly uri: StringLiteral;
}

/**
 * `step NAME { … }` (members) or `step NAME = COMPONENT(arg: expr, …)` (call). Exactly one is set.
 * `finally NAME …` declares a step that runs at the end of every run (`finally` is then true).
 */
export interface StepDecl extends NodeBase {
  readonly kind: "Step";
  readonly name: Identifier;
  readonly finally?: true;
  readonly members?: readonly StepMember[];
  readonly call?: CallExpr;
}

/** `gate NAME { CONDITION … }`, or `assert NAME { … }` (then `assert` is true: failing fails the run). */
export interface GateDecl extends NodeBase {
  readonly kind: "Gate";
  readonly name: Identifier;
  readonly assert?: true;
  readonly conditions: readonly Expr[];
}

/**
 * `sweep NAME { over … steps, gates … best max|min STEP.METRIC }` (language brief §9.1). A sweep
 * inside a sweep parses (so the checker can say it is not supported) but never checks.
 */
export interface SweepDecl extends NodeBase {
  readonly kind: "Sweep";
  readonly name: Identifier;
  readonly members: readonly SweepMember[];
}

export type SweepMember = OverDecl | StepDecl | GateDecl | BestDecl | SweepDecl;

/** `over NAME: [values]` or `over NAME: LIST_PARAM`: one dimension of the grid. */
export interface OverDecl extends NodeBase {
  readonly kind: "Over";
  readonly name: Identifier;
  readonly values: Expr;
}

/** `best max STEP.METRIC` / `best min STEP.METRIC`; `direction` is checked to be `max` or `min`. */
export interface BestDecl extends NodeBase {
  readonly kind: "Best";
  readonly direction: Identifier;
  readonly metric: Expr;
}

/** `deploy ENV { model REF / after … / approval required / to KIND { … } }` */
export interface DeployDecl extends NodeBase {
  readonly kind: "Deploy";
  readonly env: Identifier;
  readonly members: readonly DeployMember[];
}

export type DeployMember = DeployModel | AfterMember | ApprovalMember | SecretsMember | DeployTo;

/** `model train.model` */
export interface DeployModel extends NodeBase {
  readonly kind: "DeployModel";
  readonly ref: Expr;
}

/** `approval required` */
export interface ApprovalMember extends NodeBase {
  readonly kind: "Approval";
}

/**
 * `to KIND { key: value, … }` (the block may be omitted: `to local`), or the shorthand
 * `to KIND "…"`, which means `to KIND { command: "…" }`: `options` then holds that one entry and
 * `command` the string as written.
 */
export interface DeployTo extends NodeBase {
  readonly kind: "DeployTo";
  readonly target: Identifier;
  readonly options: readonly KeyValue[];
  readonly command?: StringLiteral;
}

/** `schedule "CRON"` */
export interface ScheduleDecl extends NodeBase {
  readonly kind: "Schedule";
  readonly cron: StringLiteral;
}

/** `trigger on change(DATASET)`, `trigger on push("glob", …)` or `trigger on pull_request("glob", …)` */
export type TriggerDecl = ChangeTrigger | PushTrigger | PullRequestTrigger;

export interface ChangeTrigger extends NodeBase {
  readonly kind: "ChangeTrigger";
  readonly dataset: Identifier;
}

export interface PushTrigger extends NodeBase {
  readonly kind: "PushTrigger";
  readonly globs: readonly StringLiteral[];
}

export interface PullRequestTrigger extends NodeBase {
  readonly kind: "PullRequestTrigger";
  readonly globs: readonly StringLiteral[];
}

/** `target NAME { key: value, … }` */
export interface TargetDecl extends NodeBase {
  readonly kind: "Target";
  readonly name: Identifier;
  readonly options: readonly KeyValue[];
}

/** `key: EXPR` in `{ … }` option blocks, `env`, `resources`. */
export interface KeyValue extends NodeBase {
  readonly kind: "KeyValue";
  readonly key: Identifier;
  readonly value: Expr;
}

// ---------------------------------------------------------------------------------------------
// Step and component members

export type StepMember =
  | Description
  | InputsMember
  | OutputsMember
  | MetricsMember
  | RunMember
  | ImageMember
  | CodeMember
  | EnvMember
  | SecretsMember
  | ResourcesMember
  | RetryMember
  | TimeoutMember
  | CacheMember
  | AfterMember;

/** `inputs { name: EXPR, … }` in a step; `inputs { name: TYPE [= EXPR], … }` in a component. */
export interface InputsMember extends NodeBase {
  readonly kind: "Inputs";
  readonly entries: readonly InputEntry[];
}

/**
 * One input. In a step, `value` is set (the binding). In a component, `type` is set and
 * `value` is the optional default.
 */
export interface InputEntry extends NodeBase {
  readonly kind: "InputEntry";
  readonly name: Identifier;
  readonly type?: TypeRef;
  readonly value?: Expr;
}

/** `outputs { name: TYPE, … }` */
export interface OutputsMember extends NodeBase {
  readonly kind: "Outputs";
  readonly entries: readonly TypedEntry[];
}

/** `metrics { name: TYPE, … }` */
export interface MetricsMember extends NodeBase {
  readonly kind: "Metrics";
  readonly entries: readonly TypedEntry[];
}

/** `run "…"` or `run """…"""` */
export interface RunMember extends NodeBase {
  readonly kind: "Run";
  readonly command: StringLiteral;
}

/** `image "…"` */
export interface ImageMember extends NodeBase {
  readonly kind: "Image";
  readonly image: StringLiteral;
}

/** `code "path", …` */
export interface CodeMember extends NodeBase {
  readonly kind: "Code";
  readonly paths: readonly StringLiteral[];
}

/** `env { KEY: "…", … }` */
export interface EnvMember extends NodeBase {
  readonly kind: "Env";
  readonly entries: readonly KeyValue[];
}

/** `secrets [NAME, …]` */
export interface SecretsMember extends NodeBase {
  readonly kind: "Secrets";
  readonly names: readonly Identifier[];
}

/** `resources { cpu: N, memory: Q, gpu: N }` */
export interface ResourcesMember extends NodeBase {
  readonly kind: "Resources";
  readonly entries: readonly KeyValue[];
}

/** `retry N` */
export interface RetryMember extends NodeBase {
  readonly kind: "Retry";
  readonly count: Expr;
}

/** `timeout DURATION` */
export interface TimeoutMember extends NodeBase {
  readonly kind: "Timeout";
  readonly duration: Expr;
}

/** `cache on|off` */
export interface CacheMember extends NodeBase {
  readonly kind: "Cache";
  readonly enabled: boolean;
}

/** `after NAME, …` (steps, components and deploys), or `after not GATE` (then `not` is true: the else branch). */
export interface AfterMember extends NodeBase {
  readonly kind: "After";
  readonly names: readonly Identifier[];
  readonly not?: true;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | NumberLiteral
  | DurationLiteral
  | QuantityLiteral
  | StringLiteral
  | BoolLiteral
  | ListLiteral
  | RefExpr
  | DeployedExpr
  | CollectExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

export interface NumberLiteral extends NodeBase {
  readonly kind: "Number";
  readonly value: number;
  /** True when written without `.` or exponent. */
  readonly isInteger: boolean;
  readonly raw: string;
}

/** `30s`, `2h`, `500ms`. */
export interface DurationLiteral extends NodeBase {
  readonly kind: "Duration";
  readonly value: number;
  readonly unit: "ms" | "s" | "m" | "h" | "d";
  /** The duration in seconds (may be fractional for `ms`). */
  readonly seconds: number;
  readonly raw: string;
}

/** `512Mi`, `4Gi`, `2G`. */
export interface QuantityLiteral extends NodeBase {
  readonly kind: "Quantity";
  readonly value: number;
  readonly unit: "Ki" | "Mi" | "Gi" | "Ti" | "K" | "M" | "G" | "T";
  readonly raw: string;
}

/** A piece of a string: literal text, or a `${name}` placeholder with its exact span. */
export type TemplatePart =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "placeholder"; readonly name: string; readonly span: Span };

/**
 * `"…"` or `"""…"""`. `value` is the decoded text (escapes applied, triple-quoted strings
 * dedented). `parts` splits the decoded text into text and `${name}` placeholders (`$$` becomes
 * `$` in text); every string has them, but only `run` strings give placeholders meaning.
 */
export interface StringLiteral extends NodeBase {
  readonly kind: "String";
  readonly value: string;
  readonly triple: boolean;
  readonly parts: readonly TemplatePart[];
}

export interface BoolLiteral extends NodeBase {
  readonly kind: "Bool";
  readonly value: boolean;
}

/** `[a, b]` (option values, e.g. runner labels). */
export interface ListLiteral extends NodeBase {
  readonly kind: "List";
  readonly items: readonly Expr[];
}

/** `name` or `step.output` or `std.drift` (a dotted path of identifiers). */
export interface RefExpr extends NodeBase {
  readonly kind: "Ref";
  readonly path: readonly Identifier[];
}

/** `deployed(ENV).metric`, `deployed(ENV).model`, `deployed(ENV, from: PIPELINE).…` */
export interface DeployedExpr extends NodeBase {
  readonly kind: "Deployed";
  readonly env: Identifier;
  readonly from?: Identifier;
  readonly metric: Identifier;
}

/** `collect(SWEEP.STEP.X)`: every point's output, as a list in point order. */
export interface CollectExpr extends NodeBase {
  readonly kind: "Collect";
  readonly operand: Expr;
}

/** `COMPONENT(arg: expr, …)` with a possibly dotted callee (`std.drift`). */
export interface CallExpr extends NodeBase {
  readonly kind: "Call";
  readonly callee: RefExpr;
  readonly args: readonly Argument[];
}

export interface Argument extends NodeBase {
  readonly kind: "Argument";
  readonly name: Identifier;
  readonly value: Expr;
}

export type BinaryOp =
  | "+" | "-" | "*" | "/"
  | "<" | "<=" | ">" | ">=" | "==" | "!="
  | "and" | "or" | "??";

export interface BinaryExpr extends NodeBase {
  readonly kind: "Binary";
  readonly op: BinaryOp;
  /** Span of the operator token. */
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export interface UnaryExpr extends NodeBase {
  readonly kind: "Unary";
  readonly op: "not" | "-";
  readonly operand: Expr;
}

/** `( expr )`, kept so the formatter can reproduce the user's grouping. */
export interface ParenExpr extends NodeBase {
  readonly kind: "Paren";
  readonly expr: Expr;
}

export type Node =
  | FileNode
  | TopLevelDecl
  | PipelineMember
  | SweepMember
  | StepMember
  | DeployMember
  | TypeRef
  | TypedEntry
  | InputEntry
  | KeyValue
  | Argument
  | Expr
  | Identifier
  | Comment;
