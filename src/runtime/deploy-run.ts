/**
 * One deploy of a run: the model it ships must have been produced; an unchanged live model is
 * left alone; an `approval required` deploy asks (or stops awaiting approval); a `command`
 * deploy needs its secrets set. The registry (`registry.ts`) does the deploying and recording.
 */
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDeploy } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { deployOptions } from "./deploy-options.js";
import type { ExprEnv } from "./eval-expr.js";
import { readTail } from "./log-tail.js";
import { deploy, liveDeployment, recordAwaiting } from "./registry.js";
import type { NodeOutcome } from "./run-events.js";
import type { RunRequest } from "./run-request.js";
import type { Store } from "./store.js";

export interface DeployContext {
  readonly store: Store;
  readonly pipeline: ValidPipeline;
  /** Null in a dry run. */
  readonly runId: number | null;
  readonly req: Pick<RunRequest, "dryRun" | "approve" | "confirmApproval" | "root" | "signal">;
  readonly env: NodeJS.ProcessEnv;
  readonly runDir: string;
  /** The content hash of a step's output this run produced or reused; undefined when it has none. */
  modelHash(step: string, output: string): string | undefined;
  /** Every metric recorded so far (see the executor's `metricsSnapshot`), after committing pending records. */
  metricsSnapshot(): Record<string, number | boolean>;
  /** What the deploy's computed options (`optionExprs`) read: params, metrics, `deployed(…)`. */
  exprEnv(): ExprEnv;
}

export interface DeployResult {
  readonly outcome: NodeOutcome;
  /** An error to report, with the tail of the deploy's log. */
  readonly problem?: { readonly diagnostic: Diagnostic; readonly log?: string };
  /** The run fails (a missing secret, a failed deploy command). */
  readonly stopsRun: boolean;
}

export async function runDeploy(ctx: DeployContext, d: IrDeploy): Promise<DeployResult> {
  const approved = (ctx.req.approve ?? []).includes(d.name);
  const settled = (outcome: Omit<NodeOutcome, "kind" | "name">, problem?: DeployResult["problem"], stopsRun = false): DeployResult => ({
    outcome: { kind: "deploy", name: d.name, ...outcome },
    ...(problem !== undefined ? { problem } : {}),
    stopsRun,
  });
  if (ctx.req.dryRun || ctx.runId === null) {
    return settled({
      status: "would_run",
      reason: `would deploy \`${d.model.step}.${d.model.output}\` to \`${d.name}\` (${d.to.kind})${d.approval && !approved ? " after approval" : ""}`,
    });
  }
  const artifact = ctx.modelHash(d.model.step, d.model.output);
  if (artifact === undefined) {
    return settled({ status: "failed" }, { diagnostic: diagnostic("MLP7021", "error", `deploy \`${d.name}\`: model \`${d.model.step}.${d.model.output}\` was not produced`, d.origin) });
  }
  const computed = deployOptions(d, ctx.exprEnv());
  if ("error" in computed) {
    return settled({ status: "failed" }, { diagnostic: diagnostic("MLP7021", "error", `deploy \`${d.name}\`: cannot compute its options: ${computed.error}`, d.origin) }, true);
  }
  const metrics = ctx.metricsSnapshot();
  const p = ctx.pipeline;
  // One model per pipeline output, whatever the target calls its service.
  const modelName = `${p.name}.${d.model.step}.${d.model.output}`;
  const live = liveDeployment(ctx.store, p.name, d.name);
  if (live !== undefined && live.artifact === artifact && live.model === modelName) {
    return settled({ status: "deployed", note: `unchanged: model v${live.version} is already live in \`${d.name}\`` });
  }
  const secrets = { declared: d.secrets ?? [], pipeline: p.secrets.map((s) => s.name) };
  const base = { runId: ctx.runId, pipeline: p.name, env: d.name, model: modelName, artifact, kind: d.to.kind, options: computed.options, metrics, secrets };
  if (d.approval && !approved) {
    const detail = `deploy \`${modelName}\` (${artifact.slice(0, 12)}) to \`${d.name}\` via ${d.to.kind}`;
    const ok = ctx.req.confirmApproval ? await ctx.req.confirmApproval(d.name, detail) : false;
    if (!ok) {
      recordAwaiting(ctx.store, base);
      return settled({ status: "awaiting_approval", reason: "approval required" });
    }
  }
  // Only a `command` deploy runs anything here; the others need no secret locally.
  const unset = d.to.kind === "command" ? secrets.declared.filter((s) => ctx.env[s] === undefined) : [];
  if (unset.length > 0) {
    const missing = diagnostic("MLP7017", "error", `deploy \`${d.name}\` needs secret \`${unset[0]}\`, which is not set`, d.origin, {
      help: [`set the environment variable \`${unset[0]}\` before \`mlp run\``],
    });
    return settled({ status: "failed" }, { diagnostic: missing }, true);
  }
  const logPath = join(ctx.runDir, `deploy-${d.name}.log`);
  const r = await deploy(ctx.store, { ...base, cwd: ctx.req.root, logPath, signal: ctx.req.signal, baseEnv: ctx.env });
  const status = r.status === "failed" ? "failed" : r.status === "registered" ? "registered" : "deployed";
  if (r.status === "failed") {
    return settled({ status, note: r.note }, { diagnostic: diagnostic("MLP7021", "error", `deploy \`${d.name}\` failed: ${r.note}`, d.origin), log: readTail(logPath) }, true);
  }
  return settled({ status, note: r.note });
}
