/**
 * Runs the checker passes in a fixed order, one phase at a time, and stops after the first phase
 * that reports an error, so one root cause gives one diagnostic (no cascades):
 *
 * 1. names: declarations (duplicates, types), references, placeholders (MLP2xxx, some MLP3007)
 * 2. types: expressions, members, component arguments (MLP3xxx)
 * 3. graph: cycles, deploys, unused outputs (MLP4xxx)
 */
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { PipelineDecl } from "../syntax/ast.js";
import { CheckContext, type Pass } from "./context.js";
import type { PipelineGraph } from "./graph.js";
import { checkArguments } from "./passes/check-arguments.js";
import { checkGraph } from "./passes/check-graph.js";
import { checkPlaceholders } from "./passes/check-placeholders.js";
import { checkTypes } from "./passes/check-types.js";
import { collectDeclarations } from "./passes/collect-declarations.js";
import { resolveNames } from "./passes/resolve-names.js";
import type { CheckedProgram, Program } from "./program.js";

/** The passes of each phase, in order. */
const PHASES: readonly (readonly Pass[])[] = [
  [collectDeclarations, resolveNames, checkPlaceholders],
  [checkTypes, checkArguments],
];

export interface CheckResult {
  /** Present when no phase reported an error. */
  readonly checked?: CheckedProgram;
  /** Sorted by file, offset, code. */
  readonly diagnostics: Diagnostic[];
}

/** Checks a loaded program. Never throws on user input. */
export function checkProgram(program: Program): CheckResult {
  const ctx = new CheckContext(program);
  for (const phase of PHASES) {
    for (const pass of phase) pass(ctx);
    if (ctx.errorCount > 0) return { diagnostics: sortDiagnostics(ctx.diagnostics) };
  }
  const graphs = new Map<PipelineDecl, PipelineGraph>();
  checkGraph(ctx, graphs);
  const diagnostics = sortDiagnostics(ctx.diagnostics);
  if (ctx.errorCount > 0) return { diagnostics };
  return { checked: { ...ctx.analysis, schemaColumnsView: ctx.analysis.schemaColumns, graphs }, diagnostics };
}
