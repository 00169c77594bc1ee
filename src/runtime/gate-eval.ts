/**
 * A gate's verdict: every condition evaluated on the metrics recorded so far (and `deployed(…)`
 * values from the registry), with the values each one read. Pure: the executor records the verdict
 * and reports the diagnostics.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGate, IrValue } from "../ir/ir.js";
import { conditionWithValues } from "./condition-text.js";
import { evalExpr, MissingValueError, type ExprEnv } from "./eval-expr.js";
import type { ConditionRecord, NodeOutcome } from "./run-events.js";

export interface GateVerdict {
  readonly outcome: NodeOutcome;
  /** What the `gates` table records; absent in a dry run whose metrics are not known yet. */
  readonly verdict?: "passed" | "failed" | "error";
  readonly conditions: readonly ConditionRecord[];
  /** MLP7023 per condition that could not be evaluated; MLP7020 (a warning) when the gate failed. */
  readonly diagnostics: readonly Diagnostic[];
  /** A condition could not be evaluated: the run fails. */
  readonly errored: boolean;
}

/** Evaluates `gate`; in a dry run, a metric not known yet makes the gate `would_run`. */
export function evaluateGate(gate: IrGate, env: ExprEnv, dryRun: boolean): GateVerdict {
  const conditions: ConditionRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  let unknown = false;
  let errored = false;
  for (const c of gate.conditions) {
    const values: Record<string, IrValue | null> = {};
    try {
      const v = evalExpr(c.expr, env, values);
      conditions.push({ text: c.text, values, ok: v === true, ...(v === true ? {} : { shown: conditionWithValues(c.expr, values) }) });
    } catch (e) {
      if (dryRun && e instanceof MissingValueError) {
        unknown = true;
        conditions.push({ text: c.text, values, ok: false, error: "not known before the run" });
      } else {
        errored = true;
        conditions.push({ text: c.text, values, ok: false, error: (e as Error).message });
        diagnostics.push(
          diagnostic("MLP7023", "error", `gate \`${gate.name}\`: cannot evaluate \`${c.text}\`: ${(e as Error).message}`, c.origin, {
            help: ["make the step report the metric in its metrics file"],
          }),
        );
      }
    }
  }
  if (unknown) {
    return {
      outcome: { kind: "gate", name: gate.name, status: "would_run", reason: "depends on metrics of steps that would run", conditions },
      conditions,
      diagnostics,
      errored: false,
    };
  }
  const passed = conditions.every((c) => c.ok);
  // An assert that does not hold fails its node (and the run); a gate only stops what depends on it.
  const failedAssert = !passed && !errored && gate.assert === true;
  const failed = conditions.filter((c) => !c.ok);
  const why = failed.map((c) => `${c.text} (${c.shown ?? formatValues(c.values)})`).join("; ");
  if (!passed && !errored) {
    const first = failed[0]!;
    const at = gate.conditions.find((c) => c.text === first.text)?.origin ?? gate.origin;
    const notes = failed.map((c) => `\`${c.text}\` with ${formatValues(c.values)}`);
    diagnostics.push(
      failedAssert
        ? diagnostic("MLP7027", "error", `assert \`${gate.name}\` failed: ${why}`, at, { notes, help: ["what depends on the assert was skipped; the run ends `failed`"] })
        : diagnostic("MLP7020", "warning", `gated by \`${gate.name}\`: ${why}`, at, { notes }),
    );
  }
  return {
    outcome: {
      kind: "gate",
      name: gate.name,
      status: passed ? "passed" : errored || failedAssert ? "failed" : "gated",
      conditions,
      ...(passed ? {} : { reason: why }),
    },
    verdict: passed ? "passed" : errored ? "error" : "failed",
    conditions,
    diagnostics,
    errored,
  };
}

/** `name = value, …`: the values a condition read. */
export function formatValues(values: Record<string, IrValue | null>): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return "no values";
  return entries.map(([k, v]) => `${k} = ${v === null ? "absent" : JSON.stringify(v)}`).join(", ");
}
