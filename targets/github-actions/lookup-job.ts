/**
 * `deployed(ENV[, from: PIPELINE])` reads what was recorded when the model now live in ENV was
 * deployed by PIPELINE (this pipeline when omitted). On GitHub the record is a deployment (task
 * `mlp`) in the repository's Deployments API, created by the deploy job with the pipeline, the
 * metrics and where the model is (the run and artifact, or the object-store location) in its
 * payload; this job finds the newest one for ENV whose payload names PIPELINE and exposes its
 * metrics as outputs (absent when nothing is deployed, which `??` handles), and, when a step takes
 * the model as an input, `found` and `model-*` (read by step-job.ts's deployed-model steps).
 */
import { runsOn, scriptStep, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { lookupJobId, parseLookupKey } from "./js-expr.js";
import type { BuiltJob } from "./step-job.js";

/** The deployment task mlp records deployments under. */
export const DEPLOYMENT_TASK = "mlp";

/** The outputs that say where a deployed model is (names with `-`: no metric can clash). */
export const MODEL_OUTPUTS = ["found", "model-run", "model-artifact", "model-store", "model-path"] as const;

const LOOKUP_SCRIPT = `const environment = process.env.MLP_ENVIRONMENT;
const pipeline = process.env.MLP_FROM;
const wanted = JSON.parse(process.env.MLP_WANTED);
let found;
// Newest first; other pipelines may deploy to the same environment, so page until one of ours.
for await (const page of github.paginate.iterator(github.rest.repos.listDeployments, {
  owner: context.repo.owner,
  repo: context.repo.repo,
  environment,
  task: process.env.MLP_TASK,
  per_page: 100,
})) {
  for (const d of page.data) {
    let payload = d.payload;
    if (typeof payload === 'string') payload = payload === '' ? {} : JSON.parse(payload);
    if (payload && payload.pipeline === pipeline) {
      found = { id: d.id, payload };
      break;
    }
  }
  if (found) break;
}
if (!found) {
  core.info('nothing is deployed to ' + JSON.stringify(environment) + ' by pipeline ' + JSON.stringify(pipeline));
  core.setOutput('found', 'false');
  return;
}
const metrics = found.payload.metrics || {};
for (const name of wanted) {
  if (metrics[name] !== undefined && metrics[name] !== null) core.setOutput(name, JSON.stringify(metrics[name]));
}
core.info('deployment ' + found.id + ' of ' + JSON.stringify(environment) + ' by ' + JSON.stringify(pipeline) + ' recorded ' + JSON.stringify(metrics));
if (process.env.MLP_MODEL === 'true') {
  const p = found.payload;
  // Written by mlp's deploy job; checked anyway, since the path becomes part of a file name.
  const inArtifact = typeof p.model_artifact === 'string' && /^[0-9]+$/.test(String(p.run_id));
  const inStore = typeof p.model_store === 'string' && /^(s3|gs):[/][/]/.test(p.model_store);
  if (typeof p.model_path !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.model_path) || !(inArtifact || inStore)) {
    core.setFailed('deployment ' + found.id + ' of ' + JSON.stringify(environment) + ' does not say where its model is (deployed by an older mlp?): deploy it again');
    return;
  }
  core.setOutput('found', 'true');
  core.setOutput('model-run', String(p.run_id));
  core.setOutput('model-artifact', inStore ? '' : p.model_artifact);
  core.setOutput('model-store', inStore ? p.model_store : '');
  core.setOutput('model-path', p.model_path);
} else {
  core.setOutput('found', 'true');
}
`;

/** Builds the lookup job of `key` (a `lookupKey`), exposing `metrics`, and the model's location when `model`. */
export function lookupJob(ctx: PipelineContext, key: string, metrics: readonly string[], model: boolean): BuiltJob {
  const { env, pipeline } = parseLookupKey(key);
  const outputs: Record<string, GhExpr> = {};
  for (const m of metrics) outputs[m] = ghExpr(`steps.lookup.outputs.${m}`);
  if (model) for (const o of MODEL_OUTPUTS) outputs[o] = ghExpr(`steps.lookup.outputs.${o}`);
  const from = pipeline ?? ctx.pipeline.name;
  const job: Record<string, unknown> = {
    name: pipeline === undefined ? `look up ${env}` : `look up ${env} of ${pipeline}`,
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: { deployments: "read" },
    outputs,
    steps: [
      scriptStep(
        `find the model deployed to ${env}`,
        "lookup",
        {
          MLP_ENVIRONMENT: env,
          MLP_FROM: from,
          MLP_TASK: DEPLOYMENT_TASK,
          MLP_WANTED: JSON.stringify(metrics),
          ...(model ? { MLP_MODEL: "true" } : {}),
        },
        LOOKUP_SCRIPT,
      ),
    ],
  };
  return { id: lookupJobId(key), job };
}
