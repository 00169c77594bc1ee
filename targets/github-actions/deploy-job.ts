/**
 * A deploy becomes a job that fetches the model, ships it (`kserve`: `kubectl apply` of an
 * InferenceService; `command`: the user's command with `$MLP_MODEL`), then records a GitHub
 * deployment whose payload carries the metrics `deployed(ENV).metric` reads later.
 * `approval required` puts the job in the GitHub environment of the same name, so the
 * environment's required reviewers must approve before it starts.
 */
import { deployOptionDefault, type DeployOptions } from "../../src/deploy/kinds.js";
import type { IrDeploy } from "../../src/ir/ir.js";
import { unsupportedDeploy } from "../../src/target/deploy-support.js";
import { GITHUB_DEPLOY_SUPPORT } from "./deploy-support.js";
import { checkoutStep, runsOn, scriptStep, sortedUnique, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { jobCondition } from "./job-condition.js";
import { DEPLOYMENT_TASK } from "./lookup-job.js";
import { UPLOAD_ARTIFACT, uses } from "./actions.js";
import { repoPath } from "./paths.js";
import type { BuiltJob } from "./step-job.js";
import { downloadSteps, refArtifact, refDir, refPath, storeLocation, storeSecretEnv, storeSuffix, type ArtifactRef } from "./transfer.js";
import { computedCommand, computedOptions, hasPullRequestTrigger, KSERVE_OPTION_PATHS, notOnPullRequest } from "./deploy-options.js";
import { kserveProblems } from "../../src/target/kserve.js";

/** DNS-1035 label: what KServe requires of an InferenceService name. */
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 label: a Kubernetes namespace. */
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The artifact a `local` deploy publishes. */
export function localArtifactName(env: string): string {
  return `deploy-${env}`;
}

/** Default `modelFormat.name` when `to kserve` does not say (the deploy-kind definition's). */
export const DEFAULT_MODEL_FORMAT = String(deployOptionDefault("kserve", "model_format"));

const RECORD_SCRIPT = `const needs = JSON.parse(process.env.MLP_NEEDS || '{}');
const sources = JSON.parse(process.env.MLP_METRIC_SOURCES);
const metrics = {};
const stepMetrics = {};
for (const [step, name] of sources) {
  const job = needs[step];
  const raw = job && job.outputs ? job.outputs[name] : undefined;
  if (raw === undefined || raw === '') continue;
  const value = JSON.parse(raw);
  metrics[name] = value;
  stepMetrics[step + '.' + name] = value;
}
// Where the model is, for \`deployed(env).model\` in a later run: this run's artifact, or the store.
const where = { model_path: process.env.MLP_MODEL_PATH };
if (process.env.MLP_MODEL_STORE_AT) where.model_store = process.env.MLP_STORE.replace(/[/]+$/, '') + '/' + process.env.MLP_PIPELINE + '/' + context.runId + '/' + process.env.MLP_MODEL_STORE_AT;
else where.model_artifact = process.env.MLP_MODEL_ARTIFACT;
const { owner, repo } = context.repo;
const created = await github.rest.repos.createDeployment({
  owner,
  repo,
  ref: context.sha,
  task: process.env.MLP_TASK,
  environment: process.env.MLP_ENVIRONMENT,
  auto_merge: false,
  required_contexts: [],
  description: 'mlp pipeline ' + process.env.MLP_PIPELINE,
  payload: { pipeline: process.env.MLP_PIPELINE, run_id: context.runId, model: process.env.MLP_MODEL_REF, metrics, step_metrics: stepMetrics, ...where },
});
if (!created.data.id) throw new Error('GitHub did not create the deployment record: ' + JSON.stringify(created.data));
await github.rest.repos.createDeploymentStatus({
  owner,
  repo,
  deployment_id: created.data.id,
  state: 'success',
  log_url: context.serverUrl + '/' + owner + '/' + repo + '/actions/runs/' + context.runId,
});
core.info('recorded deployment ' + created.data.id + ' with metrics ' + JSON.stringify(metrics));
`;

/**
 * With a sweep upstream that has a `best`, the deployment also records the best point's metrics
 * (the fan-in job's outputs `<step>-<metric>`), so `deployed(env).metric` reads them later.
 */
const RECORD_BEST = `for (const [sweep, step, name] of JSON.parse(process.env.MLP_BEST_SOURCES)) {
  const job = needs[sweep];
  const raw = job && job.outputs ? job.outputs[step + '-' + name] : undefined;
  if (raw === undefined || raw === '') continue;
  const value = JSON.parse(raw);
  metrics[name] = value;
  stepMetrics[sweep + '.' + step + '.' + name] = value;
}
`;

/** The best points' metrics a deploy records: `[sweep, step, metric]` of every sweep upstream with a `best`. */
function bestSources(ctx: PipelineContext, deploy: IrDeploy): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const n of ctx.view.upstream(deploy.name)) {
    if (n.kind !== "sweep" || n.sweep.best === undefined) continue;
    for (const m of ctx.view.members(n.name)) if (m.kind === "step") for (const metric of m.step.metrics) out.push([n.name, m.name, metric.name]);
  }
  return out;
}

