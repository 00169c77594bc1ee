/**
 * One pipeline step becomes one job: check out, fetch input artifacts, compute expression inputs,
 * run the command (inline, or with `retry` through the workflow's retry loop over the job's
 * `MLP_RUN`), report metrics as job outputs, publish outputs.
 *
 * The command is the user's shell code and runs as written; every value it refers to through a
 * placeholder reaches it through an environment variable (`"${MLP_IN_data}"`), never as text
 * pasted into the script, so data cannot turn into code.
 *
 * The paths the compiler makes from names alone (outputs, inputs read from another step's output,
 * the metrics file) are in the job's `env:`; everything that comes from the `.mlp` text or the
 * run (dataset paths, literals, params, computed inputs, the user's `env`, secrets) stays in the
 * `env:` of the command step.
 */
import type { IrCommandPart, IrInput, IrStep } from "../../src/ir/ir.js";
import {
  checkoutStep,
  runsOn,
  scriptStep,
  scriptValueEnv,
  sortedUnique,
  valueText,
  type PipelineContext,
} from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { PARAMS_JOB, paramExpr } from "./params-job.js";
import { collectRefs, emptyRefs, jsPrelude, lookupJobId, toJs } from "./js-expr.js";
import { jobCondition } from "./job-condition.js";
import { isAbsolutePath, isUri, metricsPath, outputPath, repoPath } from "./paths.js";
import {
  memberNeeds,
  memberStrategy,
  onlyIf,
  pointDownloadSteps,
  pointEntryExpr,
  pointInputPath,
  pointMetricsPath,
  pointOutputPath,
  pointUploadSteps,
  pointValuesExpr,
  READY,
  waitSteps,
} from "./sweep-legs.js";
import { downloadSteps, refPath, uploadSteps, type ArtifactRef } from "./transfer.js";
import { planDeployedInput } from "./deployed-model.js";
import { finallyCondition, finallyStatusStep } from "./finally-job.js";

/** Minutes of slack a job gets on top of its attempts, for checkout and artifact transfers. */
export const JOB_TIMEOUT_SLACK_MINUTES = 15;

/** GitHub-hosted runners stop a job after six hours. */
export const HOSTED_JOB_LIMIT_MINUTES = 360;

/** True when every label of `runsOn` names a GitHub-hosted runner image. */
export function isHosted(runsOn: string | readonly string[]): boolean {
  const labels = typeof runsOn === "string" ? [runsOn] : runsOn;
  return labels.length > 0 && labels.every((l) => /^(ubuntu|windows|macos)-/.test(l));
}

/** A built job plus what the workflow needs to know about it. */
export interface BuiltJob {
  readonly id: string;
  readonly job: Record<string, unknown>;
}

function placeholder(part: Exclude<IrCommandPart, { kind: "text" }>): string {
  switch (part.kind) {
    case "input":
      return `"\${MLP_IN_${part.name}}"`;
    case "output":
      return `"\${MLP_OUT_${part.name}}"`;
    case "builtin":
      switch (part.name) {
        case "metrics":
          return `"\${MLP_METRICS}"`;
        case "run_id":
          return `"\${MLP_RUN_ID}"`;
        case "workdir":
          return `"\${MLP_WORKDIR}"`;
        case "status":
          // A `finally` step's: computed by its job's first step (finally-job.ts).
          return `"\${MLP_STATUS}"`;
      }
  }
}

/** The shell command of a user step: text as written, placeholders as quoted variable expansions. */
export function commandText(step: IrStep): string {
  return (step.run?.parts ?? []).map((p) => (p.kind === "text" ? p.text : placeholder(p))).join("");
}

/** The command of a `std.*` step: the mlp runtime, with every binding as `--name "$VAR"`. */
function builtinCommand(ctx: PipelineContext, step: IrStep): string {
  const args: string[] = [];
  for (const i of step.inputs) args.push(`--${i.name} "\${MLP_IN_${i.name}}"`);
  for (const o of step.outputs) args.push(`--${o.name} "\${MLP_OUT_${o.name}}"`);
  args.push(`--metrics "\${MLP_METRICS}"`);
  const runner = ctx.opts.mlpImage !== undefined ? "mlp" : `npx --yes "$MLP_PACKAGE@$MLP_VERSION"`;
  return `${runner} std "$MLP_BUILTIN" ${args.join(" ")}`;
}

