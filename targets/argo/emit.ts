/**
 * IR -> Argo Workflows documents. One pipeline becomes a `Workflow` with a DAG template, or,
 * when it has a `schedule`, a `WorkflowTemplate` plus a `CronWorkflow` that runs it. Pure and
 * deterministic: same IR and options, same bytes.
 */
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { IrParam, IrPipeline, IrTrigger, IrValue } from "../../src/ir/ir.js";
import type { ValidIr, ValidPipeline } from "../../src/ir/validate.js";
import { pipelineView } from "../../src/ir/view.js";
import type { Span } from "../../src/source/span.js";
import type { EmitResult, EmittedFile, TargetContext } from "../../src/target/target.js";
import { IMAGE_REFERENCE_HELP } from "../../src/target/image-reference.js";
import { isImageReference, isExtendedResourceName, isPlainAbsolutePath, parseStoreUri, posixJoin } from "./checks.js";
import { cronProblem, isKnownTimeZone } from "./cron.js";
import { checkDeployName } from "./deploy-names.js";
import { ARGO_DEPLOY_SUPPORT } from "./deploy-support.js";
import { unsupportedDeploy } from "../../src/target/deploy-support.js";
import { processTextDiagnostics } from "../../src/target/process-text.js";
import { approvalTemplate, commandDeploy, kserveDeploy, kserveTarget, lookupTemplate, recordDeploy, recordName, type DeployRecord, type KserveTarget } from "./deploy-template.js";
import { deployedEnvs, exprTag, mainExprScope, printExpr, type ExprScope } from "./expr.js";
import {
  dns1123LabelProblem,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  kubeName,
  MAX_CRON_WORKFLOW_NAME,
  MAX_GENERATE_NAME_PREFIX,
  MAX_WORKFLOW_NAME,
} from "./names.js";
import { readOptions, type ArgoOptions } from "./options.js";
import { containerPath, dependsOn, modelKey, type PipelineContext, type StoredModel } from "./pipeline-context.js";
import { Reporter } from "./report.js";
import { hasArgoTag } from "./safe-text.js";
import { checkObjectSize } from "./size.js";
import { printYaml } from "../../src/target/yaml-printer.js";
import { stepTemplate, valueText } from "./step-template.js";
import { assignTaskNames, DAG_TEMPLATE, GATE_TEMPLATE } from "./task-names.js";
import { bestModelKey } from "./sweep-layout.js";
import { sweepTemplates } from "./sweep-template.js";
import { checkComputedOptions } from "./deploy-options.js";
import { modelLookup, modelLookupName, modelSources } from "./deployed-model.js";
import { assertTask, assertTemplate, FINALLY_TEMPLATE, hasPullRequestTrigger, notHeldTask, notHeldTemplate, PULL_REQUEST_PARAMETER } from "./control-flow.js";

const API_VERSION = "argoproj.io/v1alpha1";

/** Compiles every pipeline of `ir` to Argo documents. */
export function emitArgo(ir: ValidIr, ctx: TargetContext): EmitResult {
  const reporter = new Reporter();
  const files: EmittedFile[] = [];
  for (const p of ir.pipelines) {
    const nul = processTextDiagnostics(p, "Argo");
    if (nul.length > 0) reporter.diagnostics.push(...nul);
    else files.push(...emitPipeline(ir, p, ctx, reporter));
  }
  return { files, diagnostics: sortStable(reporter.diagnostics) };
}

function sortStable(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.span.file.localeCompare(b.d.span.file) || a.d.span.start.offset - b.d.span.start.offset || a.i - b.i)
    .map((x) => x.d);
}

