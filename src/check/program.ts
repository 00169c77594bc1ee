/**
 * The values the checker works on and hands to lowering: a loaded program (every parsed file,
 * the import graph) and, once checked, its symbol tables, name resolutions and expression types.
 * Lowering (`src/ir/lower.ts`) reads only these, so it never re-resolves a name.
 */
import type {
  ComponentDecl,
  DatasetDecl,
  DeployDecl,
  Expr,
  FileNode,
  GateDecl,
  Identifier,
  ImportDecl,
  ParamDecl,
  PipelineDecl,
  RefExpr,
  SchemaDecl,
  SecretDecl,
  StepDecl,
  StepMember,
  SweepDecl,
  OverDecl,
  BestDecl,
  PipelineMember,
} from "../syntax/ast.js";
import type { Span } from "../source/span.js";
import type { LineIndex } from "../source/line-index.js";
import type { SchemaColumns, Ty, ValueKind } from "./types.js";
import type { PipelineGraph } from "./graph.js";

/** One parsed `.mlp` file. `path` is normalised with `/` and is the key used everywhere. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly ast: FileNode;
  readonly lines: LineIndex;
  /** Resolved paths of the files this one imports, in source order (missing ones left out). */
  readonly imports: readonly ResolvedImport[];
}

export interface ResolvedImport {
  readonly decl: ImportDecl;
  readonly path: string;
}

/** Every file reachable from the entry file through imports. */
export interface Program {
  /** Normalised path of the entry file. */
  readonly entry: string;
  /** Files in load order (entry first, then depth-first by import). */
  readonly files: ReadonlyMap<string, SourceFile>;
}

// ---------------------------------------------------------------------------------------------
// Symbols

/** A top-level declaration: schemas, components and pipelines share one program-wide namespace. */
export type GlobalSymbol =
  | { readonly kind: "schema"; readonly name: string; readonly decl: SchemaDecl; readonly file: string }
  | { readonly kind: "component"; readonly name: string; readonly decl: ComponentDecl; readonly file: string }
  | { readonly kind: "pipeline"; readonly name: string; readonly decl: PipelineDecl; readonly file: string };

/** A declared input, output or metric of a step signature. */
export interface Port {
  readonly name: string;
  readonly type: Ty;
  /** Literal default (component and `std.*` inputs). */
  readonly default?: Expr;
  readonly builtinDefault?: number | string | boolean;
  readonly span: Span;
}

/**
 * What a step offers to the rest of the pipeline: its outputs and metrics (one namespace), and
 * for component calls the inputs it requires.
 */
export interface StepSignature {
  readonly form: "body" | "component" | "std";
  /** Component name (`train_model`, `std.drift`). */
  readonly component?: string;
  readonly componentDecl?: ComponentDecl;
  /** File declaring the members (the component's file for calls). */
  readonly membersFile: string;
  /** The members that define the step: the step's own, or its component's. Empty for `std.*`. */
  readonly members: readonly StepMember[];
  /** Declared inputs of a component or built-in (body steps bind inputs instead). */
  readonly params: ReadonlyMap<string, Port>;
  readonly outputs: ReadonlyMap<string, Port>;
  readonly metrics: ReadonlyMap<string, Port>;
  /** For `std.*`: the built-in's name, and whether its per-column metrics are known. */
  readonly builtin?: string;
  readonly columnsKnown?: boolean;
  /** The callee could not be resolved (already reported): member references are not checked. */
  readonly unresolved?: boolean;
}

export type MemberSymbol =
  | { readonly kind: "param"; readonly name: string; readonly decl: ParamDecl; type: Ty }
  | { readonly kind: "secret"; readonly name: string; readonly decl: SecretDecl }
  | { readonly kind: "dataset"; readonly name: string; readonly decl: DatasetDecl; type: Ty }
  | { readonly kind: "step"; readonly name: string; readonly decl: StepDecl; sig: StepSignature; readonly index: number; readonly sweep?: string }
  | { readonly kind: "gate"; readonly name: string; readonly decl: GateDecl; readonly index: number; readonly sweep?: string }
  | { readonly kind: "deploy"; readonly name: string; readonly decl: DeployDecl; readonly index: number }
  | { readonly kind: "sweep"; readonly name: string; readonly decl: SweepDecl; readonly index: number; readonly info: SweepInfo };

