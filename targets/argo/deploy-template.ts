/**
 * Deploys, approvals and the runtime lookup of `deployed(env).metric`.
 *
 * - `to kserve`: a `resource` template (`action: apply`) with a KServe `InferenceService`
 *   (`serving.kserve.io/v1beta1`, `spec.predictor.model.{modelFormat.name, storageUri}`) whose
 *   annotation `mlp.dev/metrics` records, as JSON, the metrics of every step upstream of the
 *   deploy. That annotation on the live InferenceService is the registry `deployed(env)` reads.
 * - `to local`: nothing can be served from a pod, so the deploy only records the model: a
 *   `resource` template applies a ConfigMap `mlp-<pipeline>-<env>` with the model's URI and the
 *   metrics (the same registry role the annotation plays for KServe).
 * - `to command`: a container that runs the command with the model at `$MLP_MODEL`, followed by
 *   the same ConfigMap record.
 * - `approval required`: a `suspend` task before the deploy (`argo resume` continues it).
 * - `deployed(env)`: a container that reads the record with `kubectl get --ignore-not-found`
 *   and writes `{}` when nothing is deployed, so `??` supplies the fallback.
 */
import { deployOptionDefault, type DeployOptions } from "../../src/deploy/kinds.js";
import type { IrDeploy } from "../../src/ir/ir.js";
import { buildContainer } from "./container.js";
import { printYaml } from "../../src/target/yaml-printer.js";
import { yamlSingleQuoted } from "../../src/target/yaml-scalar.js";
import { exprString } from "./safe-text.js";
import { isDns1123Label, kubeName } from "./names.js";
import { dependsOn, modelKey, PATHS, type PipelineContext } from "./pipeline-context.js";
import { checkImage, secretEnv, type TemplateAndTask } from "./step-template.js";
import { shellQuote, hasArgoTag } from "./safe-text.js";
import { kserveProblems } from "../../src/target/kserve.js";
import { mainArtifactFrom } from "./dag-scope.js";
import { BEST_PARAMETER, taskParameter } from "./expr.js";
import { hasPullRequestTrigger, notOnPullRequest } from "./control-flow.js";
import { computedCommand } from "./deploy-options.js";
import { MODEL_KEY_ANNOTATION } from "./deployed-model.js";

/** Annotation on InferenceServices holding the metrics recorded at deploy time. */
export const METRICS_ANNOTATION = "mlp.dev/metrics";
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The KServe target of a deploy, after checks. */
export interface KserveTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly format: string;
  readonly runtime?: string;
  readonly serviceAccount?: string;
  readonly storageUri?: string;
}

/**
 * Checks the `to kserve { … }` options `o` of `d` (MLP5006, MLP5007, MLP5210); names and types
 * are the checker's (the deploy-kind definition), which options Argo reads its support table's.
 */
export function kserveTarget(d: IrDeploy, o: DeployOptions<"kserve">, ctx: PipelineContext): KserveTarget | undefined {
  let ok = true;
  const bad = (message: string, help: string): void => {
    ok = false;
    ctx.reporter.error("MLP5210", message, d.origin, { label: "in this deploy", help: [help] });
  };
  const name = o.name;
  if (!(name.length <= 63 && DNS1035_LABEL.test(name))) {
    bad(`InferenceService name \`${name}\` of deploy \`${d.name}\` is not a DNS-1035 label`, "use lower-case letters, digits and `-`, starting with a letter, at most 63 characters");
  }
  const namespace = o.namespace ?? ctx.options.namespace;
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    bad(`namespace \`${namespace}\` of deploy \`${d.name}\` is not a DNS-1123 label`, "use lower-case letters, digits and `-`, at most 63 characters");
  }
  const format = o.model_format ?? String(deployOptionDefault("kserve", "model_format"));
  const runtime = o.runtime;
  if (runtime !== undefined && !isDns1123Label(runtime)) bad(`runtime \`${runtime}\` of deploy \`${d.name}\` is not a Kubernetes name`, "name a ServingRuntime or ClusterServingRuntime");
  const serviceAccount = o.service_account;
  if (serviceAccount !== undefined && !isDns1123Label(serviceAccount)) bad(`service account \`${serviceAccount}\` of deploy \`${d.name}\` is not a Kubernetes name`, "name a ServiceAccount of the InferenceService's namespace");
  const storageUri = o.storage_uri;
  if (storageUri !== undefined && hasArgoTag(storageUri)) bad(`storage URI of deploy \`${d.name}\` contains \`{{\``, "write the URI KServe should read the model from");
  for (const p of kserveProblems(d.name, format, runtime, storageUri !== undefined && !hasArgoTag(storageUri) ? { uri: storageUri, option: "storage_uri", help: "or leave `storage_uri` out: KServe then reads the model from `artifact_store_uri`, where the workflow stores it" } : undefined)) {
    ok = false;
    ctx.reporter.error(p.code, p.message, d.origin, { label: "in this deploy", help: [...p.help] });
  }
  if (!ok) return undefined;
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    format,
    ...(runtime !== undefined ? { runtime } : {}),
    ...(serviceAccount !== undefined ? { serviceAccount } : {}),
    ...(storageUri !== undefined ? { storageUri } : {}),
  };
}

