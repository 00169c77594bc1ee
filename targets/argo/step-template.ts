/**
 * A step (or a `std.*` built-in) as a container template and its DAG task: inputs from other
 * steps arrive as artifacts, datasets as paths in the project checkout or as artifacts, values
 * (params, expressions) as typed task arguments exposed to the shell as `MLP_IN_<name>`, and
 * metrics leave as the `metrics` output parameter (`valueFrom.path`).
 */
import { IMAGE_REFERENCE_HELP } from "../../src/target/image-reference.js";
import type { IrInput, IrStep, IrValue } from "../../src/ir/ir.js";
import { isQuantity, isImageReference } from "./checks.js";
import { buildContainer, type EnvVar, SCRIPT_ENV } from "./container.js";
import { deployedEnvs, exprTag, printExpr, printValue } from "./expr.js";
import { runStatusExpr, STATUS_PARAMETER } from "./control-flow.js";
import { deployedInput } from "./deployed-model.js";
import { mainDagScope, type DagScope } from "./dag-scope.js";
import { ENTRY_PARAMETER, METRICS_ARTIFACT } from "./sweep-layout.js";
import { isSecretKey } from "./names.js";
import { containerPath, dependsOn, modelKey, PATHS, type PipelineContext } from "./pipeline-context.js";
import { decodeVariable, hasArgoTag, shellQuote } from "./safe-text.js";

/** A template and the DAG task that runs it. */
export interface TemplateAndTask {
  readonly template: Record<string, unknown>;
  readonly task: Record<string, unknown>;
}

/** How each placeholder of the step is written in its shell script. */
type Words = Map<string, string>;

/**
 * Builds the template and task of `step`; `scope` says how its task reaches what it reads (the main
 * DAG, or a sweep's point DAG for a member).
 */
