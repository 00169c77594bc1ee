/**
 * What the executor reports while it runs and when it is done. The runtime never prints: the CLI
 * turns these events into live progress (TTY) or plain lines (CI, pipes).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrValue } from "../ir/ir.js";

/** Final state of a run, as recorded in the store. */
export type RunStatus = "running" | "success" | "failed" | "gated" | "awaiting_approval" | "cancelled" | "died";

/** State of one node (step, gate, deploy) in a run or a plan. */
export type NodeStatus =
  | "pending"
  | "running"
  | "done"
  | "cached"
  | "failed"
  | "cancelled"
  | "skipped"
  | "not_run"
  | "passed"
  | "gated"
  | "deployed"
  | "registered"
  | "awaiting_approval"
  | "would_run";

/** One condition of a gate with the values it read and whether it held. */
export interface ConditionRecord {
  readonly text: string;
  readonly values: Record<string, IrValue | null>;
  readonly ok: boolean;
  readonly error?: string;
  /** A condition that did not hold, with the values it read in place of its references (`0.3 >= 0.5`). */
  readonly shown?: string;
}

/** A node's outcome, reported once it settles. */
export interface NodeOutcome {
  readonly kind: "step" | "gate" | "deploy" | "sweep";
  readonly name: string;
  readonly status: NodeStatus;
  /** Why a step runs (or would run), why a node was skipped. */
  readonly reason?: string;
  readonly durationMs?: number;
  readonly exitCode?: number | null;
  readonly attempts?: number;
  readonly logPath?: string;
  readonly conditions?: readonly ConditionRecord[];
  readonly note?: string;
}

/** Events in the order they happen. */
export type RunEvent =
  | { readonly type: "run-start"; readonly runId: number | null; readonly pipeline: string; readonly nodes: number; readonly dryRun: boolean }
  | { readonly type: "step-start"; readonly step: string; readonly reason: string; readonly attempt: number }
  /** Another run on the store is executing this step with the same cache key (`runId`, when known): it is awaited. */
  | { readonly type: "step-wait"; readonly step: string; readonly runId: number | null }
  | { readonly type: "node-end"; readonly outcome: NodeOutcome }
  | { readonly type: "diagnostic"; readonly diagnostic: Diagnostic; readonly log?: string };

/** What `runPipeline` returns. */
export interface RunResult {
  readonly runId: number | null;
  readonly status: RunStatus;
  readonly outcomes: readonly NodeOutcome[];
  readonly diagnostics: readonly Diagnostic[];
  readonly durationMs: number;
  /** Set when nothing had changed and the run was recorded as a replay of this earlier run. */
  readonly replayedFrom?: number;
}