function emitPipeline(ir: ValidIr, p: ValidPipeline, tctx: TargetContext, reporter: Reporter): EmittedFile[] {
  const options = readOptions(tctx.optionsFor(p), tctx.mlpVersion);
  const optionsSpan = p.targets.argo?.origin ?? p.origin;
  checkOptions(options, optionsSpan, reporter);

  const wfName = pipelineName(p, reporter);
  if (p.schedule !== undefined) {
    const problem = cronProblem(p.schedule.cron);
    if (problem !== undefined) {
      reporter.error("MLP5204", `schedule \`${p.schedule.cron}\` is not accepted by an Argo CronWorkflow: ${problem}`, p.schedule.origin, {
        label: "this schedule",
        notes: ["Argo parses schedules with robfig/cron: five fields, day of week 0-6 (Sunday is 0), no `L`, `W` or `#`"],
        help: ["write a standard five-field schedule, such as `0 3 * * 0` for Sundays at 03:00"],
      });
    }
  }
  for (const t of p.triggers) reportTrigger(t, p.deploys.length > 0, reporter);

  // `deployed(env)` lookups: read back from the InferenceService a kserve deploy writes.
  const kserve = new Map<string, KserveTarget>();
  const lookupEnvs = new Set<string>();
  const lookupSpans = new Map<string, Span>();
  const noteLookup = (env: string, span: Span): void => {
    lookupEnvs.add(env);
    if (!lookupSpans.has(env)) lookupSpans.set(env, span);
  };
  for (const g of p.gates) for (const c of g.conditions) for (const env of deployedEnvs(c.expr)) noteLookup(env, c.origin);
  for (const s of p.steps) for (const i of s.inputs) if (i.binding.kind === "expr") for (const env of deployedEnvs(i.binding.expr)) noteLookup(env, s.origin);

  const view = pipelineView(p);
  const names = assignTaskNames(view, lookupEnvs, reporter);
  const exprScope: ExprScope = mainExprScope(names);
  const store = parseStoreUri(options.artifactStoreUri);
  const storedModels = new Map<string, StoredModel>();
  const partial: PipelineContext = {
    pipeline: p,
    view,
    schemas: ir.schemas,
    options,
    pipelineDir: containerPath({ pipelineDir: options.sourceDir }, ir.root),
    names,
    reporter,
    storedModels,
    ...(store !== undefined ? { store } : {}),
    secretName: options.secretName ?? `${wfName}-secrets`,
    exprScope,
  };
  const records = new Map<string, DeployRecord>();
  // Refused deploys (MLP5207, reported where the deploy's templates are built) get no record.
  const refusals = new Map(p.deploys.map((d) => [d.name, unsupportedDeploy("Argo", ARGO_DEPLOY_SUPPORT, d)]));
  // Deploys with an option Argo cannot compute (MLP5218, reported once here): no record, no templates.
  const computedRefused = new Set<string>();
  for (const d of p.deploys) {
    if (refusals.get(d.name)!.length > 0) continue;
    if (!checkComputedOptions(d, partial)) {
      refusals.set(d.name, []);
      computedRefused.add(d.name);
      continue;
    }
    if (d.to.kind === "kserve") {
      const target = kserveTarget(d, d.to.options, partial);
      if (target !== undefined) {
        kserve.set(d.name, target);
        records.set(d.name, { kind: "kserve", target });
      }
    } else if (d.to.kind === "local" || d.to.kind === "command") {
      records.set(d.name, { kind: "configmap", name: recordName(partial, d.name), ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) });
    } else continue;
    if (store !== undefined) {
      const m = d.model;
      // a sweep's model is the fan-in's copy of the best point's output
      const key = m.sweep === undefined ? posixJoin(store.prefix, "{{workflow.name}}", names.step(m.step), m.output) : bestModelKey(store.prefix, names.node(m.sweep), m.step, m.output);
      storedModels.set(modelKey(m.step, m.output, m.sweep), { scheme: store.scheme, key, uri: `${store.scheme}://${store.bucket}/${key}` });
    }
  }
  // `deployed(ENV, from: PIPELINE)`: that pipeline's record, found in this document or named by convention.
  for (const key of lookupEnvs) {
    const dot = key.indexOf(".");
    if (dot < 0) continue;
    const record = foreignRecord(ir, key.slice(0, dot), key.slice(dot + 1), p.name, records, options.namespace);
    if (record !== undefined) records.set(key, record);
  }
  for (const env of [...lookupEnvs].sort()) {
    if (!records.has(env)) {
      const d = view.deploy(env);
      reporter.error("MLP5214", `\`deployed(${env})\` has nothing to read on Argo`, lookupSpans.get(env) ?? p.origin, {
        label: "this lookup",
        notes: [
          d === undefined
            ? `pipeline \`${p.name}\` has no deploy \`${env}\``
            : `deploy \`${env}\` is \`to ${d.to.kind}\`, which records nothing the workflow can read back`,
        ],
        help: [`deploy \`${env}\` \`to kserve\`, \`to local\` or \`to command\` in this pipeline, or compare against a param instead`],
      });
    }
  }

  const templates: Record<string, unknown>[] = [];
  const tasks: Record<string, unknown>[] = [];
  for (const env of [...lookupEnvs].sort()) {
    const record = records.get(env);
    if (record === undefined) continue;
    const tt = lookupTemplate(env, record, partial);
    templates.push(tt.template);
    tasks.push(tt.task);
  }
  for (const src of modelSources(p)) {
    const tt = modelLookup(src, modelLookupName(src), ir, partial);
    templates.push(tt.template);
    tasks.push(tt.task);
  }
  let usesGate = false;
  let usesNotHeld = false;
  let usesAssert = false;
  // `finally` steps: the exit handler's DAG, with the lookups they read.
  const finallyTasks: Record<string, unknown>[] = [];
  for (const node of view.nodes) {
    // A sweep's members are built with the sweep, in its point DAG.
    if (view.sweepOf(node.name) !== undefined) continue;
    if (node.kind === "sweep") {
      const built = sweepTemplates(node.sweep, partial);
      if (built === undefined) continue;
      templates.push(...built.templates);
      tasks.push(...built.tasks);
      usesGate ||= built.usesGate;
    } else if (node.kind === "step") {
      const tt = stepTemplate(node.step, partial);
      templates.push(tt.template);
      if (node.step.finally === true) finallyTasks.push(tt.task);
      else tasks.push(tt.task);
    } else if (node.kind === "gate") {
      const g = node.gate;
      const lookups = new Set<string>();
      for (const c of g.conditions) for (const env of deployedEnvs(c.expr)) lookups.add(names.lookup(env));
      const depends = dependsOn([...g.needs.map((n) => names.node(n)), ...[...lookups].sort()]);
      if (g.assert === true) {
        usesAssert = true;
        tasks.push(assertTask(g, names.gate(g.name), depends, exprScope));
        continue;
      }
      usesGate = true;
      const condition = g.conditions.map((c) => printExpr(c.expr, exprScope)).join(" and ");
      tasks.push({
        name: names.gate(g.name),
        template: GATE_TEMPLATE,
        ...(depends !== undefined ? { depends } : {}),
        ...(condition.length > 0 ? { when: exprTag(condition) } : {}),
      });
      // A gate without conditions always holds: nothing to report.
      if (condition.length > 0) tasks.push(notHeldTask(g, names.notHeld(g.name), depends, exprScope));
      usesNotHeld ||= condition.length > 0;
    } else if (node.kind === "deploy") {
      const d = node.deploy;
      if (!checkDeployName(d, partial) || computedRefused.has(d.name)) continue;
      const refused = refusals.get(d.name) ?? [];
      for (const r of refused) reporter.error("MLP5207", r.message, d.origin, { label: "this deploy", notes: [...r.notes], help: [...r.help] });
      if (refused.length > 0) continue;
      const built: { template: Record<string, unknown>; task: Record<string, unknown> }[] = [];
      if ((d.secrets ?? []).length > 0 && (d.to.kind === "kserve" || d.to.kind === "local")) {
        reporter.report("MLP5217", "warning", `deploy \`${d.name}\` lists secrets, but on Argo a \`to ${d.to.kind}\` deploy runs no container that could receive them`, d.origin, {
          label: "this deploy",
          notes: ["Argo applies the deploy's Kubernetes object itself (a `resource` template): no command of yours runs, so the secrets are not passed"],
          help: ["remove `secrets [..]` from the deploy, or deploy `to command { command: \"…\" }` to run a command that reads them"],
        });
      }
      if (d.to.kind === "kserve") {
        const target = kserve.get(d.name);
        if (target === undefined) continue;
        if (store === undefined && target.storageUri === undefined) continue; // reported by checkOptions
        built.push(kserveDeploy(d, target, partial));
      } else if (d.to.kind === "local") {
        reporter.report("MLP5216", "info", `deploy \`${d.name}\` (\`to local\`) only records the model on Argo; nothing is served`, d.origin, {
          label: "this deploy",
          notes: [`the model's URI and metrics go to the ConfigMap \`${recordName(partial, d.name)}\`, which \`deployed(${d.name})\` reads`],
          help: ["deploy `to kserve { … }` to serve the model, or `to command { command: \"…\" }` to run your own deployment"],
        });
        built.push(recordDeploy(d, names.deploy(d.name), undefined, partial));
      } else {
        built.push(commandDeploy(d, d.to.options, partial), recordDeploy(d, names.record(d.name), names.deploy(d.name), partial));
      }
      if (d.approval) {
        const a = approvalTemplate(d, partial);
        templates.push(a.template);
        tasks.push(a.task);
      }
      for (const b of built) {
        templates.push(b.template);
        tasks.push(b.task);
      }
    }
  }
  if (usesGate) templates.push({ name: GATE_TEMPLATE, suspend: { duration: "0" } });
  // gates inside sweeps report from their point's DAG
  usesNotHeld ||= p.gates.some((g) => g.sweep !== undefined && g.assert !== true && g.conditions.length > 0 && view.sweep(g.sweep) !== undefined);
  if (usesNotHeld) templates.push(notHeldTemplate(partial));
  if (usesAssert) templates.push(assertTemplate(partial));
  if (finallyTasks.length > 0) {
    const lookupsRead = new Set(finallyTasks.flatMap((t) => String(t.depends ?? "").split(" && ").filter((d) => d.length > 0).map((d) => d.replace(/\.Succeeded$/, ""))));
    const exitTasks = [...tasks.filter((t) => lookupsRead.has(String(t.name))), ...finallyTasks];
    templates.push({ name: FINALLY_TEMPLATE, dag: { tasks: exitTasks } });
  }

  // Parameters: values Argo would scan for tags (`{{`) come from a ConfigMap instead.
  const configMapName = `${wfName}-params`;
  const configData: Record<string, string> = {};
  const parameters = p.params.map((param) => argumentParameter(param, configMapName, configData));
  if (hasPullRequestTrigger(partial) && p.deploys.length > 0) {
    parameters.push({ name: PULL_REQUEST_PARAMETER, value: "false", description: "true for a pull request's run: deploys are skipped", enum: ["true", "false"] });
  }

  const labels = { "app.kubernetes.io/managed-by": "mlp", "mlp.dev/pipeline": wfName };
  const annotations: Record<string, string> = {
    ...(p.description !== undefined ? { "workflows.argoproj.io/description": p.description } : {}),
    "mlp.dev/source": ir.source,
  };
  const namespace = options.namespace !== undefined ? { namespace: options.namespace } : {};
  const spec: Record<string, unknown> = {
    entrypoint: DAG_TEMPLATE,
    ...(finallyTasks.length > 0 ? { onExit: FINALLY_TEMPLATE } : {}),
    ...(options.serviceAccount !== undefined ? { serviceAccountName: options.serviceAccount } : {}),
    ...(parameters.length > 0 ? { arguments: { parameters } } : {}),
    ...(options.ttlSeconds !== undefined ? { ttlStrategy: { secondsAfterCompletion: options.ttlSeconds } } : {}),
    templates: [{ name: DAG_TEMPLATE, dag: { tasks } }, ...templates],
  };

  const header = `# generated by mlp from ${printablePath(ir.source)} - do not edit\n`;
  const out: EmittedFile[] = [];
  if (p.schedule === undefined) {
    const workflow = { apiVersion: API_VERSION, kind: "Workflow", metadata: { generateName: `${wfName}-`, ...namespace, labels, annotations }, spec };
    if (!checkObjectSize("Workflow", wfName, workflow, p.origin, reporter)) return [];
    out.push({ path: `${wfName}.workflow.yaml`, contents: header + printYaml(workflow) });
  } else {
    const template = { apiVersion: API_VERSION, kind: "WorkflowTemplate", metadata: { name: wfName, ...namespace, labels, annotations }, spec };
    if (!checkObjectSize("WorkflowTemplate", wfName, template, p.origin, reporter)) return [];
    out.push({ path: `${wfName}.workflow-template.yaml`, contents: header + printYaml(template) });
    const cron = {
      apiVersion: API_VERSION,
      kind: "CronWorkflow",
      metadata: { name: wfName, ...namespace, labels, annotations },
      spec: {
        schedules: [p.schedule.cron],
        ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
        concurrencyPolicy: options.concurrencyPolicy,
        workflowMetadata: { labels },
        workflowSpec: { workflowTemplateRef: { name: wfName } },
      },
    };
    out.push({ path: `${wfName}.cron-workflow.yaml`, contents: header + printYaml(cron) });
  }
  if (Object.keys(configData).length > 0) {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: configMapName, ...namespace, labels }, data: configData };
    out.push({ path: `${wfName}.params.yaml`, contents: header + printYaml(cm) });
  }
  return out;
}

