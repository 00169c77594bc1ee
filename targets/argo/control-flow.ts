/**
 * Control flow that is not failure (docs/ir.md, "Control flow") on Argo:
 *
 * - A gate stays a `suspend` task whose `when` is its condition: when the condition is false the
 *   task is `Skipped` and everything that `depends` on it succeeding is `Omitted`, so the
 *   workflow Succeeds. Beside it, a `<gate>-not-held` task with the opposite `when` logs the
 *   conditions and their values and sets the global output parameter `mlp-gated`, which the exit
 *   handler reads to tell a `gated` run from a `succeeded` one.
 * - An assert is a container task that logs the same report and exits 1 when its condition does
 *   not hold: the task Fails, the workflow Fails, what depends on it is Omitted.
 * - `after not GATE` depends on `GATE.Skipped`: `Skipped` is a `when` that evaluated false, which
 *   Argo keeps apart from `Omitted` (the gate's own dependencies were not met).
 * - `finally` steps run in the workflow's `onExit` handler (a DAG of them), `${status}` computed
 *   from `workflow.status`, `workflow.failures` and `mlp-gated` by an expression tag.
 * - `trigger on pull_request(…)` adds the workflow argument `mlp-pull-request` (`false`); a Sensor
 *   that submits a pull request's run sets it to `true`, and every deploy and approval is skipped.
 *
 * Every value reaches a container as a task argument built by an expression tag (base64 for text),
 * never as script text.
 */
import type { IrExpr, IrGate } from "../../src/ir/ir.js";
import { buildContainer } from "./container.js";
import { exprLeaves, exprTag, leafName, printExpr, printText, type ExprScope } from "./expr.js";
import type { PipelineContext } from "./pipeline-context.js";
import { decodeVariable, exprString } from "./safe-text.js";

/** The exit handler: a DAG template with one task per `finally` step. */
export const FINALLY_TEMPLATE = "mlp-finally";
/** The template of every `<gate>-not-held` task. */
export const NOT_HELD_TEMPLATE = "mlp-gate-not-held";
/** The template of every assert's task. */
export const ASSERT_TEMPLATE = "mlp-assert";
/** The global output parameter a gate that did not hold sets to `true`. */
export const GATED_PARAMETER = "mlp-gated";
/** The input parameter carrying `${status}` to a `finally` step. */
export const STATUS_PARAMETER = "mlp-status";
/** The workflow argument that marks a pull request's run (`true`): deploys are skipped. */
export const PULL_REQUEST_PARAMETER = "mlp-pull-request";

/** Where a `not-held` task writes its flag. */
const GATED_FILE = "/tmp/mlp-gated";

/**
 * expr-lang source of the run's status (`RunStatus`) inside the exit handler: `failed` unless the
 * workflow Succeeded, `cancelled` when a node was stopped (`argo stop`/`terminate` mark nodes
 * "Stopped with strategy …"), `gated` when a gate's `not-held` task set `mlp-gated`. `sprig.dig`
 * reads the flag without failing when no gate set it (the parameter is then absent). No `?`/`:`
 * pair (Argo would split a ternary), so `sprig.ternary`.
 */
export function runStatusExpr(): string {
  const stopped = `sprig.contains(${exprString("Stopped with strategy")}, workflow.failures)`;
  const gated = `sprig.dig(${exprString("outputs")}, ${exprString("parameters")}, ${exprString(GATED_PARAMETER)}, ${exprString("false")}, workflow) == ${exprString("true")}`;
  const notOk = `sprig.ternary(${exprString("cancelled")}, ${exprString("failed")}, ${stopped})`;
  const ok = `sprig.ternary(${exprString("gated")}, ${exprString("succeeded")}, ${gated})`;
  return `sprig.ternary(${notOk}, ${ok}, workflow.status != ${exprString("Succeeded")})`;
}

/** The `when` of a deploy's first task when the pipeline has a pull-request trigger. */
export function notOnPullRequest(): string {
  return exprTag(`workflow.parameters[${exprString(PULL_REQUEST_PARAMETER)}] != ${exprString("true")}`);
}

/** Whether runs of `ctx`'s pipeline may be pull requests' (it has a `pull_request` trigger). */
export function hasPullRequestTrigger(ctx: Pick<PipelineContext, "pipeline">): boolean {
  return ctx.pipeline.triggers.some((t) => t.kind === "pull_request");
}

