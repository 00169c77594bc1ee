/**
 * `deployed(ENV).metric` reads what was recorded when the model now live in ENV was deployed.
 * On GitHub the record is a deployment (task `mlp`) in the repository's Deployments API, created
 * by the deploy job with the metrics in its payload; this job finds the newest one for ENV and
 * exposes its metrics as outputs (absent when nothing is deployed, which `??` handles).
 */
import { runsOn, scriptStep, type PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { lookupJobId } from "./js-expr.js";
import type { BuiltJob } from "./step-job.js";

/** The deployment task mlp records deployments under. */
export const DEPLOYMENT_TASK = "mlp";

const LOOKUP_SCRIPT = `const environment = process.env.MLP_ENVIRONMENT;
const wanted = JSON.parse(process.env.MLP_WANTED);
const { data } = await github.rest.repos.listDeployments({
  owner: context.repo.owner,
  repo: context.repo.repo,
  environment,
  task: process.env.MLP_TASK,
  per_page: 1,
});
if (data.length === 0) {
  core.info('nothing is deployed to ' + JSON.stringify(environment));
  return;
}
let payload = data[0].payload;
if (typeof payload === 'string') payload = payload === '' ? {} : JSON.parse(payload);
const metrics = (payload && payload.metrics) || {};
for (const name of wanted) {
  if (metrics[name] !== undefined && metrics[name] !== null) core.setOutput(name, JSON.stringify(metrics[name]));
}
core.info('deployment ' + data[0].id + ' of ' + JSON.stringify(environment) + ' recorded ' + JSON.stringify(metrics));
`;

/** Builds the lookup job for `env`, exposing `metrics`. */
export function lookupJob(ctx: PipelineContext, env: string, metrics: readonly string[]): BuiltJob {
  const outputs: Record<string, GhExpr> = {};
  for (const m of metrics) outputs[m] = ghExpr(`steps.lookup.outputs.${m}`);
  const job: Record<string, unknown> = {
    name: `look up ${env}`,
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: { deployments: "read" },
    outputs,
    steps: [
      scriptStep(
        `find the model deployed to ${env}`,
        "lookup",
        { MLP_ENVIRONMENT: env, MLP_TASK: DEPLOYMENT_TASK, MLP_WANTED: JSON.stringify(metrics) },
        LOOKUP_SCRIPT,
      ),
    ],
  };
  return { id: lookupJobId(env), job };
}