/** What the declarations phase knows of a top-level `sweep` block. */
export interface SweepInfo {
  /** Dimensions by name (the first `over` of a name wins), in declaration order. */
  readonly dims: Map<string, { readonly decl: OverDecl; readonly element: Ty }>;
  /** Member steps and gates, in declaration order. */
  readonly members: string[];
  /** The first `best` of the block. */
  readonly best?: BestDecl;
}

/** A pipeline's namespace: params, secrets, datasets, steps, gates and deploys (by env). */
export interface PipelineScope {
  readonly name: string;
  readonly decl: PipelineDecl;
  readonly file: string;
  readonly members: Map<string, MemberSymbol>;
  /** Every metric any step of the pipeline reports, by name (first declaration wins), for `deployed(ENV).metric`. */
  readonly metricIndex: Map<string, { readonly step: string; readonly port: Port }>;
  /** Names declared more than once (already reported): lookups of their members are not reported again. */
  readonly duplicated: Set<string>;
  /**
   * The pipeline's members with each top-level `sweep`'s steps and gates spliced in after the
   * sweep (what rules that look at every step or gate walk; nested sweeps are left out).
   */
  readonly flat: readonly (PipelineMember | StepDecl | GateDecl)[];
}

/** What a reference resolved to. */
export type Resolution =
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "secret"; readonly name: string }
  | { readonly kind: "dataset"; readonly name: string }
  | { readonly kind: "step"; readonly name: string }
  | { readonly kind: "gate"; readonly name: string }
  | { readonly kind: "deploy"; readonly name: string }
  | { readonly kind: "output"; readonly step: string; readonly output: string }
  | { readonly kind: "metric"; readonly step: string; readonly metric: string }
  | { readonly kind: "sweep"; readonly name: string }
  /** Inside a sweep's block: a dimension's value at the current point. */
  | { readonly kind: "over"; readonly sweep: string; readonly name: string }
  /** `SWEEP.STEP.OUTPUT` outside the block: the best point's (or, under `collect`, every point's) output. */
  | { readonly kind: "sweepOutput"; readonly sweep: string; readonly step: string; readonly output: string }
  /** `SWEEP.STEP.METRIC` outside the block: the best point's metric. */
  | { readonly kind: "sweepMetric"; readonly sweep: string; readonly step: string; readonly metric: string };

/** The checker's results, shared by every pass and read by lowering. */
export interface Analysis {
  readonly program: Program;
  /** Top-level symbols by name. */
  readonly globals: Map<string, GlobalSymbol>;
  /** Top-level names declared more than once (already reported). */
  readonly duplicatedGlobals: Set<string>;
  /** Which global names each file can see (its own and its direct imports'). */
  readonly visible: Map<string, ReadonlySet<string>>;
  readonly schemaColumns: Map<string, Map<string, ValueKind>>;
  readonly pipelines: Map<PipelineDecl, PipelineScope>;
  /** Resolved references (`Ref` expressions and the identifiers of `after`, `secrets`, `trigger`). */
  readonly resolutions: Map<RefExpr | Identifier, Resolution>;
  /** Types of expressions, filled in by the type pass. */
  readonly types: Map<Expr, Ty>;
  /**
   * The declared type of each component input, by its `TypeRef` node (what `well-typed` checks
   * defaults against). Other type references are not recorded: their types are in the symbols
   * and signatures, and a 10,000-step pipeline has some 30,000 of them.
   */
  readonly declaredTypes: Map<object, Ty>;
}

/** A program that checked without errors, ready to lower. */
export interface CheckedProgram extends Analysis {
  readonly schemaColumnsView: SchemaColumns;
  /** Pipeline graphs (nodes, edges, topological order), by pipeline declaration. */
  readonly graphs: Map<PipelineDecl, PipelineGraph>;
}