export function stepTemplate(step: IrStep, ctx: PipelineContext, scope: DagScope = mainDagScope(ctx.names)): TemplateAndTask {
  const { options, names, reporter } = ctx;
  const taskName = names.step(step.name);
  const inputArtifacts: Record<string, unknown>[] = [];
  const argArtifacts: Record<string, unknown>[] = [];
  const inputParams: Record<string, unknown>[] = [];
  const argParams: Record<string, unknown>[] = [];
  const env: EnvVar[] = [];
  const prelude: string[] = ["set -e", `mkdir -p ${PATHS.outputDir} ${PATHS.workdir}`];
  const words: Words = new Map();
  const lookups: string[] = [];
  const modelLookups: string[] = [];

  for (const input of step.inputs) {
    const word = inputWord(step, input, ctx, scope, { inputArtifacts, argArtifacts, inputParams, argParams, env, prelude, lookups, modelLookups });
    words.set(`input:${input.name}`, word);
  }
  for (const out of step.outputs) words.set(`output:${out.name}`, PATHS.output(out.name));
  words.set("builtin:metrics", PATHS.metrics);
  words.set("builtin:workdir", PATHS.workdir);
  words.set("builtin:run_id", `"$MLP_RUN_ID"`);
  if (step.run?.parts.some((part) => part.kind === "builtin" && part.name === "run_id") === true) {
    env.push({ name: "MLP_RUN_ID", value: "{{workflow.name}}" });
  }
  // `${status}` (a `finally` step, in the exit handler): one of four words, computed by Argo.
  words.set("builtin:status", `"$MLP_STATUS"`);
  if (step.run?.parts.some((part) => part.kind === "builtin" && part.name === "status") === true) {
    inputParams.push({ name: STATUS_PARAMETER });
    argParams.push({ name: STATUS_PARAMETER, value: exprTag(runStatusExpr()) });
    env.push({ name: "MLP_STATUS", value: `{{inputs.parameters.${STATUS_PARAMETER}}}` });
  }

  // Environment: plain values stay in `env`; a value Argo would read as a tag moves into the script.
  for (const key of Object.keys(step.env).sort()) {
    const value = step.env[key]!;
    if (!checkEnvName(key, step, ctx, "environment variable")) continue;
    if (hasArgoTag(value)) prelude.push(`${key}=${shellQuote(value)}; export ${key}`);
    else env.push({ name: key, value });
  }
  env.push(...secretEnv(step.secrets, step, ctx, "step"));

  const workingDir = containerPath(ctx, step.workingDir);
  let containerDir: string | undefined = workingDir;
  if (hasArgoTag(workingDir)) {
    prelude.push(`cd -- ${shellQuote(workingDir)}`);
    containerDir = undefined;
  }

  let body: string;
  if (step.builtin !== undefined) {
    const argv = ["mlp", "std", step.builtin];
    for (const input of step.inputs) argv.push(`--${input.name}`, words.get(`input:${input.name}`)!);
    for (const out of step.outputs) argv.push(`--${out.name}`, PATHS.output(out.name));
    argv.push("--metrics", PATHS.metrics);
    // Table schemas tell `mlp std` the columns, so per-column metrics match the IR's.
    for (const input of step.inputs) {
      const schema = input.type.kind === "Table" && input.type.schema !== undefined ? ctx.schemas[input.type.schema] : undefined;
      if (schema === undefined || schema.columns.length === 0) continue;
      argv.push("--schema", shellQuote(`${input.name}=${schema.columns.map((c) => `${c.name}:${c.type}`).join(",")}`));
    }
    body = `exec ${argv.join(" ")}`;
  } else if (step.run !== undefined) {
    body = step.run.parts
      .map((part) => (part.kind === "text" ? part.text : words.get(`${part.kind}:${part.name}`) ?? ""))
      .join("");
  } else {
    body = "true";
  }
  const script = [...prelude, body].join("\n") + "\n";

  const image = step.builtin !== undefined ? options.mlpImage : (step.image ?? options.defaultImage);
  if (step.image !== undefined && step.builtin === undefined) checkImage(step.image, step, ctx);

  const resources = stepResources(step, ctx);
  if (options.sourceRepo !== undefined) {
    inputArtifacts.push({ name: "mlp-source", path: options.sourceDir, git: { repo: options.sourceRepo, revision: options.sourceRevision } });
  }

  const member = scope.member;
  const keyed = (name: string, path: string, key: string, scheme: "s3" | "gs"): Record<string, unknown> => ({
    name,
    path,
    archive: { none: {} },
    ...(scheme === "s3" ? { s3: { key } } : { gcs: { key } }),
  });
  const scheme = ctx.store?.scheme ?? "s3";
  const outputArtifacts = step.outputs.map((out) => {
    // A member's outputs that the fan-in reads go to the point's keys; a deployed model to its own.
    const pointKey = member?.outputKey(step.name, out.name);
    if (pointKey !== undefined) return keyed(out.name, PATHS.output(out.name), pointKey, scheme);
    const stored = member === undefined ? ctx.storedModels.get(modelKey(step.name, out.name)) : undefined;
    if (stored === undefined) return { name: out.name, path: PATHS.output(out.name) };
    return keyed(out.name, PATHS.output(out.name), stored.key, stored.scheme);
  });
  if (member !== undefined && step.metrics.length > 0) outputArtifacts.push(keyed(METRICS_ARTIFACT, PATHS.metrics, member.metricsKey(step.name), scheme));
  if (member !== undefined && outputArtifacts.some((a) => "archive" in a)) {
    inputParams.push({ name: ENTRY_PARAMETER });
    argParams.push({ name: ENTRY_PARAMETER, value: member.entryArgument });
  }
  const outputs: Record<string, unknown> = {
    ...(step.metrics.length > 0 ? { parameters: [{ name: "metrics", valueFrom: { path: PATHS.metrics } }] } : {}),
    ...(outputArtifacts.length > 0 ? { artifacts: outputArtifacts } : {}),
  };
  const inputs: Record<string, unknown> = {
    ...(inputParams.length > 0 ? { parameters: inputParams } : {}),
    ...(inputArtifacts.length > 0 ? { artifacts: inputArtifacts } : {}),
  };

  const template: Record<string, unknown> = {
    name: taskName,
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
    container: buildContainer({
      image,
      script,
      env,
      ...(containerDir !== undefined ? { workingDir: containerDir } : {}),
      ...(resources !== undefined ? { resources } : {}),
    }),
    ...(step.retry > 0 ? { retryStrategy: { limit: String(step.retry) } } : {}),
    ...(step.timeoutSeconds !== undefined && step.timeoutSeconds > 0
      ? { activeDeadlineSeconds: String(Math.ceil(step.timeoutSeconds)) }
      : {}),
  };
  const depends = dependsOn([...scope.depends(step.needs, lookups), ...modelLookups], new Set((step.afterNot ?? []).map((g) => names.gate(g))));
  const task: Record<string, unknown> = {
    name: taskName,
    template: taskName,
    ...(depends !== undefined ? { depends } : {}),
    ...(argParams.length > 0 || argArtifacts.length > 0
      ? {
          arguments: {
            ...(argParams.length > 0 ? { parameters: argParams } : {}),
            ...(argArtifacts.length > 0 ? { artifacts: argArtifacts } : {}),
          },
        }
      : {}),
  };
  return { template, task };
}