function kserveManifest(ctx: PipelineContext, deploy: IrDeploy, o: DeployOptions<"kserve">): Record<string, unknown> {
  const model: Record<string, unknown> = {
    modelFormat: {
      name: o.model_format ?? DEFAULT_MODEL_FORMAT,
      ...(o["model_format_version"] !== undefined ? { version: o["model_format_version"] } : {}),
    },
    ...(o["runtime"] !== undefined ? { runtime: o["runtime"] } : {}),
    ...(o["protocol_version"] !== undefined ? { protocolVersion: o["protocol_version"] } : {}),
    storageUri: "",
  };
  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: o["name"],
      namespace: o["namespace"],
      labels: { "app.kubernetes.io/managed-by": "mlp" },
      annotations: { "mlp.dev/pipeline": ctx.pipeline.name, "mlp.dev/environment": deploy.name },
    },
    spec: {
      predictor: {
        ...(o["service_account"] !== undefined ? { serviceAccountName: o["service_account"] } : {}),
        ...(o["min_replicas"] !== undefined ? { minReplicas: o["min_replicas"] } : {}),
        ...(o["max_replicas"] !== undefined ? { maxReplicas: o["max_replicas"] } : {}),
        model,
      },
    },
  };
}

/**
 * Reports MLP5109 (and MLP5006, MLP5007) for each problem with `to kserve { … }`; true when the
 * options are usable. Names and types are the checker's (the deploy-kind definition).
 */
function checkKserveOptions(ctx: PipelineContext, deploy: IrDeploy, o: DeployOptions<"kserve">): boolean {
  let ok = true;
  // Options computed when the deploy runs are checked then (kserveScript); `o` shows them as written.
  const computed = (k: string): boolean => deploy.optionExprs?.[k] !== undefined;
  const bad = (message: string, help: string): void => {
    ok = false;
    ctx.report("MLP5109", "error", message, deploy.origin, { help: [help] });
  };
  if (o.namespace === undefined) bad(`\`to kserve\` of deploy \`${deploy.name}\` needs \`namespace\``, `add \`namespace: "…"\` to the \`to kserve { … }\` block`);
  const name = o["name"];
  if (typeof name === "string" && !computed("name") && (!DNS_1035.test(name) || name.length > 63))
    bad(`InferenceService name \`${name}\` is not a DNS-1035 label`, "use at most 63 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit");
  const ns = o["namespace"];
  if (typeof ns === "string" && !computed("namespace") && (!DNS_1123.test(ns) || ns.length > 63))
    bad(`namespace \`${ns}\` is not a DNS-1123 label`, "use at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit");
  const format = computed("model_format") ? DEFAULT_MODEL_FORMAT : (o["model_format"] ?? DEFAULT_MODEL_FORMAT);
  const runtime = computed("runtime") ? undefined : o["runtime"];
  // Without `artifact_store`, the workflow checks `vars.MLP_ARTIFACT_STORE` when it runs.
  const store = ctx.opts.artifactStore;
  const storage = store !== undefined ? { uri: store, option: "artifact_store", help: 'set `artifact_store: "s3://BUCKET/PREFIX"` (or `gs://…`) in `target github { … }`' } : undefined;
  // A mistyped format or runtime is reported above (MLP5109).
  for (const p of kserveProblems(deploy.name, typeof format === "string" ? format : DEFAULT_MODEL_FORMAT, typeof runtime === "string" ? runtime : undefined, storage)) {
    ok = false;
    ctx.report(p.code, "error", p.message, deploy.origin, { help: [...p.help] });
  }
  return ok;
}

