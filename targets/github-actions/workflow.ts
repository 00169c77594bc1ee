/**
 * Assembles one pipeline's workflow: header, `name`, `on`, least-privilege `permissions`
 * (nothing at the workflow level, each job asks for what it uses), `concurrency`, and the jobs in
 * the IR's topological order, with the `deployed(…)` lookups first.
 */
import type { IrPipeline } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";
import { deployJob } from "./deploy-job.js";
import { fanInJob } from "./fan-in-job.js";
import { gateJob } from "./gate-job.js";
import { memberGateJob } from "./member-gate-job.js";
import { matrixInclude } from "./sweep-legs.js";
import { collectRefs, emptyRefs, lookupKey } from "./js-expr.js";
import { hasPullRequestTrigger } from "./deploy-options.js";
import { reportJob } from "./report-job.js";
import { lookupJob } from "./lookup-job.js";
import { paramsJob } from "./params-job.js";
import { checkNames } from "./names.js";
import { METRICS_SCRIPT, METRICS_SCRIPT_VAR, RETRY_SCRIPT, RETRY_SCRIPT_VAR, stepJob, type BuiltJob } from "./step-job.js";
import { buildTriggers } from "./triggers.js";
import { YamlEntries } from "../../src/target/yaml-printer.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";

/** A workflow before YAML printing, with the per-job comments (step descriptions). */
export interface WorkflowModel {
  readonly workflow: Record<string, unknown>;
  /** Filled in as the jobs are built: with `streamJobs`, while the workflow is printed. */
  readonly jobComments: ReadonlyMap<string, string>;
  /** The number of jobs, known once the workflow is printed (with `streamJobs`) or built. */
  readonly counts: { jobs: number };
}

/** How to build a workflow. */
export interface BuildOptions {
  /**
   * Build each job while the printer reaches it (`jobs` is a `YamlEntries`), so no more than one
   * job's tree is alive at a time; the jobs' diagnostics are then reported during printing.
   */
  readonly streamJobs?: boolean;
}

/** The `deployed(…)` records a pipeline reads: metrics by `lookupKey`, and the keys whose model a step takes. */
export interface DeployedReads {
  readonly metrics: Map<string, Set<string>>;
  readonly models: Set<string>;
}

/**
 * What the pipeline reads from deployment records (the `deployed(…)` lookups come from it): its
 * expressions (gates, computed inputs, deploy options), its `deployed(…).model` inputs, and, with a
 * pull-request trigger, every metric for the summary's comparison (report-job.ts).
 */
export function deployedRefs(p: IrPipeline): DeployedReads {
  const refs = emptyRefs();
  const models = new Set<string>();
  for (const g of p.gates) for (const c of g.conditions) collectRefs(c.expr, refs);
  for (const s of p.steps)
    for (const i of s.inputs) {
      if (i.binding.kind === "expr") collectRefs(i.binding.expr, refs);
      if (i.binding.kind === "deployed") {
        const key = lookupKey(i.binding.env, i.binding.pipeline);
        models.add(key);
        if (!refs.deployed.has(key)) refs.deployed.set(key, new Set());
      }
    }
  for (const d of p.deploys) for (const e of Object.values(d.optionExprs ?? {})) collectRefs(e, refs);
  if (p.triggers.some((t) => t.kind === "pull_request")) {
    const metrics = p.steps.filter((s) => s.sweep === undefined).flatMap((s) => s.metrics.map((m) => m.name));
    if (metrics.length > 0)
      for (const d of p.deploys) {
        let wanted = refs.deployed.get(d.name);
        if (wanted === undefined) refs.deployed.set(d.name, (wanted = new Set()));
        for (const m of metrics) wanted.add(m);
      }
  }
  return { metrics: refs.deployed, models };
}