interface Collect {
  inputArtifacts: Record<string, unknown>[];
  argArtifacts: Record<string, unknown>[];
  inputParams: Record<string, unknown>[];
  argParams: Record<string, unknown>[];
  env: EnvVar[];
  prelude: string[];
  /** `deployed(env)` lookups the step's values read. */
  lookups: string[];
  /** Model lookup tasks (`deployed-model.ts`) the step's `deployed(…).model` inputs read. */
  modelLookups: string[];
}

/** Wires one input and returns the shell word its placeholder becomes. */
function inputWord(step: IrStep, input: IrInput, ctx: PipelineContext, scope: DagScope, c: Collect): string {
  const b = input.binding;
  switch (b.kind) {
    case "deployed": {
      if (scope.member !== undefined) {
        ctx.reporter.error("MLP5219", `step \`${step.name}\` of a sweep reads \`deployed(${b.env}).model\`, which the Argo target reads only outside sweeps`, step.origin, {
          label: "this step",
          notes: ["the lookup of the deployed model is a task of the pipeline's main DAG, which a point of the sweep cannot wait for"],
          help: ["read the deployed model in a step before the sweep and pass its output into the sweep instead"],
        });
        return PATHS.input(input.name);
      }
      const fallback = b.fallback !== undefined ? inputWord(step, { ...input, name: `${input.name}-fallback`, binding: b.fallback }, ctx, scope, c) : undefined;
      const w = deployedInput(step, input, b, ctx.pipeline.name, ctx, fallback);
      c.inputArtifacts.push(w.inputArtifact);
      c.inputParams.push(...w.inputParams);
      c.argParams.push(...w.argParams);
      c.env.push(...w.env);
      c.prelude.push(...w.prelude);
      c.modelLookups.push(w.lookupTask);
      return w.word;
    }
    case "output":
    case "best":
    case "collect": {
      // `collect` arrives as the fan-in's directory: one entry per point and `points.json`.
      c.inputArtifacts.push({ name: input.name, path: PATHS.input(input.name) });
      c.argArtifacts.push({ name: input.name, from: scope.artifactFrom(b) });
      return PATHS.input(input.name);
    }
    case "dataset": {
      const ds = ctx.view.dataset(b.dataset)!;
      const remote = remoteArtifact(ds.uri);
      if (remote === undefined) return shellQuote(containerPath(ctx, ds.uri));
      if (remote === "unsupported") {
        ctx.reporter.error("MLP5215", `dataset \`${ds.name}\` has a URI scheme Argo artifacts cannot read`, ds.origin, {
          label: "this URI",
          notes: ["Argo reads `s3://`, `gs://`, `http://` and `https://` locations as input artifacts"],
          help: ["copy the data to object storage or an HTTP server, or use a path inside the project"],
        });
        return shellQuote(ds.uri);
      }
      if (hasArgoTag(ds.uri)) {
        ctx.reporter.error("MLP5208", `the URI of dataset \`${ds.name}\` contains \`{{\`, which Argo would read as a template tag`, ds.origin, {
          label: "this URI",
          notes: ["artifact locations are read by the Argo executor itself, so the value cannot be encoded"],
          help: ["rename the object so its key has no `{{`"],
        });
        return shellQuote(ds.uri);
      }
      c.inputArtifacts.push({ name: input.name, path: PATHS.input(input.name), ...remote });
      return PATHS.input(input.name);
    }
    case "literal":
      return shellQuote(valueText(b.value));
    case "param":
    case "expr": {
      const expr = b.kind === "param" ? { kind: "param" as const, type: input.type, name: b.param } : b.expr;
      if (b.kind === "expr") c.lookups.push(...deployedEnvs(b.expr));
      const printed = printExpr(expr, scope.expr);
      const variable = `MLP_IN_${input.name}`;
      c.inputParams.push({ name: input.name });
      if (input.type.kind === "string") {
        // Any text: carried as base64 so that neither Argo nor YAML sees it.
        c.argParams.push({ name: input.name, value: `{{=sprig.b64enc(${printed})}}` });
        c.env.push({ name: `MLP_IN_B64_${input.name}`, value: `{{inputs.parameters.${input.name}}}` });
        c.prelude.push(decodeVariable(variable, `MLP_IN_B64_${input.name}`));
      } else {
        c.argParams.push({ name: input.name, value: `{{=${printValue(expr, scope.expr)}}}` });
        c.env.push({ name: variable, value: `{{inputs.parameters.${input.name}}}` });
      }
      return `"$${variable}"`;
    }
    case "over": {
      // The point's value, as the fan-out's item carries it: a string base64-encoded, anything
      // else as its text (`mlp run`'s), so neither Argo nor YAML reads a user's value.
      if (scope.member === undefined) throw new Error(`internal: \`${input.name}\` of \`${step.name}\` reads a sweep dimension outside its sweep`);
      const variable = `MLP_IN_${input.name}`;
      c.inputParams.push({ name: input.name });
      c.argParams.push({ name: input.name, value: scope.member.overArgument(b.name) });
      if (input.type.kind === "string") {
        c.env.push({ name: `MLP_IN_B64_${input.name}`, value: `{{inputs.parameters.${input.name}}}` });
        c.prelude.push(decodeVariable(variable, `MLP_IN_B64_${input.name}`));
      } else c.env.push({ name: variable, value: `{{inputs.parameters.${input.name}}}` });
      return `"$${variable}"`;
    }
  }
}