/** expr-lang source of the whole gate's condition (`true` without conditions). */
export function gateCondition(g: IrGate, scope: ExprScope): string {
  return g.conditions.length === 0 ? "true" : g.conditions.map((c) => printExpr(c.expr, scope)).join(" and ");
}

/**
 * expr-lang source of the report a gate or assert logs: a heading, then each condition as written
 * with whether it holds and the values it read, as the run's record shows them.
 */
export function conditionReport(g: IrGate, scope: ExprScope): string {
  const kind = g.assert === true ? "assert" : "gate";
  const verdict = g.assert === true ? `sprig.ternary(${exprString("holds")}, ${exprString("does not hold; the run fails")}, ${gateCondition(g, scope)})` : exprString("did not hold; what depends on it is skipped");
  const parts: string[] = [exprString(`${kind} \`${g.name}\` `), verdict];
  for (const c of g.conditions) {
    parts.push(exprString(`\n  \`${c.text}\`: `), `sprig.ternary(${exprString("holds")}, ${exprString("does not hold")}, ${printExpr(c.expr, scope)})`);
    exprLeaves(c.expr).forEach((leaf, i) => {
      parts.push(exprString(`${i === 0 ? " with " : ", "}${leafName(leaf)} = `), leafText(leaf, scope));
    });
  }
  return parts.join(" + ");
}

/** A value's text for the report; an optional one (nothing deployed) as `null`. */
function leafText(e: IrExpr, scope: ExprScope): string {
  const optional = "optional" in e.type && e.type.optional === true;
  return optional || e.kind === "deployed" ? `sprig.toJson(${printExpr(e, scope)})` : printText(e, scope);
}

/** The task that runs when gate `g` does not hold: it logs why and sets `mlp-gated`. */
export function notHeldTask(g: IrGate, taskName: string, depends: string | undefined, scope: ExprScope): Record<string, unknown> {
  return {
    name: taskName,
    template: NOT_HELD_TEMPLATE,
    ...(depends !== undefined ? { depends } : {}),
    when: exprTag(`not (${gateCondition(g, scope)})`),
    arguments: { parameters: [{ name: "report", value: exprTag(`sprig.b64enc(${conditionReport(g, scope)})`) }] },
  };
}

/** The task of assert `g`: the template fails it when `held` is not `true`. */
export function assertTask(g: IrGate, taskName: string, depends: string | undefined, scope: ExprScope): Record<string, unknown> {
  return {
    name: taskName,
    template: ASSERT_TEMPLATE,
    ...(depends !== undefined ? { depends } : {}),
    arguments: {
      parameters: [
        { name: "held", value: exprTag(`sprig.toString(${gateCondition(g, scope)})`) },
        { name: "report", value: exprTag(`sprig.b64enc(${conditionReport(g, scope)})`) },
      ],
    },
  };
}

const REPORT_PRELUDE = ["set -e", decodeVariable("MLP_REPORT", "MLP_REPORT_B64")];
const reportEnv = [{ name: "MLP_REPORT_B64", value: "{{inputs.parameters.report}}" }];

/** The shared template of `not-held` tasks. */
export function notHeldTemplate(ctx: PipelineContext): Record<string, unknown> {
  const script = [...REPORT_PRELUDE, `printf '%s\\n' "$MLP_REPORT"`, `printf true > ${GATED_FILE}`].join("\n") + "\n";
  return {
    name: NOT_HELD_TEMPLATE,
    inputs: { parameters: [{ name: "report" }] },
    outputs: { parameters: [{ name: "gated", globalName: GATED_PARAMETER, valueFrom: { path: GATED_FILE } }] },
    container: buildContainer({ image: ctx.options.mlpImage, script, env: reportEnv }),
  };
}

/** The shared template of asserts: logs the report, and fails unless `held` is `true`. */
export function assertTemplate(ctx: PipelineContext): Record<string, unknown> {
  const script = [...REPORT_PRELUDE, `if [ "$MLP_HELD" = true ]; then printf '%s\\n' "$MLP_REPORT"; exit 0; fi`, `printf '%s\\n' "$MLP_REPORT" >&2`, "exit 1"].join("\n") + "\n";
  return {
    name: ASSERT_TEMPLATE,
    inputs: { parameters: [{ name: "held" }, { name: "report" }] },
    container: buildContainer({ image: ctx.options.mlpImage, script, env: [{ name: "MLP_HELD", value: "{{inputs.parameters.held}}" }, ...reportEnv] }),
  };
}