/**
 * `prefix + name`, the same string for the same pair: V8 adds a property whose key it has seen
 * before to a fresh object several times faster than one under a new string, and every job of a
 * pipeline sets the same few variables.
 */
const VAR_NAMES = new Map<string, Map<string, string>>();
function varName(prefix: "MLP_IN_" | "MLP_OUT_" | "MLP_DEFAULT_", name: string): string {
  let byPrefix = VAR_NAMES.get(prefix);
  if (byPrefix === undefined) VAR_NAMES.set(prefix, (byPrefix = new Map()));
  let v = byPrefix.get(name);
  if (v === undefined) byPrefix.set(name, (v = prefix + name));
  return v;
}

/** Where the variables of the command go: the job's `env:` or the command steps' `env:`. */
interface CommandEnv {
  /** Paths the compiler makes from names alone: the same for every step of the job (in a sweep, with the leg's entry). */
  readonly job: Record<string, string | GhExpr>;
  /** Values from the `.mlp` text or the run, and secrets: only on the command steps. */
  readonly step: Record<string, string | GhExpr>;
}

interface InputPlan {
  /** Prelude lines that finish resolving the variables. */
  readonly prelude: string[];
  readonly downloads: ArtifactRef[];
  /** Member steps of the same sweep whose outputs at the same point are read. */
  readonly pointDownloads: string[];
  /** Inputs computed by an expression, evaluated by a script step first. */
  readonly computed: IrInput[];
  /** `deployed(…).model` inputs: the steps that fetch them, and their lookup jobs. */
  readonly deployedSteps: Record<string, unknown>[];
  readonly lookups: string[];
  readonly usesParams: boolean;
}

/** Plans the inputs of `step`, adding their variables to `env`. */
function planInputs(ctx: PipelineContext, step: IrStep, env: CommandEnv): InputPlan {
  const prelude: string[] = [];
  const downloads: ArtifactRef[] = [];
  const pointDownloads: string[] = [];
  const computed: IrInput[] = [];
  const deployedSteps: Record<string, unknown>[] = [];
  const lookups: string[] = [];
  let usesParams = false;
  for (const input of step.inputs) {
    const v = varName("MLP_IN_", input.name);
    const b = input.binding;
    switch (b.kind) {
      case "dataset": {
        const ds = ctx.view.dataset(b.dataset);
        const uri = ds?.uri ?? b.dataset;
        // Written by the user: stays on the command steps. An absolute path names a file on
        // the runner (a self-hosted one's disk or mount), so it stays as written too.
        if (isUri(uri) || isAbsolutePath(uri)) {
          env.step[v] = uri;
        } else {
          env.step[v] = repoPath(ctx.base, uri);
          prelude.push(`${v}="$GITHUB_WORKSPACE/$${v}"`);
        }
        break;
      }
      case "output":
        prelude.push(`${v}="$GITHUB_WORKSPACE/$${v}"`);
        if (step.sweep !== undefined && ctx.view.step(b.step)?.sweep === step.sweep) {
          // The same point's output of an earlier member.
          env.job[v] = pointInputPath(b.step, b.output);
          if (!pointDownloads.includes(b.step)) pointDownloads.push(b.step);
        } else {
          env.job[v] = outputPath(b.step, b.output);
          downloads.push({ step: b.step, output: b.output });
        }
        break;
      case "best":
      case "collect": {
        const ref: ArtifactRef = { step: b.step, output: b.output, sweep: { name: b.sweep, kind: b.kind } };
        env.job[v] = refPath(ref);
        prelude.push(`${v}="$GITHUB_WORKSPACE/$${v}"`);
        downloads.push(ref);
        break;
      }
      case "over":
        // The leg's value, as text (see sweep-legs.ts).
        env.step[v] = ghExpr(`matrix.${b.name}`);
        break;
      case "param": {
        const listParam = ctx.view.param(b.param);
        if (listParam?.type.kind === "list") {
          // A list param is not a dispatch input: its default, like a sweep's grid (triggers.ts).
          if (listParam.default !== undefined) env.step[v] = valueText(listParam.default);
          break;
        }
        usesParams = true;
        if (ctx.paramsAsJson) {
          // Decoded, checked and defaulted by the mlp-params job.
          env.step[v] = paramExpr(b.param);
          break;
        }
        env.step[v] = ghExpr(`inputs.${b.param}`);
        const p = ctx.view.param(b.param);
        if (p?.default !== undefined) {
          env.step[varName("MLP_DEFAULT_", input.name)] = valueText(p.default);
          prelude.push(`if [ "$GITHUB_EVENT_NAME" != workflow_dispatch ]; then ${v}="$MLP_DEFAULT_${input.name}"; fi`);
        }
        break;
      }
      case "literal":
        env.step[v] = valueText(b.value);
        break;
      case "expr":
        env.step[v] = ghExpr(`steps.inputs.outputs.${input.name}`);
        computed.push(input);
        break;
      case "deployed": {
        const d = planDeployedInput(ctx, input.name, b);
        Object.assign(env.job, d.jobEnv);
        Object.assign(env.step, d.stepEnv);
        prelude.push(...d.prelude);
        deployedSteps.push(...d.steps);
        lookups.push(d.lookup);
        break;
      }
    }
  }
  return { prelude, downloads, pointDownloads, computed, deployedSteps, lookups, usesParams };
}

