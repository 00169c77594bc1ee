/**
 * The state every checker phase and rule shares: the analysis being built and the diagnostics
 * reported so far. Rules report through `error`/`warning` so every diagnostic gets the same shape.
 */
import { diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import type { PipelineDecl, TypeRef } from "../syntax/ast.js";
import type { BodyIndex } from "./bodies.js";
import type { PipelineGraph } from "./graph.js";
import type { Analysis, PipelineScope, Program, SourceFile } from "./program.js";
import type { TypeSlot } from "./type-refs.js";
import type { Ty } from "./types.js";

const EMPTY_BODIES: BodyIndex = { bodies: [], inputs: [], resources: [], env: [], ports: [] };

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly analysis: Analysis;
  /** The written types the declarations phase could not resolve, with where they were written (in order). */
  readonly typeErrors: { readonly ref: TypeRef; readonly file: string; readonly slot: TypeSlot }[] = [];
  /** Step and component bodies and their members by kind, built with the declarations. */
  bodies: BodyIndex = EMPTY_BODIES;
  /** Each pipeline's dependency graph, built by the graph phase. */
  readonly graphs = new Map<PipelineDecl, PipelineGraph>();
  private readonly tableTypes = new Map<string, Ty>();

  constructor(readonly program: Program) {
    this.analysis = {
      program,
      globals: new Map(),
      duplicatedGlobals: new Set(),
      visible: new Map(),
      schemaColumns: new Map(),
      pipelines: new Map(),
      resolutions: new Map(),
      types: new Map(),
      declaredTypes: new Map(),
    };
  }

  error(code: string, message: string, span: Span, extras?: DiagnosticExtras): void {
    this.diagnostics.push(diagnostic(code, "error", message, span, extras));
  }

  warning(code: string, message: string, span: Span, extras?: DiagnosticExtras): void {
    this.diagnostics.push(diagnostic(code, "warning", message, span, extras));
  }

  /** `Table<schema>`, one shared (read-only) object per schema name. */
  tableType(schema: string): Ty {
    let t = this.tableTypes.get(schema);
    if (t === undefined) {
      t = { kind: "Table", schema };
      this.tableTypes.set(schema, t);
    }
    return t;
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.diagnostics) if (d.severity === "error") n++;
    return n;
  }

  /** Every file, in load order. */
  files(): Iterable<SourceFile> {
    return this.program.files.values();
  }

  /** Every pipeline scope, in load order. */
  scopes(): Iterable<PipelineScope> {
    return this.analysis.pipelines.values();
  }
}
