/**
 * How a step's or gate's task refers to what it reads, which depends on the DAG it is in: in the
 * pipeline's main DAG, other tasks' outputs; in a sweep's point DAG (`point-scope.ts`), its
 * fellow members' outputs and, for anything from outside the block, the point's inputs.
 */
import type { IrBinding } from "../../src/ir/ir.js";
import { mainExprScope, type ExprScope } from "./expr.js";
import type { TaskNames } from "./task-names.js";
import { bestArtifact, collectArtifact } from "./sweep-layout.js";

/** A binding whose value is another node's artifact. */
export type ArtifactBinding = Extract<IrBinding, { kind: "output" | "best" | "collect" }>;

/** What a sweep member needs beyond a plain step. */
export interface MemberPlacement {
  /** The task argument that gives the template the point's value of dimension `name`. */
  overArgument(name: string): string;
  /** Storage key of a member output the fan-in reads (undefined when it reads none). */
  outputKey(step: string, output: string): string | undefined;
  /** Storage key of a member's metrics file. */
  metricsKey(step: string): string;
  /** The task argument carrying the point's entry name (`{{inputs.parameters.mlp-entry}}`). */
  readonly entryArgument: string;
}

export interface DagScope {
  readonly expr: ExprScope;
  /** The `from` of an artifact another node produced. */
  artifactFrom(b: ArtifactBinding): string;
  /** Tasks of this DAG that a node with IR `needs` and `deployed(env)` lookups `lookups` waits for. */
  depends(needs: readonly string[], lookups: readonly string[]): string[];
  /** Set for a sweep's member. */
  readonly member?: MemberPlacement;
}

/** The main DAG's scope. */
export function mainDagScope(names: TaskNames): DagScope {
  return {
    expr: mainExprScope(names),
    artifactFrom: (b) => mainArtifactFrom(names, b),
    depends: (needs, lookups) => [...needs.map((n) => names.node(n)), ...lookups.map((e) => names.lookup(e))],
  };
}

/** `from` text in the main DAG for an artifact binding. */
export function mainArtifactFrom(names: TaskNames, b: ArtifactBinding): string {
  switch (b.kind) {
    case "output":
      return `{{tasks.${names.step(b.step)}.outputs.artifacts.${b.output}}}`;
    case "best":
      return `{{tasks.${names.node(b.sweep)}.outputs.artifacts.${bestArtifact(b.step, b.output)}}}`;
    case "collect":
      return `{{tasks.${names.node(b.sweep)}.outputs.artifacts.${collectArtifact(b.step, b.output)}}}`;
  }
}