/** The script step that evaluates expression-bound inputs before the command runs. */
function computedInputsStep(ctx: PipelineContext, step: IrStep, computed: readonly IrInput[]): Record<string, unknown> {
  const refs = emptyRefs();
  for (const input of computed) if (input.binding.kind === "expr") collectRefs(input.binding.expr, refs);
  const sweep = step.sweep === undefined ? undefined : ctx.view.sweep(step.sweep);
  const scope = sweep === undefined ? {} : { pointSteps: new Set(sweep.members) };
  const lines = [jsPrelude(refs, sweep !== undefined)];
  for (const input of computed) {
    if (input.binding.kind !== "expr") continue;
    lines.push(`core.setOutput(${JSON.stringify(input.name)}, String(${toJs(input.binding.expr, scope)}));`);
  }
  const env = scriptValueEnv(ctx, true);
  if (sweep !== undefined) env["MLP_POINT_VALUES"] = pointValuesExpr();
  return scriptStep("compute inputs", "inputs", env, lines.join("\n") + "\n");
}

/**
 * Reads the metrics JSON the step wrote (`MLP_METRICS`, from the job's `env:`) and exposes each
 * declared metric as a step output: the file is read and parsed, holds a JSON object, and each
 * metric in `MLP_METRIC_TYPES` has its type (`bool` a boolean, `int` an integer, the others a
 * finite number), else the step fails naming the file or the metric.
 *
 * Written once per workflow, as the workflow-level variable `MLP_REPORT_METRICS`, and run by
 * every "report metrics" step through `REPORT_METRICS_CALL`: written out in each job it was
 * ~750 bytes a job, a fifth of a retried step job (GitHub refuses workflow files over 500 KB).
 */
export const METRICS_SCRIPT = [
  "const f = require('path').join(process.env.GITHUB_WORKSPACE, process.env.MLP_METRICS);",
  "let d;",
  "try { d = JSON.parse(require('fs').readFileSync(f, 'utf8')); } catch (e) { return core.setFailed(`cannot read the metrics file ${f}: ${e.message}`); }",
  "if (Object(d) !== d || Array.isArray(d)) return core.setFailed(`the metrics file ${f} must hold a JSON object`);",
  "for (const [n, t] of Object.entries(JSON.parse(process.env.MLP_METRIC_TYPES))) {",
  "  const v = d[n], j = JSON.stringify(v);",
  "  if (t === 'bool' ? typeof v !== 'boolean' : !Number.isFinite(v) || (t === 'int' && !Number.isInteger(v))) return core.setFailed(`metric ${n} must be ${t}, found ${j}`);",
  "  core.setOutput(n, j);",
  "}",
  "",
].join("\n");

/** The workflow-level variable that holds `METRICS_SCRIPT`. */
export const METRICS_SCRIPT_VAR = "MLP_REPORT_METRICS";

/** The script of each "report metrics" step: runs `METRICS_SCRIPT` with github-script's `core` and `require`. */
export const REPORT_METRICS_CALL = `return new Function('core', 'require', process.env.${METRICS_SCRIPT_VAR})(core, require);\n`;

/** The job-level variable that holds the command script of a job with several attempts. */
export const RUN_SCRIPT_VAR = "MLP_RUN";

/** The workflow-level variable that holds `RETRY_SCRIPT`. */
export const RETRY_SCRIPT_VAR = "MLP_RETRY";

