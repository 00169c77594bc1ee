/**
 * Deploy options that interpolate params or metrics (`optionExprs`), evaluated when the deploy
 * runs. For `to command`, the command's text stays as written and each interpolated value becomes
 * one shell word, `"${MLP_OPT_<i>}"`: a script step computes the values (`actions/github-script`,
 * as computed step inputs are) and the command step receives them through its `env:`, so a value
 * is never shell syntax and never a GitHub expression inside `run:`.
 */
import type { IrDeploy, IrExpr, IrTextPart } from "../../src/ir/ir.js";
import { scriptStep, scriptValueEnv, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { collectRefs, emptyRefs, jsPrelude, lookupJobId, toJs, type ExprRefs } from "./js-expr.js";
import { PARAMS_JOB } from "./params-job.js";

/** The id of the step that computes the options. */
const OPTIONS_STEP = "options";

/** A computed command: its shell text, the script step computing its values, and their env. */
export interface ComputedCommand {
  readonly command: string;
  readonly step: Record<string, unknown>;
  readonly env: Record<string, GhExpr>;
  /** Jobs whose outputs the expressions read. */
  readonly needs: readonly string[];
}

/** The parts of an option's expression: an `interpolate`'s, or the whole value as one part. */
function partsOf(expr: IrExpr): readonly IrTextPart[] {
  if (expr.kind === "interpolate") return expr.parts;
  if (expr.kind === "literal" && typeof expr.value === "string") return [{ kind: "text", text: expr.value }];
  return [{ kind: "expr", expr }];
}

/** The jobs a script reading `refs` needs. */
export function refNeeds(ctx: PipelineContext, refs: ExprRefs): string[] {
  const params = ctx.paramsAsJson && refs.params.size > 0 ? [PARAMS_JOB] : [];
  return [...refs.metrics.keys(), ...refs.sweeps, ...[...refs.deployed.keys()].map(lookupJobId), ...params];
}

/** The command of `to command` when its `command` option is computed, else undefined. */
export function computedCommand(ctx: PipelineContext, deploy: IrDeploy): ComputedCommand | undefined {
  const expr = deploy.optionExprs?.["command"];
  if (expr === undefined) return undefined;
  const refs = emptyRefs();
  collectRefs(expr, refs);
  refs.text = true;
  const lines: string[] = [jsPrelude(refs, false)];
  const env: Record<string, GhExpr> = {};
  let command = "";
  let i = 0;
  for (const part of partsOf(expr)) {
    if (part.kind === "text") {
      command += part.text;
      continue;
    }
    const name = `MLP_OPT_${i}`;
    lines.push(`core.setOutput(${JSON.stringify(`value${i}`)}, text(${toJs(part.expr)}));`);
    env[name] = ghExpr(`steps.${OPTIONS_STEP}.outputs.value${i}`);
    command += `"\${${name}}"`;
    i++;
  }
  const step = scriptStep("compute the deploy options", OPTIONS_STEP, scriptValueEnv(ctx, refs.params.size > 0), lines.join("\n") + "\n");
  return { command, step, env, needs: refNeeds(ctx, refs) };
}

/**
 * Where each `to kserve` option that may be computed goes in the InferenceService manifest (a jq
 * path; the numeric replica counts are never strings, so never interpolated).
 */
export const KSERVE_OPTION_PATHS: Readonly<Record<string, string>> = {
  name: ".metadata.name",
  namespace: ".metadata.namespace",
  model_format: ".spec.predictor.model.modelFormat.name",
  model_format_version: ".spec.predictor.model.modelFormat.version",
  runtime: ".spec.predictor.model.runtime",
  protocol_version: ".spec.predictor.model.protocolVersion",
  service_account: ".spec.predictor.serviceAccountName",
};

/** Computed options as whole values: the script step, and `MLP_OPTION_<name>` for the step's env. */
export interface ComputedOptions {
  readonly step: Record<string, unknown>;
  readonly env: Record<string, GhExpr>;
  readonly needs: readonly string[];
}

/** The computed options of `deploy` other than `command`, each a whole value, or undefined when none. */
export function computedOptions(ctx: PipelineContext, deploy: IrDeploy): ComputedOptions | undefined {
  const names = Object.keys(deploy.optionExprs ?? {}).filter((n) => n !== "command").sort();
  if (names.length === 0) return undefined;
  const refs = emptyRefs();
  for (const n of names) collectRefs(deploy.optionExprs![n]!, refs);
  refs.text = true;
  const lines: string[] = [jsPrelude(refs, false)];
  const env: Record<string, GhExpr> = {};
  for (const n of names) {
    lines.push(`core.setOutput(${JSON.stringify(n)}, text(${toJs(deploy.optionExprs![n]!)}));`);
    env[`MLP_OPTION_${n}`] = ghExpr(`steps.${OPTIONS_STEP}.outputs.${n}`);
  }
  const step = scriptStep("compute the deploy options", OPTIONS_STEP, scriptValueEnv(ctx, refs.params.size > 0), lines.join("\n") + "\n");
  return { step, env, needs: refNeeds(ctx, refs) };
}

/** Whether a run of this pipeline can be a pull request's (deploys never run on one). */
export function hasPullRequestTrigger(ctx: PipelineContext): boolean {
  return ctx.pipeline.triggers.some((t) => t.kind === "pull_request");
}

/** The condition that keeps a deploy job from running on a pull request, joined to `condition`. */
export function notOnPullRequest(condition: GhExpr | undefined): GhExpr {
  const guard = "github.event_name != 'pull_request'";
  return ghExpr(condition === undefined ? guard : `(${condition.text}) && ${guard}`);
}