/**
 * Task argument carrying the typed metrics of every step upstream of deploy `d` (and, for a
 * sweep's model, of the best point), as JSON.
 */
function metricsArgument(d: IrDeploy, ctx: PipelineContext): string {
  const latest = new Map<string, string>();
  for (const s of ctx.view.metricSources(d.name)) {
    for (const m of s.metrics) {
      const raw = `fromJSON(tasks[${exprString(ctx.names.step(s.name))}].outputs.parameters['metrics'])[${exprString(m.name)}]`;
      latest.delete(m.name);
      latest.set(m.name, m.type.kind === "bool" ? `(${raw} == true)` : m.type.kind === "int" ? `asInt(${raw})` : `asFloat(${raw})`);
    }
  }
  // A sweep's model: the best point's metrics of the `best` step and the members before it, which
  // every point that counted reached (a later member may not have run at the best point).
  const sweep = d.model.sweep !== undefined ? ctx.view.sweep(d.model.sweep) : undefined;
  if (sweep?.best !== undefined) {
    const reached = new Set([sweep.best.step, ...ctx.view.upstream(sweep.best.step).map((n) => n.name)]);
    for (const n of ctx.view.members(sweep.name)) {
      if (n.kind !== "step" || !reached.has(n.name)) continue;
      for (const m of n.step.metrics) {
        const raw = `fromJSON(${taskParameter(ctx.names.node(sweep.name), BEST_PARAMETER)})['metrics'][${exprString(n.name)}][${exprString(m.name)}]`;
        latest.delete(m.name);
        latest.set(m.name, m.type.kind === "bool" ? `(${raw} == true)` : m.type.kind === "int" ? `asInt(${raw})` : `asFloat(${raw})`);
      }
    }
  }
  return latest.size === 0 ? "{}" : `{{=toJson({${[...latest].map(([k, v]) => `${exprString(k)}: ${v}`).join(", ")}})}}`;
}

/**
 * YAML text of `manifest` where the string values `'@@name@@'` become single-quoted scalars
 * holding `values[name]`, so Argo tags stay valid YAML before and after substitution.
 */
function manifestText(manifest: object, values: Readonly<Record<string, string>>): string {
  let text = printYaml(manifest);
  for (const [name, value] of Object.entries(values)) {
    text = text.replace(new RegExp(`(["']?)@@${name}@@\\1`), () => yamlSingleQuoted(value));
  }
  return text;
}

/** Name of the ConfigMap that records what a `to local` or `to command` deploy shipped. */
export function recordName(ctx: PipelineContext, env: string): string {
  return `mlp-${kubeName(ctx.pipeline.name)}-${kubeName(env)}`;
}

