/**
 * Everything the job builders of one pipeline share: the pipeline's view (`src/ir/view.ts`), the resolved options, the
 * diagnostics sink, and small builders for the steps every job uses (checkout, github-script).
 */
import type { Diagnostic, DiagnosticExtras, Severity } from "../../src/diagnostics/diagnostic.js";
import { diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { IrParam, IrPipeline, IrValue, Origin } from "../../src/ir/ir.js";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { pipelineView, type PipelineView } from "../../src/ir/view.js";
import { CHECKOUT, GITHUB_SCRIPT, uses } from "./actions.js";
import { GhExpr, ghExpr } from "./gh-expr.js";
import type { GithubOptions } from "./options.js";

export interface PipelineContext {
  readonly pipeline: ValidPipeline;
  /** Nodes, params and datasets by name, and the graph questions (upstream, metric sources). */
  readonly view: PipelineView;
  readonly opts: GithubOptions;
  /** Directory of the `.mlp` file relative to the repository root (`.` for the root). */
  readonly base: string;
  /** More params than `dispatch_inputs`: they come as one JSON input, decoded by `mlp-params` (params-job.ts). */
  readonly paramsAsJson: boolean;
  report(code: string, severity: Severity, message: string, span: Origin, extras?: DiagnosticExtras): void;
}

export function makeContext(pipeline: ValidPipeline, opts: GithubOptions, base: string, diags: Diagnostic[]): PipelineContext {
  return {
    pipeline,
    view: pipelineView(pipeline),
    opts,
    base,
    paramsAsJson: dispatchParams(pipeline).length > opts.dispatchInputs,
    report(code, severity, message, span, extras) {
      diags.push(diagnostic(code, severity, message, span, extras));
    },
  };
}

/**
 * The params a run started by hand may set: all but list params, whose defaults are the grids of
 * the sweeps (a workflow's matrix is fixed when it is compiled; docs/targets/github.md).
 */
export function dispatchParams(pipeline: IrPipeline): readonly IrParam[] {
  return pipeline.params.some((p) => p.type.kind === "list") ? pipeline.params.filter((p) => p.type.kind !== "list") : pipeline.params;
}

/** A value as the text a shell or an environment variable sees. */
export function valueText(v: IrValue): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Checks out the repository without leaving the token in `.git/config`. */
export function checkoutStep(): Record<string, unknown> {
  return {
    name: "check out the repository",
    uses: uses(CHECKOUT),
    with: { "persist-credentials": false },
  };
}

/** An `actions/github-script` step running `script` with `env`. */
export function scriptStep(
  name: string,
  id: string | undefined,
  env: Record<string, string | GhExpr>,
  script: string,
): Record<string, unknown> {
  // Assigned in the printed order: a conditional spread costs more than the rest of the step.
  const step: Record<string, unknown> = { name };
  if (id !== undefined) step["id"] = id;
  step["uses"] = uses(GITHUB_SCRIPT);
  step["env"] = env;
  step["with"] = { script };
  return step;
}

/**
 * The condition that skips a job when a gate it follows is closed, or, for a gate it follows with
 * `after not` (`afterNot`), when that gate held. Jobs further down are skipped by GitHub itself,
 * because a job whose `needs` were skipped is skipped too (a skipped gate has no `passed`, so its
 * else branch is skipped as well).
 */
export function gateCondition(ctx: PipelineContext, needs: readonly string[], afterNot: readonly string[] = []): GhExpr | undefined {
  const gates = needs.filter((n) => ctx.view.gate(n) !== undefined).sort();
  if (gates.length === 0) return undefined;
  return ghExpr(gates.map((g) => `needs.${g}.outputs.passed == '${afterNot.includes(g) ? "false" : "true"}'`).join(" && "));
}

/** The environment that hands a script the outputs of its `needs`, the dispatch inputs and the defaults. */
export function scriptValueEnv(ctx: PipelineContext, withParams: boolean): Record<string, string | GhExpr> {
  const env: Record<string, string | GhExpr> = { MLP_NEEDS: ghExpr("toJSON(needs)") };
  if (withParams && ctx.paramsAsJson) {
    // The decoded params, whatever started the run: inputs and defaults are the same object.
    env["MLP_INPUTS"] = ghExpr("needs.mlp-params.outputs.json");
    env["MLP_PARAM_DEFAULTS"] = ghExpr("needs.mlp-params.outputs.json");
  } else if (withParams) {
    env["MLP_INPUTS"] = ghExpr("toJSON(inputs)");
    const defaults: Record<string, IrValue> = {};
    for (const p of dispatchParams(ctx.pipeline)) if (p.default !== undefined) defaults[p.name] = p.default;
    env["MLP_PARAM_DEFAULTS"] = JSON.stringify(defaults);
  }
  return env;
}

/** Sorted, de-duplicated. */
export function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

/** `runs-on` for a job. */
export function runsOn(ctx: PipelineContext, gpu: boolean): string | readonly string[] {
  return gpu && ctx.opts.gpuRunsOn !== undefined ? ctx.opts.gpuRunsOn : ctx.opts.runsOn;
}
