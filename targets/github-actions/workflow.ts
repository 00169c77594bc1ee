/**
 * Assembles one pipeline's workflow: header, `name`, `on`, least-privilege `permissions`
 * (nothing at the workflow level, each job asks for what it uses), `concurrency`, and the jobs in
 * the IR's topological order, with the `deployed(…)` lookups first.
 */
import type { IrPipeline } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";
import { deployJob } from "./deploy-job.js";
import { gateJob } from "./gate-job.js";
import { collectRefs, emptyRefs, type ExprRefs } from "./js-expr.js";
import { lookupJob } from "./lookup-job.js";
import { checkNames } from "./names.js";
import { stepJob, type BuiltJob } from "./step-job.js";
import { buildTriggers } from "./triggers.js";

/** A workflow before YAML printing, with the per-job comments (step descriptions). */
export interface WorkflowModel {
  readonly workflow: Record<string, unknown>;
  readonly jobComments: ReadonlyMap<string, string>;
}

function deployedRefs(p: IrPipeline): ExprRefs {
  const refs = emptyRefs();
  for (const g of p.gates) for (const c of g.conditions) collectRefs(c.expr, refs);
  for (const s of p.steps) for (const i of s.inputs) if (i.binding.kind === "expr") collectRefs(i.binding.expr, refs);
  return refs;
}

/** Builds the workflow of `ctx.pipeline`, or undefined when names make it impossible. */
export function buildWorkflow(ctx: PipelineContext): WorkflowModel | undefined {
  if (!checkNames(ctx)) return undefined;
  const p = ctx.pipeline;
  const jobs: BuiltJob[] = [];
  const comments = new Map<string, string>();
  const deployed = deployedRefs(p).deployed;
  for (const env of [...deployed.keys()].sort()) jobs.push(lookupJob(ctx, env, [...deployed.get(env)!].sort()));
  for (const node of p.order) {
    if (node.kind === "step") {
      const step = ctx.steps.get(node.name);
      if (!step) continue;
      checkResources(ctx, step);
      jobs.push(stepJob(ctx, step));
      if (step.description !== undefined) comments.set(step.name, step.description);
    } else if (node.kind === "gate") {
      const gate = ctx.gates.get(node.name);
      if (gate) jobs.push(gateJob(ctx, gate));
    } else {
      const deploy = ctx.deploys.get(node.name);
      const built = deploy ? deployJob(ctx, deploy) : undefined;
      if (built) jobs.push(built);
    }
  }
  if (jobs.length === 0) {
    ctx.report("MLP5117", "error", `pipeline \`${p.name}\` has nothing to run`, p.origin, {
      notes: ["a GitHub workflow needs at least one job"],
      help: ["add a step to the pipeline"],
    });
    return undefined;
  }
  const on = buildTriggers(ctx);
  const workflow: Record<string, unknown> = {
    name: p.description !== undefined ? `${p.name}: ${p.description}` : p.name,
    on,
    permissions: {},
    ...(ctx.opts.concurrency ? { concurrency: { group: `mlp-${p.name}`, "cancel-in-progress": false } } : {}),
    jobs: Object.fromEntries(jobs.map((j) => [j.id, j.job])),
  };
  return { workflow, jobComments: comments };
}

/** `ubuntu-latest`: 4 vCPUs and 16 GiB for public and private repositories. */
const DEFAULT_RUNNER = { cpu: 4, memoryBytes: 16 * 1024 ** 3 };

function quantityBytes(q: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(q);
  if (!m) return undefined;
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit;
}

/** MLP5111 (GPU without a GPU runner) and MLP5112 (more than the default runner has). */
function checkResources(ctx: PipelineContext, step: import("../../src/ir/ir.js").IrStep): void {
  const r = step.resources;
  if ((r.gpu ?? 0) > 0 && ctx.opts.gpuRunsOn === undefined) {
    ctx.report("MLP5111", "warning", `step \`${step.name}\` asks for ${r.gpu} GPU${r.gpu === 1 ? "" : "s"} but runs on a runner without one`, step.origin, {
      notes: ["GitHub-hosted standard runners have no GPU; GPU runners are larger runners or self-hosted, chosen by label"],
      help: ['set `gpu_runs_on: "<your GPU runner label>"` in `target github { … }`'],
    });
  }
  if (!ctx.opts.runsOnIsDefault) return;
  const mem = r.memory !== undefined ? quantityBytes(r.memory) : undefined;
  const tooMuchCpu = r.cpu !== undefined && r.cpu > DEFAULT_RUNNER.cpu;
  const tooMuchMem = mem !== undefined && mem > DEFAULT_RUNNER.memoryBytes;
  if (tooMuchCpu || tooMuchMem) {
    ctx.report("MLP5112", "warning", `step \`${step.name}\` asks for more than \`ubuntu-latest\` has`, step.origin, {
      notes: [`\`ubuntu-latest\` has ${DEFAULT_RUNNER.cpu} CPUs and 16 GiB of memory; the step asks for ${[tooMuchCpu ? `${r.cpu} CPUs` : "", tooMuchMem ? `${r.memory} of memory` : ""].filter(Boolean).join(" and ")}`],
      help: ['choose a larger runner with `runs_on: "<label>"` in `target github { … }`'],
    });
  }
}