/** The template and task of a kserve deploy. */
export function kserveDeploy(d: IrDeploy, target: KserveTarget, ctx: PipelineContext): TemplateAndTask {
  const taskName = ctx.names.deploy(d.name);
  const stored = ctx.storedModels.get(modelKey(d.model.step, d.model.output, d.model.sweep));
  const storageUri = target.storageUri ?? stored?.uri ?? "";
  const manifest = {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: target.name,
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      labels: recordLabels(ctx, d.name),
      annotations: { "mlp.dev/workflow": "@@workflow@@", [METRICS_ANNOTATION]: "@@metrics@@", [MODEL_KEY_ANNOTATION]: "@@key@@" },
    },
    spec: {
      predictor: {
        ...(target.serviceAccount !== undefined ? { serviceAccountName: target.serviceAccount } : {}),
        model: {
          modelFormat: { name: target.format },
          ...(target.runtime !== undefined ? { runtime: target.runtime } : {}),
          storageUri: "@@storage@@",
        },
      },
    },
  };
  const text = manifestText(manifest, { workflow: "{{workflow.name}}", metrics: "{{inputs.parameters.metrics}}", storage: storageUri, key: stored?.key ?? "" });
  const template = {
    name: taskName,
    inputs: { parameters: [{ name: "metrics" }] },
    resource: { action: "apply", manifest: text },
  };
  const task = deployTask(d, taskName, ctx, { parameters: [{ name: "metrics", value: metricsArgument(d, ctx) }] });
  return { template, task };
}

function recordLabels(ctx: PipelineContext, env: string): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "mlp", "mlp.dev/pipeline": kubeName(ctx.pipeline.name), "mlp.dev/environment": kubeName(env) };
}

/**
 * The template and task that record a `to local` / `to command` deploy in a ConfigMap. `taskName`
 * is the deploy's own task for `local`, or a `record-<env>` task after a command deploy.
 */
export function recordDeploy(d: IrDeploy, taskName: string, after: string | undefined, ctx: PipelineContext): TemplateAndTask {
  const stored = ctx.storedModels.get(modelKey(d.model.step, d.model.output, d.model.sweep));
  const manifest = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: recordName(ctx, d.name),
      ...(ctx.options.namespace !== undefined ? { namespace: ctx.options.namespace } : {}),
      labels: recordLabels(ctx, d.name),
    },
    data: { model_uri: "@@storage@@", model_key: "@@key@@", metrics: "@@metrics@@", workflow: "@@workflow@@" },
  };
  const text = manifestText(manifest, { workflow: "{{workflow.name}}", metrics: "{{inputs.parameters.metrics}}", storage: stored?.uri ?? "", key: stored?.key ?? "" });
  const template = {
    name: taskName,
    inputs: { parameters: [{ name: "metrics" }] },
    resource: { action: "apply", manifest: text },
  };
  const args = { parameters: [{ name: "metrics", value: metricsArgument(d, ctx) }] };
  const task =
    after === undefined
      ? deployTask(d, taskName, ctx, args)
      : { name: taskName, template: taskName, depends: dependsOn([after]), arguments: args };
  return { template, task };
}

/** The template and task of a `to command { command: "…" }` deploy. */
export function commandDeploy(d: IrDeploy, o: DeployOptions<"command">, ctx: PipelineContext): TemplateAndTask {
  const command = o.command;
  const image = o.image ?? ctx.options.defaultImage;
  if (o.image !== undefined) checkImage(image, d, ctx);
  const taskName = ctx.names.deploy(d.name);
  // The command runs in the `.mlp` file's directory, as it does under `mlp run` and on GitHub.
  const dir = ctx.pipelineDir;
  const cd = hasArgoTag(dir) ? [`cd -- ${shellQuote(dir)}`] : [];
  // A command that interpolates params or metrics is evaluated now, its values as shell variables.
  const expr = d.optionExprs?.command;
  const computed = expr !== undefined ? computedCommand(expr, ctx.exprScope) : undefined;
  const script = ["set -e", ...cd, ...(computed?.prelude ?? []), `MLP_MODEL=${PATHS.input("model")}; export MLP_MODEL`, `MLP_ENVIRONMENT=${shellQuote(d.name)}; export MLP_ENVIRONMENT`, computed?.script ?? command].join("\n") + "\n";
  const source = ctx.options.sourceRepo !== undefined ? [{ name: "mlp-source", path: ctx.options.sourceDir, git: { repo: ctx.options.sourceRepo, revision: ctx.options.sourceRevision } }] : [];
  const params = computed !== undefined && computed.inputParams.length > 0 ? computed : undefined;
  const template = {
    name: taskName,
    inputs: { ...(params !== undefined ? { parameters: params.inputParams } : {}), artifacts: [{ name: "model", path: PATHS.input("model") }, ...source] },
    container: buildContainer({ image, script, env: [...(params?.env ?? []), ...secretEnv([...(d.secrets ?? [])].sort(), d, ctx, "deploy")], ...(cd.length === 0 ? { workingDir: dir } : {}) }),
  };
  const task = deployTask(d, taskName, ctx, {
    ...(params !== undefined ? { parameters: params.argParams } : {}),
    artifacts: [{ name: "model", from: modelFrom(d, ctx) }],
  });
  return { template, task };
}