/** The model a deploy ships: a step's output, or a sweep member's at the best point (from the fan-in). */
function modelRef(deploy: IrDeploy): ArtifactRef {
  const m = deploy.model;
  return m.sweep === undefined ? { step: m.step, output: m.output } : { step: m.step, output: m.output, sweep: { name: m.sweep, kind: "best" } };
}

function kserveScript(ctx: PipelineContext, deploy: IrDeploy): string {
  const ref = modelRef(deploy);
  const lines = ["set -eu"];
  // Computed options arrive as MLP_OPTION_<name> (deploy-options.ts); names are checked here.
  const computed = Object.keys(deploy.optionExprs ?? {}).filter((k) => KSERVE_OPTION_PATHS[k] !== undefined).sort();
  for (const k of computed) {
    if (k === "name" || k === "namespace") {
      const label = k === "name" ? "[a-z]([-a-z0-9]*[a-z0-9])?" : "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
      lines.push(
        `if ! printf '%s' "$MLP_OPTION_${k}" | grep -Eqx '${label}' || [ "\${#MLP_OPTION_${k}}" -gt 63 ]; then`,
        `  echo "::error::the computed ${k} of deploy ${deploy.name} is not a DNS label: $MLP_OPTION_${k}"`,
        `  exit 1`,
        `fi`,
      );
    }
  }
  if (computed.includes("name")) lines.push(`MLP_NAME="$MLP_OPTION_name"`);
  if (computed.includes("namespace")) lines.push(`MLP_NAMESPACE="$MLP_OPTION_namespace"`);
  if (ctx.opts.artifactStore !== undefined) {
    lines.push(`uri="${storeLocation(ref)}/${ref.output}"`);
  } else {
    lines.push(
      `if [ -z "$MLP_STORE" ]; then`,
      `  echo "::error::KServe reads models from an object store: set the repository variable MLP_ARTIFACT_STORE (s3://... or gs://...) or the artifact_store option"`,
      `  exit 1`,
      `fi`,
      `MLP_STORE="\${MLP_STORE%/}"`,
      `uri="${storeLocation(ref)}/${ref.output}"`,
      `src="$GITHUB_WORKSPACE/$MLP_MODEL"`,
      `case "$uri" in`,
      `  s3://*) if [ -d "$src" ]; then aws s3 sync --no-progress "$src" "$uri"; else aws s3 cp --no-progress "$src" "$uri"; fi ;;`,
      `  gs://*) if [ -d "$src" ]; then gcloud storage rsync --recursive "$src" "$uri"; else gcloud storage cp "$src" "$uri"; fi ;;`,
      `  *) echo "::error::MLP_ARTIFACT_STORE must start with s3:// or gs://"; exit 1 ;;`,
      `esac`,
    );
  }
  lines.push(
    `if [ -z "$MLP_KUBECONFIG" ]; then`,
    `  echo "::error::the repository secret named by kubeconfig_secret is empty or missing"`,
    `  exit 1`,
    `fi`,
    `umask 077`,
    `printf '%s\\n' "$MLP_KUBECONFIG" > "$RUNNER_TEMP/kubeconfig"`,
    `export KUBECONFIG="$RUNNER_TEMP/kubeconfig"`,
    `run_url="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"`,
    `printf '%s' "$MLP_MANIFEST" | jq --arg uri "$uri" --arg run "$run_url"${computed.map((k) => ` --arg ${k} "$MLP_OPTION_${k}"`).join("")} '.spec.predictor.model.storageUri = $uri | .metadata.annotations["mlp.dev/run"] = $run${computed.map((k) => ` | ${KSERVE_OPTION_PATHS[k]} = $${k}`).join("")}' > "$RUNNER_TEMP/inferenceservice.json"`,
    `kubectl apply -f "$RUNNER_TEMP/inferenceservice.json"`,
    `kubectl wait --for=condition=Ready --timeout=10m --namespace "$MLP_NAMESPACE" "inferenceservice/$MLP_NAME"`,
  );
  return lines.join("\n") + "\n";
}

