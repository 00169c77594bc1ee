/**
 * Runs the checker: phase by phase (`rule.ts`), each phase first building what its rules read,
 * then running its rules from `rules/index.ts`, and stopping after the first phase that reports
 * an error, so one root cause gives one diagnostic (no cascades):
 *
 * 1. names: the declarations phase builds the symbol tables, signatures and declared types
 *    (`declarations.ts`) and the index of bodies (`bodies.ts`); rules report duplicates, unknown
 *    names and types, placeholders
 * 2. types: expressions, members, component arguments
 * 3. graph: each pipeline's dependency graph is built (`graph.ts`); rules report cycles,
 *    deploys of non-models, unused outputs
 */
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { indexBodies } from "./bodies.js";
import { CheckContext } from "./context.js";
import { declare } from "./declarations.js";
import { buildPipelineGraph } from "./graph.js";
import type { CheckedProgram, Program } from "./program.js";
import type { CheckPhase, CheckRule } from "./rule.js";
import { CHECK_RULES } from "./rules/index.js";

/** What each phase builds before its rules run. */
const PREPARE: Record<CheckPhase, (ctx: CheckContext) => void> = {
  names: (ctx) => {
    declare(ctx);
    ctx.bodies = indexBodies(ctx);
  },
  types: () => {},
  graph: (ctx) => {
    for (const scope of ctx.scopes()) ctx.graphs.set(scope.decl, buildPipelineGraph(ctx.analysis, scope));
  },
};

const PHASE_ORDER: readonly CheckPhase[] = ["names", "types", "graph"];

export interface CheckResult {
  /** Present when no phase reported an error. */
  readonly checked?: CheckedProgram;
  /** Sorted by file, offset, code. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Called after each rule with the diagnostics it reported (tests use it to hold every rule to
 * its declared codes).
 */
export type RuleObserver = (rule: CheckRule, reported: readonly Diagnostic[]) => void;

/** Checks a loaded program. Never throws on user input. */
export function checkProgram(program: Program, observe?: RuleObserver): CheckResult {
  const ctx = new CheckContext(program);
  for (const phase of PHASE_ORDER) {
    PREPARE[phase](ctx);
    for (const rule of CHECK_RULES) {
      if (rule.phase !== phase) continue;
      const before = ctx.diagnostics.length;
      rule.check(ctx);
      observe?.(rule, ctx.diagnostics.slice(before));
    }
    if (ctx.errorCount > 0) return { diagnostics: sortDiagnostics(ctx.diagnostics) };
  }
  return { checked: { ...ctx.analysis, schemaColumnsView: ctx.analysis.schemaColumns, graphs: ctx.graphs }, diagnostics: sortDiagnostics(ctx.diagnostics) };
}