/** The jobs of the pipeline in order, the `deployed(…)` lookups first, each built when reached. */
function* jobEntries(ctx: PipelineContext, deployed: DeployedReads, comments: Map<string, string>, counts: { jobs: number }): Generator<[string, unknown]> {
  counts.jobs = 0;
  // Every job so far: what a `finally` step's job needs.
  const ids: string[] = [];
  if (ctx.paramsAsJson) {
    const j = paramsJob(ctx);
    counts.jobs++;
    ids.push(j.id);
    yield [j.id, j.job];
  }
  for (const key of [...deployed.metrics.keys()].sort()) {
    const j = lookupJob(ctx, key, [...deployed.metrics.get(key)!].sort(), deployed.models.has(key));
    counts.jobs++;
    ids.push(j.id);
    yield [j.id, j.job];
  }
  let reported = false;
  for (const node of ctx.view.nodes) {
    let built: BuiltJob | undefined;
    if (node.kind === "step") {
      const step = node.step;
      checkResources(ctx, step);
      if (step.finally === true && !reported && hasPullRequestTrigger(ctx)) {
        // The summary job before the `finally` steps (which come last), which do not need it.
        reported = true;
        const j = reportJob(ctx);
        counts.jobs++;
        yield [j.id, j.job];
      }
      built = step.finally === true ? stepJob(ctx, step, ids.filter((id) => !ctx.view.isFinally(id))) : stepJob(ctx, step);
      if (step.description !== undefined) comments.set(step.name, step.description);
    } else if (node.kind === "gate") {
      built = node.gate.sweep !== undefined ? memberGateJob(ctx, node.gate) : gateJob(ctx, node.gate);
    } else if (node.kind === "deploy") {
      built = deployJob(ctx, node.deploy);
    } else {
      built = fanInJob(ctx, node.sweep);
    }
    if (built) {
      // A member's job runs once per point (sweep-limits.ts counts the same before building).
      const sweep = ctx.view.sweepOf(node.name);
      counts.jobs += sweep !== undefined ? matrixInclude(ctx, sweep).length : 1;
      ids.push(built.id);
      yield [built.id, built.job];
    }
  }
  if (!reported && hasPullRequestTrigger(ctx)) {
    const j = reportJob(ctx);
    counts.jobs++;
    yield [j.id, j.job];
  }
}

/** True when some lookup, step or gate job is certain to exist (deploy jobs may be refused). */
function hasCertainJob(ctx: PipelineContext, deployed: DeployedReads): boolean {
  if (deployed.metrics.size > 0) return true;
  return ctx.view.nodes.some((n) => n.kind !== "deploy");
}

/** Builds the workflow of `ctx.pipeline`, or undefined when names make it impossible. */
export function buildWorkflow(ctx: PipelineContext, options: BuildOptions = {}): WorkflowModel | undefined {
  if (!checkNames(ctx)) return undefined;
  const p = ctx.pipeline;
  const comments = new Map<string, string>();
  const counts = { jobs: 0 };
  const deployed = deployedRefs(p);
  let jobs: Record<string, unknown> | YamlEntries;
  // Streamed only when a job is certain: otherwise the deploy jobs are built first, to tell
  // whether there is anything to run before the triggers are looked at.
  if (options.streamJobs === true && hasCertainJob(ctx, deployed)) {
    jobs = new YamlEntries(() => jobEntries(ctx, deployed, comments, counts));
  } else {
    jobs = Object.fromEntries(jobEntries(ctx, deployed, comments, counts));
    if (Object.keys(jobs).length === 0) {
      ctx.report("MLP5117", "error", `pipeline \`${p.name}\` has nothing to run`, p.origin, {
        notes: ["a GitHub workflow needs at least one job"],
        help: ["add a step to the pipeline"],
      });
      return undefined;
    }
  }
  const on = buildTriggers(ctx);
  const workflow: Record<string, unknown> = {
    name: p.description !== undefined ? `${p.name}: ${p.description}` : p.name,
    on,
    // What step jobs need, written once (40 bytes a job); gate, lookup and deploy jobs set
    // their own `permissions:`, which replaces this one.
    permissions: { contents: "read" },
    ...(ctx.opts.concurrency ? { concurrency: { group: concurrencyGroup(ctx), "cancel-in-progress": false } } : {}),
    ...sharedScripts(p),
    jobs,
  };
  return { workflow, jobComments: comments, counts };
}

/**
 * `mlp-<pipeline>`. With a pull-request trigger, a pull request's runs have a group of their own
 * (`mlp-<pipeline>-refs/pull/N/merge`): GitHub keeps one pending run per group, so model CI on a
 * pull request must never replace a pending run of the pipeline that deploys, nor wait for it.
 */
function concurrencyGroup(ctx: PipelineContext): string | GhExpr {
  const name = ctx.pipeline.name;
  if (!hasPullRequestTrigger(ctx)) return `mlp-${name}`;
  // The name is an identifier: safe inside a quoted expression literal.
  return ghExpr(`format('mlp-{0}{1}', '${name}', github.event_name == 'pull_request' && format('-{0}', github.ref) || '')`);
}

/**
 * The scripts step jobs share, written once as workflow-level variables: the retry loop (see
 * RETRY_SCRIPT) and the metrics check (see METRICS_SCRIPT), each only when a step uses it.
 */
function sharedScripts(p: IrPipeline): { env?: Record<string, string> } {
  const env: Record<string, string> = {};
  if (p.steps.some((s) => s.retry > 0)) env[RETRY_SCRIPT_VAR] = RETRY_SCRIPT;
  if (p.steps.some((s) => s.metrics.length > 0)) env[METRICS_SCRIPT_VAR] = METRICS_SCRIPT;
  return Object.keys(env).length > 0 ? { env } : {};
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
