/**
 * A checker rule: one invariant of the language, the codes it may report, and a function that
 * reads the shared context (the tables the phases built) and reports what breaks the invariant.
 * Rules run in the order of `rules/index.ts`, grouped by phase; like graphql-js's
 * `validation/rules/`, each file holds one rule and names the part of the language reference
 * it enforces.
 */
import type { CheckContext } from "./context.js";

/**
 * The phases, in order. Each phase first builds what its rules read (see `check.ts`), then runs
 * its rules; checking stops after the first phase that reported an error, so one root cause gives
 * one diagnostic (no cascades).
 *
 * - `names`: declarations (symbol tables, signatures, declared types), then duplicates, unknown
 *   names and types, placeholders (MLP2xxx, MLP3006, MLP3007)
 * - `types`: expressions, members, component arguments (MLP3xxx)
 * - `graph`: the dependency graph of each pipeline (MLP4xxx)
 */
export type CheckPhase = "names" | "types" | "graph";

export interface CheckRule {
  /** kebab-case, the file's name. */
  readonly name: string;
  readonly phase: CheckPhase;
  /** Every code the rule may report. */
  readonly codes: readonly string[];
  readonly check: (ctx: CheckContext) => void;
}