/**
 * Runs the job's `MLP_RUN` up to `MLP_ATTEMPTS` times until one attempt succeeds, each in a fresh
 * shell of the kind GitHub's default `run` shell would be (bash when the runner or container has
 * it, else sh, both with `-e`), each stopped after `MLP_ATTEMPT_SECONDS` by `timeout` (coreutils
 * or busybox; where there is none, as on macOS runners, only the step's `timeout-minutes`, the
 * sum of the attempts, applies). Each attempt is a log group; a failed one leaves a warning. POSIX
 * sh, written once per workflow.
 */
export const RETRY_SCRIPT = [
  "if command -v bash >/dev/null 2>&1; then mlp_shell=bash; else mlp_shell=sh; fi",
  "mlp_limit=",
  'if [ -n "${MLP_ATTEMPT_SECONDS:-}" ]; then',
  "  if command -v timeout >/dev/null 2>&1; then mlp_limit=\"timeout $MLP_ATTEMPT_SECONDS\"; else echo \"::notice::no timeout command here: attempts are limited only by the step's timeout-minutes\"; fi",
  "fi",
  "mlp_k=1",
  "while :; do",
  '  echo "::group::attempt $mlp_k of $MLP_ATTEMPTS"',
  "  mlp_rc=0",
  '  $mlp_limit "$mlp_shell" -e -c "$MLP_RUN" || mlp_rc=$?',
  '  echo "::endgroup::"',
  '  if [ "$mlp_rc" -eq 0 ]; then exit 0; fi',
  '  if [ -n "$mlp_limit" ] && [ "$mlp_rc" -eq 124 ]; then mlp_why="timed out after ${MLP_ATTEMPT_SECONDS}s"; else mlp_why="failed with exit code $mlp_rc"; fi',
  '  if [ "$mlp_k" -ge "$MLP_ATTEMPTS" ]; then echo "::error::attempt $mlp_k of $MLP_ATTEMPTS $mlp_why"; exit "$mlp_rc"; fi',
  '  echo "::warning::attempt $mlp_k of $MLP_ATTEMPTS $mlp_why; trying again"',
  "  mlp_k=$((mlp_k + 1))",
  "done",
  "",
].join("\n");

/** Extra `needs` of a step job: jobs whose outputs its computed inputs read. */
function exprNeeds(ctx: PipelineContext, step: IrStep): string[] {
  const refs = emptyRefs();
  for (const i of step.inputs) if (i.binding.kind === "expr") collectRefs(i.binding.expr, refs);
  const params = ctx.paramsAsJson && (refs.params.size > 0 || step.inputs.some((i) => i.binding.kind === "param" && ctx.view.param(i.binding.param)?.type.kind !== "list")) ? [PARAMS_JOB] : [];
  return [...refs.metrics.keys(), ...refs.sweeps, ...[...refs.deployed.keys()].map(lookupJobId), ...params];
}

/**
 * Builds the job of `step`. A `finally` step's job needs `finallyNeeds` (every other job), runs
 * `if: always()`, and first computes the run's status for `${status}` (finally-job.ts).
 */