/** A path for a YAML comment: printable, one line (YAML 1.1 also breaks lines at NEL, LS, PS). */
function printablePath(p: string): string {
  return /^[\x20-\x7e]*$/.test(p) ? p : JSON.stringify(p).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function defaultText(v: IrValue): string {
  return valueText(v);
}

function argumentParameter(param: IrParam, configMap: string, configData: Record<string, string>): Record<string, unknown> {
  const description = param.type.kind;
  const base: Record<string, unknown> = { name: param.name };
  if (param.default === undefined) {
    // an optional param may be left empty (`""`: absent, for `??`); Argo requires every other one at submission
    const optional = "optional" in param.type && param.type.optional === true;
    const choices = param.type.kind === "bool" ? { enum: optional ? ["", "true", "false"] : ["true", "false"] } : {};
    return { ...base, ...(optional ? { value: "" } : {}), description, ...choices };
  }
  const value = defaultText(param.default);
  if (hasArgoTag(value)) {
    // Argo substitutes tags in `spec.arguments`; a ConfigMap value is read as data.
    configData[param.name] = value;
    return { ...base, valueFrom: { configMapKeyRef: { name: configMap, key: param.name } }, description };
  }
  return { ...base, value, description, ...(param.type.kind === "bool" ? { enum: ["true", "false"] } : {}) };
}

function pipelineName(p: IrPipeline, reporter: Reporter): string {
  const name = kubeName(p.name);
  const problem = dns1123LabelProblem(name, 253);
  if (problem !== undefined) {
    reporter.error("MLP5201", `pipeline \`${p.name}\` cannot name an Argo workflow`, p.origin, {
      label: "this name",
      notes: [`it becomes \`${name}\`, and ${problem}`],
      help: ["rename the pipeline so it starts and ends with a letter or digit"],
    });
    return name;
  }
  const scheduled = p.schedule !== undefined;
  const max = scheduled ? MAX_CRON_WORKFLOW_NAME : MAX_WORKFLOW_NAME;
  if (name.length > max) {
    reporter.error("MLP5203", `pipeline name \`${name}\` is ${name.length} characters long; ${scheduled ? "an Argo CronWorkflow" : "an Argo workflow label"} allows ${max}`, p.origin, {
      label: "this name",
      notes: scheduled
        ? ["Argo appends `-<unix time>` (11 characters) to the CronWorkflow's name for each run, which must stay within 63"]
        : ["the name is also the value of the `mlp.dev/pipeline` label, at most 63 characters"],
      help: [`shorten the pipeline name to at most ${max} characters`],
    });
  } else if (!scheduled && name.length + 1 > MAX_GENERATE_NAME_PREFIX) {
    reporter.report("MLP5212", "warning", `workflow names made from \`${name}-\` are cut to ${MAX_GENERATE_NAME_PREFIX} characters before the random suffix`, p.origin, {
      label: "this name",
      notes: ["Kubernetes keeps at most 58 characters of a `generateName` prefix"],
      help: [`shorten the pipeline name to at most ${MAX_GENERATE_NAME_PREFIX - 1} characters`],
    });
  }
  if (name.length <= max && !isLabelValue(name)) {
    reporter.error("MLP5203", `pipeline name \`${name}\` is not a valid Kubernetes label value`, p.origin, { label: "this name" });
  }
  return name;
}

function checkOptions(o: ArgoOptions, span: Span, reporter: Reporter): void {
  const bad = (option: string, value: string, why: string, help: string): void => {
    reporter.error("MLP5206", `option \`${option}\` of \`target argo\` is \`${value}\`, ${why}`, span, { label: "in this block", help: [help] });
  };
  if (o.namespace !== undefined && !isDns1123Label(o.namespace)) {
    bad("namespace", o.namespace, "not a DNS-1123 label", "use lower-case letters, digits and `-`, at most 63 characters, such as `ml-team`");
  }
  if (o.serviceAccount !== undefined && !isDns1123Subdomain(o.serviceAccount)) {
    bad("service_account", o.serviceAccount, "not a Kubernetes object name", "use lower-case letters, digits, `-` and `.`");
  }
  if (o.secretName !== undefined && !isDns1123Subdomain(o.secretName)) {
    bad("secret_name", o.secretName, "not a Kubernetes object name", "use lower-case letters, digits, `-` and `.`");
  }
  for (const [key, image] of [["mlp_image", o.mlpImage], ["default_image", o.defaultImage], ["kubectl_image", o.kubectlImage]] as const) {
    if (!isImageReference(image)) bad(key, image, "not a valid container image reference", IMAGE_REFERENCE_HELP);
  }
  if (!isPlainAbsolutePath(o.sourceDir)) bad("source_dir", o.sourceDir, "not a plain absolute path", "use an absolute path such as `/workspace`");
  if (o.sourceRepo !== undefined && (hasArgoTag(o.sourceRepo) || /\s/.test(o.sourceRepo) || o.sourceRepo.length === 0)) {
    bad("source_repo", o.sourceRepo, "not a usable git URL", "write a git URL such as `https://github.com/org/repo.git`");
  }
  if (hasArgoTag(o.sourceRevision) || /\s/.test(o.sourceRevision) || o.sourceRevision.length === 0) {
    bad("source_revision", o.sourceRevision, "not a usable git revision", "write a branch, tag or commit");
  }
  if (parseStoreUri(o.artifactStoreUri) === undefined) {
    bad("artifact_store_uri", o.artifactStoreUri, "not an `s3://bucket/prefix` or `gs://bucket/prefix` URI", "name the bucket of the controller's artifact repository, such as `s3://my-artifacts/mlp`");
  }
  if (!isExtendedResourceName(o.gpuResource)) bad("gpu_resource", o.gpuResource, "not an extended resource name", "use a name such as `nvidia.com/gpu` or `amd.com/gpu`");
  if (o.timezone !== undefined && !isKnownTimeZone(o.timezone)) bad("timezone", o.timezone, "not an IANA time zone", "use a name such as `Europe/Paris` or `UTC`");
}

/** MLP5205: triggers are Argo Events' business; what to deploy for each kind. */
function reportTrigger(t: IrTrigger, hasDeploys: boolean, reporter: Reporter): void {
  const what = t.kind === "change" ? `\`trigger on change(${t.dataset})\`` : t.kind === "push" ? "`trigger on push(…)`" : "`trigger on pull_request(…)`";
  const help =
    t.kind === "change"
      ? "deploy an Argo Events EventSource for the data location (e.g. `minio`/`s3` bucket notifications) and a Sensor whose trigger submits this workflow"
      : t.kind === "push"
        ? "deploy an Argo Events `github` EventSource and a Sensor whose trigger submits this workflow"
        : `deploy an Argo Events \`github\` EventSource for \`pull_request\` events and a Sensor whose trigger submits this workflow with the argument \`${PULL_REQUEST_PARAMETER}=true\``;
  const notes = ["Argo Workflows starts runs on a schedule or on request; events come from Argo Events"];
  if (t.kind === "pull_request" && hasDeploys) {
    notes.push(`a run submitted with \`${PULL_REQUEST_PARAMETER}=true\` skips every deploy and approval (model CI never ships); any other run deploys`);
  }
  reporter.report("MLP5205", "info", `${what} is not part of the emitted Argo documents`, t.origin, { label: "this trigger", notes, help: [help] });
}

/**
 * Where `deployed(env, from: pipeline)` reads: this pipeline's own record, the InferenceService of
 * a `to kserve` deploy the document shows, else the ConfigMap `mlp-<pipeline>-<env>` every `to
 * local`/`to command` deploy writes (so a pipeline compiled from another file is read the same way).
 */
function foreignRecord(ir: ValidIr, pipeline: string, env: string, self: string, own: ReadonlyMap<string, DeployRecord>, namespace: string | undefined): DeployRecord | undefined {
  if (pipeline === self) return own.get(env);
  const d = ir.pipelines.find((x) => x.name === pipeline)?.deploys.find((x) => x.name === env);
  if (d?.to.kind === "kserve") {
    const ns = d.to.options.namespace ?? namespace;
    // checked like this pipeline's own kserve deploys: the names go into a kubectl command line
    if (!isDns1123Label(d.to.options.name) || (ns !== undefined && !isDns1123Label(ns))) return undefined;
    return { kind: "kserve", target: { name: d.to.options.name, format: "", ...(ns !== undefined ? { namespace: ns } : {}) } };
  }
  return { kind: "configmap", name: `mlp-${kubeName(pipeline)}-${kubeName(env)}`, ...(namespace !== undefined ? { namespace } : {}) };
}