/** The text a literal stands for on a command line. */
export function valueText(v: IrValue): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** The artifact location of a remote dataset, `undefined` for a project path, or "unsupported". */
function remoteArtifact(uri: string): Record<string, unknown> | "unsupported" | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(uri);
  if (m === null) return undefined;
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? "" : rest.slice(slash + 1);
  switch (scheme) {
    case "s3":
      return { s3: { bucket, key } };
    case "gs":
      return { gcs: { bucket, key } };
    case "http":
    case "https":
      return { http: { url: uri } };
    default:
      return "unsupported";
  }
}

function stepResources(step: IrStep, ctx: PipelineContext): Record<string, unknown> | undefined {
  const r = step.resources;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpu !== undefined && r.cpu > 0) {
    requests.cpu = String(r.cpu);
    limits.cpu = String(r.cpu);
  }
  if (r.memory !== undefined) {
    // The IR allows `K` (decimal kilo), which Kubernetes spells `k`: a platform rule, not a re-check.
    if (!isQuantity(r.memory)) {
      ctx.reporter.error("MLP5208", `memory \`${r.memory}\` of step \`${step.name}\` is not a Kubernetes quantity`, step.origin, {
        label: "in this step",
        help: ["write a quantity such as `512Mi` or `4Gi`"],
      });
    } else {
      requests.memory = r.memory;
      limits.memory = r.memory;
    }
  }
  if (r.gpu !== undefined && r.gpu > 0) limits[ctx.options.gpuResource] = String(r.gpu);
  if (Object.keys(requests).length === 0 && Object.keys(limits).length === 0) return undefined;
  return {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/**
 * The environment entries of the secrets a step or deploy lists: each a key of the pipeline's
 * Kubernetes Secret (`secret_name`), so no value is ever written into the manifest.
 */
export function secretEnv(names: readonly string[], owner: { name: string; origin: IrStep["origin"] }, ctx: PipelineContext, ownerKind: "step" | "deploy"): EnvVar[] {
  const env: EnvVar[] = [];
  for (const secret of names) {
    if (!checkEnvName(secret, owner, ctx, "secret", ownerKind)) continue;
    env.push({ name: secret, valueFrom: { secretKeyRef: { name: ctx.secretName, key: secret } } });
  }
  return env;
}

/**
 * MLP5211 for names a container cannot take. The IR boundary guarantees an identifier; what is left
 * is mlp's own `MLP_` prefix and Kubernetes' 253-character limit on a Secret key.
 */
function checkEnvName(name: string, step: { name: string; origin: IrStep["origin"] }, ctx: PipelineContext, what: string, ownerKind: "step" | "deploy" = "step"): boolean {
  if (name.startsWith("MLP_") || name === SCRIPT_ENV || (what === "secret" && !isSecretKey(name))) {
    ctx.reporter.error("MLP5211", `${what} \`${name}\` of ${ownerKind} \`${step.name}\` cannot be used as an environment variable here`, step.origin, {
      label: `in this ${ownerKind}`,
      notes: ["the `MLP_` prefix is reserved for the variables mlp sets, and a Kubernetes Secret key is at most 253 characters"],
      help: ["rename it"],
    });
    return false;
  }
  return true;
}

/** MLP5213 (or MLP5208 for `{{`) when `image` cannot be used. */
export function checkImage(image: string, step: { name: string; origin: IrStep["origin"] }, ctx: PipelineContext): void {
  if (hasArgoTag(image)) {
    ctx.reporter.error("MLP5208", `the image of \`${step.name}\` contains \`{{\`, which Argo would read as a template tag`, step.origin, {
      label: "here",
      help: ["write the full image reference"],
    });
  } else if (!isImageReference(image)) {
    ctx.reporter.error("MLP5213", `image \`${image}\` of \`${step.name}\` is not a valid container image reference`, step.origin, {
      label: "here",
      notes: ["an image reference is `[registry[:port]/]name[:tag][@digest]` with a lower-case name"],
      help: [IMAGE_REFERENCE_HELP],
    });
  }
}