/** The `from` of the model a deploy ships: a step's output, or a sweep's best point's. */
function modelFrom(d: IrDeploy, ctx: PipelineContext): string {
  const m = d.model;
  return mainArtifactFrom(ctx.names, m.sweep === undefined ? { kind: "output", step: m.step, output: m.output } : { kind: "best", sweep: m.sweep, step: m.step, output: m.output });
}

function deployTask(d: IrDeploy, taskName: string, ctx: PipelineContext, args: Record<string, unknown>): Record<string, unknown> {
  if (d.approval) {
    const depends = dependsOn([ctx.names.approval(d.name)]);
    return { name: taskName, template: taskName, ...(depends !== undefined ? { depends } : {}), arguments: args };
  }
  return { name: taskName, template: taskName, ...deployEntry(d, ctx), arguments: args };
}

/**
 * `depends` and `when` of a deploy's first task (its approval, or the deploy): its needs, `after
 * not` gates skipped, and no pull request's run (`control-flow.ts`).
 */
function deployEntry(d: IrDeploy, ctx: PipelineContext): Record<string, unknown> {
  const depends = dependsOn(d.needs.map((n) => ctx.names.node(n)), new Set((d.afterNot ?? []).map((g) => ctx.names.gate(g))));
  return { ...(depends !== undefined ? { depends } : {}), ...(hasPullRequestTrigger(ctx) ? { when: notOnPullRequest() } : {}) };
}

/** The suspend template and task that wait for approval of `d`. */
export function approvalTemplate(d: IrDeploy, ctx: PipelineContext): TemplateAndTask {
  const taskName = ctx.names.approval(d.name);
  return {
    template: { name: taskName, suspend: {} },
    task: { name: taskName, template: taskName, ...deployEntry(d, ctx) },
  };
}

/** Where `deployed(env)` reads from: the InferenceService annotation or the record ConfigMap. */
export type DeployRecord =
  | { readonly kind: "kserve"; readonly target: KserveTarget }
  | { readonly kind: "configmap"; readonly name: string; readonly namespace?: string };

/** The template and task that read what is deployed in `env`. */
export function lookupTemplate(env: string, record: DeployRecord, ctx: PipelineContext): TemplateAndTask {
  const taskName = ctx.names.lookup(env);
  const out = "/tmp/mlp-deployed.json";
  const get =
    record.kind === "kserve"
      ? `kubectl get inferenceservices.serving.kserve.io ${record.target.name}${record.target.namespace !== undefined ? ` -n ${record.target.namespace}` : ""} --ignore-not-found -o 'jsonpath={.metadata.annotations.mlp\\.dev/metrics}'`
      : `kubectl get configmap ${record.name}${record.namespace !== undefined ? ` -n ${record.namespace}` : ""} --ignore-not-found -o 'jsonpath={.data.metrics}'`;
  const script = ["set -e", `${get} > ${out}`, `if [ ! -s ${out} ]; then printf '{}' > ${out}; fi`].join("\n") + "\n";
  return {
    template: {
      name: taskName,
      outputs: { parameters: [{ name: "metrics", valueFrom: { path: out } }] },
      container: buildContainer({ image: ctx.options.kubectlImage, script, env: [] }),
    },
    task: { name: taskName, template: taskName },
  };
}