/**
 * The secrets the deploy lists, as `${{ secrets.NAME }}` on the step that ships the model only
 * (as a step's secrets are on its command step), never their values.
 */
function deploySecretEnv(deploy: IrDeploy): Record<string, GhExpr> {
  const env: Record<string, GhExpr> = {};
  for (const s of [...(deploy.secrets ?? [])].sort()) env[s] = ghExpr(`secrets.${s}`);
  return env;
}

/** Builds the job of `deploy`, or reports why it cannot (and returns undefined). */
export function deployJob(ctx: PipelineContext, deploy: IrDeploy): BuiltJob | undefined {
  const refusals = unsupportedDeploy("GitHub Actions", GITHUB_DEPLOY_SUPPORT, deploy);
  for (const r of refusals) ctx.report("MLP5108", "error", r.message, deploy.origin, { notes: [...r.notes], help: [...r.help] });
  if (refusals.length > 0) return undefined;
  const to = deploy.to;
  const kind = to.kind;
  const ref = modelRef(deploy);
  const steps: Record<string, unknown>[] = [];
  let deployStep: Record<string, unknown>;
  let computed: ReturnType<typeof computedCommand>;
  const computedNeeds: string[] = [];
  if (kind === "local") {
    ctx.report("MLP5116", "warning", `deploy \`${deploy.name}\` to \`local\` becomes a downloadable workflow artifact on GitHub Actions`, deploy.origin, {
      notes: ["a GitHub runner's disk is gone when the job ends, so the model is published as the artifact `" + localArtifactName(deploy.name) + "` of the run"],
      help: ["to ship the model somewhere that lasts, use `to kserve { … }` or `to command { command: \"…\" }`"],
    });
    steps.push(...downloadSteps(ctx, [ref]));
    deployStep = {
      name: `publish the model of ${deploy.name} as an artifact`,
      uses: uses(UPLOAD_ARTIFACT),
      with: {
        name: localArtifactName(deploy.name),
        path: refDir(ref),
        "if-no-files-found": "error",
        "include-hidden-files": true,
        ...(ctx.opts.retentionDays !== undefined ? { "retention-days": ctx.opts.retentionDays } : {}),
      },
    };
  } else if (to.kind === "kserve") {
    const o = to.options;
    if (!checkKserveOptions(ctx, deploy, o)) return undefined;
    if (ctx.opts.artifactStore === undefined) {
      ctx.report("MLP5110", "warning", `deploy \`${deploy.name}\` to kserve has no object store for the model`, deploy.origin, {
        notes: ["KServe pulls models from object storage; this workflow uploads the model to the repository variable `MLP_ARTIFACT_STORE` at run time and fails if it is unset"],
        help: ["set `artifact_store: \"s3://bucket/prefix\"` (or `gs://…`) in `target github { … }`"],
      });
      steps.push(...downloadSteps(ctx, [ref]));
    }
    const env: Record<string, string | GhExpr> = {
      MLP_PIPELINE: ctx.pipeline.name,
      MLP_STORE: ctx.opts.artifactStore ?? ghExpr("vars.MLP_ARTIFACT_STORE"),
      MLP_MODEL: refPath(ref),
      MLP_NAMESPACE: o.namespace!, // checked by checkKserveOptions
      MLP_NAME: o.name,
      MLP_MANIFEST: JSON.stringify(kserveManifest(ctx, deploy, o)),
      MLP_KUBECONFIG: ghExpr(`secrets.${ctx.opts.kubeconfigSecret}`),
      ...storeSecretEnv(ctx),
    };
    for (const [k, v] of Object.entries(deploySecretEnv(deploy))) env[k] ??= v;
    const options = computedOptions(ctx, deploy);
    if (options !== undefined) {
      steps.push(options.step);
      Object.assign(env, options.env);
      computedNeeds.push(...options.needs);
    }
    deployStep = { name: `apply InferenceService ${String(o["name"])} in ${String(o["namespace"])}`, env, run: kserveScript(ctx, deploy) };
  } else {
    // Computed (`"… ${version}"`): the values come from a script step, each one shell word.
    computed = computedCommand(ctx, deploy);
    const command = computed?.command ?? to.options.command;
    steps.push(checkoutStep(), ...downloadSteps(ctx, [ref]));
    if (computed !== undefined) steps.push(computed.step);
    const workingDir = repoPath(ctx.base);
    deployStep = {
      name: `run the deploy command for ${deploy.name}`,
      ...(workingDir !== "." ? { "working-directory": workingDir } : {}),
      env: { ...deploySecretEnv(deploy), ...computed?.env, MLP_MODEL: refPath(ref), MLP_ENVIRONMENT: deploy.name },
      run: `MLP_MODEL="$GITHUB_WORKSPACE/$MLP_MODEL"\nexport MLP_MODEL MLP_ENVIRONMENT\n${command}${command.endsWith("\n") ? "" : "\n"}`,
    };
  }
  steps.push(deployStep);
  const sources = ctx.view.metricSources(deploy.name).flatMap((s) => s.metrics.map((m): [string, string] => [s.name, m.name]));
  const best = ctx.view.sweeps.length > 0 ? bestSources(ctx, deploy) : [];
  // The best points' metrics after the steps', so a step's metric of the same name is replaced.
  const script = best.length > 0 ? RECORD_SCRIPT.replace("const { owner, repo }", `${RECORD_BEST}const { owner, repo }`) : RECORD_SCRIPT;
  steps.push(
    scriptStep(
      `record the deployment to ${deploy.name}`,
      undefined,
      {
        MLP_NEEDS: ghExpr("toJSON(needs)"),
        MLP_METRIC_SOURCES: JSON.stringify(sources),
        ...(best.length > 0 ? { MLP_BEST_SOURCES: JSON.stringify(best) } : {}),
        MLP_TASK: DEPLOYMENT_TASK,
        MLP_ENVIRONMENT: deploy.name,
        MLP_PIPELINE: ctx.pipeline.name,
        MLP_MODEL_REF: `${ref.sweep !== undefined ? `${ref.sweep.name}.` : ""}${ref.step}.${ref.output}`,
        MLP_MODEL_PATH: ref.output,
        ...(ctx.opts.artifactStore !== undefined
          ? { MLP_STORE: ctx.opts.artifactStore, MLP_MODEL_STORE_AT: storeSuffix(ref) }
          : { MLP_MODEL_ARTIFACT: refArtifact(ref) }),
      },
      script,
    ),
  );
  const needs = sortedUnique([...deploy.needs, ...sources.map(([s]) => s), ...best.map(([s]) => s), ...(computed?.needs ?? []), ...computedNeeds]);
  // On a pull request the run is model CI: nothing ships, approval-gated deploys included.
  const gated = jobCondition(ctx, deploy.name, needs);
  const condition = hasPullRequestTrigger(ctx) ? notOnPullRequest(gated) : gated;
  const job: Record<string, unknown> = {
    name: deploy.approval ? `deploy ${deploy.name} (approval)` : `deploy ${deploy.name}`,
    ...(needs.length > 0 ? { needs } : {}),
    ...(condition !== undefined ? { if: condition } : {}),
    "runs-on": runsOn(ctx, false),
    ...(deploy.approval ? { environment: deploy.name } : {}),
    "timeout-minutes": 30,
    permissions: { contents: "read", deployments: "write" },
    steps,
  };
  return { id: deploy.name, job };
}