export function stepJob(ctx: PipelineContext, step: IrStep, finallyNeeds: readonly string[] = []): BuiltJob {
  // Built in place: adding keys to a spread copy of another object is V8's slowest path.
  const cmdEnv: CommandEnv = { job: {}, step: {} };
  const plan = planInputs(ctx, step, cmdEnv);
  const env = cmdEnv.step;
  const isFinally = step.finally === true;
  const needs = sortedUnique([...step.needs, ...exprNeeds(ctx, step), ...plan.lookups, ...(isFinally ? finallyNeeds : [])]);
  const gpu = (step.resources.gpu ?? 0) > 0;
  const builtin = step.builtin !== undefined;
  const image = builtin ? ctx.opts.mlpImage : step.image;

  const sweep = step.sweep === undefined ? undefined : ctx.view.sweep(step.sweep);
  const prelude = plan.prelude;
  for (const o of step.outputs) {
    const v = varName("MLP_OUT_", o.name);
    cmdEnv.job[v] = sweep !== undefined ? pointOutputPath(step.name, o.name) : outputPath(step.name, o.name);
    prelude.push(`${v}="$GITHUB_WORKSPACE/$${v}"`, `rm -rf "$${v}"`, `mkdir -p "$(dirname "$${v}")"`);
  }
  cmdEnv.job["MLP_METRICS"] = sweep !== undefined ? pointMetricsPath(step.name) : metricsPath(step.name);
  prelude.push(`MLP_METRICS="$GITHUB_WORKSPACE/$MLP_METRICS"`, `mkdir -p "$(dirname "$MLP_METRICS")"`);
  const parts = step.run?.parts ?? [];
  if (parts.some((p) => p.kind === "builtin" && p.name === "run_id")) prelude.push(`MLP_RUN_ID="$GITHUB_RUN_ID-$GITHUB_RUN_ATTEMPT"`);
  if (parts.some((p) => p.kind === "builtin" && p.name === "workdir")) prelude.push(`MLP_WORKDIR="$(mktemp -d)"`);
  if (builtin) {
    env["MLP_BUILTIN"] = step.builtin!;
    if (ctx.opts.mlpImage === undefined) {
      env["MLP_PACKAGE"] = ctx.opts.mlpPackage;
      env["MLP_VERSION"] = ctx.opts.mlpVersion;
    }
  }
  if (parts.some((p) => p.kind === "builtin" && p.name === "status")) env["MLP_STATUS"] = ghExpr("steps.status.outputs.status");
  for (const key of Object.keys(step.env).sort()) env[key] = step.env[key]!;
  for (const s of [...step.secrets].sort()) env[s] = ghExpr(`secrets.${s}`);

  const command = builtin ? builtinCommand(ctx, step) : commandText(step);
  const script = `${prelude.join("\n")}\n${command}${command.endsWith("\n") ? "" : "\n"}`;

  const attempts = step.retry + 1;
  const attemptMinutes = step.timeoutSeconds !== undefined ? Math.max(1, Math.ceil(step.timeoutSeconds / 60)) : undefined;
  const workingDir = repoPath(ctx.base, step.workingDir);
  const stepEnv = Object.keys(env).length > 0 ? env : undefined;
  const runSteps: Record<string, unknown>[] = [];
  if (attempts === 1) {
    // Assigned in the printed order (conditional spreads cost more than the rest of the job).
    const run: Record<string, unknown> = { name: `run ${step.name}` };
    if (attemptMinutes !== undefined) run["timeout-minutes"] = attemptMinutes;
    if (workingDir !== ".") run["working-directory"] = workingDir;
    if (stepEnv !== undefined) run["env"] = stepEnv;
    run["run"] = script;
    runSteps.push(run);
  } else {
    // Several attempts: one step runs the workflow's RETRY_SCRIPT, which runs the job's
    // MLP_RUN up to MLP_ATTEMPTS times. Written as one step per attempt, the script was
    // repeated per attempt and a retried job was ~3.7 KB (GitHub refuses workflow files over
    // 500 KB); the step's `timeout-minutes` bounds all attempts together.
    cmdEnv.job[RUN_SCRIPT_VAR] = script;
    const retryEnv: Record<string, string | GhExpr> = { MLP_ATTEMPTS: String(attempts) };
    if (step.timeoutSeconds !== undefined) retryEnv["MLP_ATTEMPT_SECONDS"] = String(Math.max(1, Math.ceil(step.timeoutSeconds)));
    for (const [k, v] of Object.entries(env)) retryEnv[k] = v;
    const run: Record<string, unknown> = { name: `run ${step.name} (up to ${attempts} attempts)` };
    if (attemptMinutes !== undefined) run["timeout-minutes"] = attemptMinutes * attempts;
    if (workingDir !== ".") run["working-directory"] = workingDir;
    run["env"] = retryEnv;
    run["run"] = `eval "$${RETRY_SCRIPT_VAR}"`;
    runSteps.push(run);
  }

  // In a sweep, the steps after the wait run only when the point's earlier members finished.
  const waitFor = sweep !== undefined ? memberNeeds(ctx, step.name) : [];
  const steps: Record<string, unknown>[] = [checkoutStep()];
  if (isFinally) steps.push(finallyStatusStep(ctx, finallyNeeds));
  if (sweep !== undefined && waitFor.length > 0) steps.push(...waitSteps(ctx, sweep, step.name, waitFor));
  const work: Record<string, unknown>[] = [...downloadSteps(ctx, dedupeRefs(plan.downloads)), ...plan.deployedSteps];
  if (sweep !== undefined) work.push(...pointDownloadSteps(ctx, sweep, plan.pointDownloads));
  if (plan.computed.length > 0) work.push(computedInputsStep(ctx, step, plan.computed));
  work.push(...runSteps);
  const outputs: Record<string, GhExpr> = {};
  if (step.metrics.length > 0) {
    const types: Record<string, string> = {};
    for (const m of step.metrics) {
      types[m.name] = m.type.kind;
      outputs[m.name] = ghExpr(`steps.metrics.outputs.${m.name}`);
    }
    work.push(
      // The file's path is the job's MLP_METRICS; the script is the workflow's MLP_REPORT_METRICS.
      scriptStep("report metrics", "metrics", { MLP_METRIC_TYPES: JSON.stringify(types) }, REPORT_METRICS_CALL),
    );
  }
  if (sweep !== undefined) work.push(...pointUploadSteps(ctx, sweep, step.name, step.outputs.length + step.metrics.length > 0));
  else work.push(...uploadSteps(ctx, step.outputs.map((o) => ({ step: step.name, output: o.name }))));
  if (sweep !== undefined && waitFor.length > 0) steps.push(...work.map((s) => onlyIf(s, ghExpr(READY))));
  else steps.push(...work);

  const labels = runsOn(ctx, gpu);
  let jobMinutes = attemptMinutes !== undefined ? attemptMinutes * attempts + JOB_TIMEOUT_SLACK_MINUTES : undefined;
  if (jobMinutes !== undefined && isHosted(labels) && jobMinutes > HOSTED_JOB_LIMIT_MINUTES) {
    jobMinutes = HOSTED_JOB_LIMIT_MINUTES;
    if (attemptMinutes! * attempts > HOSTED_JOB_LIMIT_MINUTES) {
      ctx.report("MLP5118", "warning", `step \`${step.name}\` may run for ${attemptMinutes! * attempts} minutes, longer than a GitHub-hosted runner allows`, step.origin, {
        notes: [`${attempts} attempt${attempts === 1 ? "" : "s"} of up to ${attemptMinutes} minutes; GitHub-hosted runners stop a job after ${HOSTED_JOB_LIMIT_MINUTES} minutes`],
        help: ["shorten `timeout` or `retry`, or run the step on a self-hosted runner (`runs_on`, `gpu_runs_on`)"],
      });
    }
  }
  const condition = isFinally ? finallyCondition() : jobCondition(ctx, step.name, needs);
  let container: Record<string, unknown> | undefined;
  if (image !== undefined) {
    container = { image };
    const options: string[] = [];
    // The mlp image runs as a non-root user, but the runner's workspace belongs to the runner's
    // user: as that user, actions/checkout fails with EACCES (actions/checkout#956).
    if (builtin) options.push("--user root");
    if (gpu && ctx.opts.gpuRunsOn !== undefined) options.push("--gpus all");
    if (options.length > 0) container["options"] = options.join(" ");
  }
  // No `name:`: GitHub shows the job id, which is the step's name.
  const job: Record<string, unknown> = {};
  if (needs.length > 0) job["needs"] = needs;
  if (condition !== undefined) job["if"] = condition;
  if (sweep !== undefined) job["strategy"] = memberStrategy(ctx, sweep);
  job["runs-on"] = labels;
  if (container !== undefined) job["container"] = container;
  if (jobMinutes !== undefined) job["timeout-minutes"] = jobMinutes;
  // No `permissions:`: a step job reads the repository and nothing else, which is the
  // workflow's default (see workflow.ts); every other kind of job sets its own. A deployed
  // model is another run's artifact: downloading it reads the repository's Actions data.
  if (plan.lookups.length > 0) job["permissions"] = { contents: "read", actions: "read" };
  // A member's metrics leave through its point artifact: GitHub keeps one leg's outputs only.
  if (step.metrics.length > 0 && sweep === undefined) job["outputs"] = outputs;
  if (sweep !== undefined) cmdEnv.job["MLP_POINT"] = pointEntryExpr();
  // Never empty: it always holds MLP_METRICS.
  job["env"] = cmdEnv.job;
  job["steps"] = steps;
  return { id: step.name, job };
}

function dedupeRefs(refs: readonly ArtifactRef[]): ArtifactRef[] {
  const seen = new Set<string>();
  const out: ArtifactRef[] = [];
  for (const r of refs) {
    const k = `${r.step}\u0000${r.output}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

/** Whether the job of `step` reads dispatch inputs (for documentation and tests). */
export function stepUsesParams(ctx: PipelineContext, step: IrStep): boolean {
  return planInputs(ctx, step, { job: {}, step: {} }).usesParams;
}
