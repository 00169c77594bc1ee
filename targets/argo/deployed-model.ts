/**
 * `deployed(ENV[, from: PIPELINE]).model [?? FALLBACK]` inputs: the model artifact now live in an
 * environment, read from the record the deploy left (docs/ir.md, "Control flow").
 *
 * Every deploy's record carries the model's storage key in the artifact repository: the ConfigMap
 * `mlp-<pipeline>-<env>` (`to local`/`to command`) has `data.model_key`, an InferenceService
 * (`to kserve`) the annotation `mlp.dev/model-key`. A lookup task (`model-<pipeline>-<env>`, one per
 * environment read) writes `found` and `key`; the step reads the artifact at `key` (optional, so a
 * missing record loads nothing) and its script picks it, the fallback, or fails naming the
 * environment and the pipeline.
 */
import type { IrBinding, IrDocument, IrInput, IrStep } from "../../src/ir/ir.js";
import { buildContainer } from "./container.js";
import { exprString } from "./safe-text.js";
import { kubeName } from "./names.js";
import { PATHS, type PipelineContext } from "./pipeline-context.js";
import { shellQuote } from "./safe-text.js";

/** The annotation of an InferenceService that holds the model's storage key. */
export const MODEL_KEY_ANNOTATION = "mlp.dev/model-key";
/** The key a lookup gives when nothing is deployed: no object has it, and the artifact is optional. */
const NOTHING_DEPLOYED = "mlp-nothing-deployed";

export type DeployedBinding = Extract<IrBinding, { kind: "deployed" }>;

/** A registry entry a step reads: the pipeline that deploys and its environment. */
export interface ModelSource {
  readonly pipeline: string;
  readonly env: string;
}

/** Identity of a model source (a map key). */
export function modelSourceKey(s: ModelSource): string {
  return `${s.pipeline}\u0000${s.env}`;
}

/** The model sources the steps of pipeline `p` read, sorted. */
export function modelSources(p: { readonly name: string; readonly steps: readonly IrStep[] }): ModelSource[] {
  const out = new Map<string, ModelSource>();
  for (const s of p.steps)
    for (const i of s.inputs) {
      if (i.binding.kind !== "deployed") continue;
      const src = { pipeline: i.binding.pipeline ?? p.name, env: i.binding.env };
      out.set(modelSourceKey(src), src);
    }
  return [...out.values()].sort((a, b) => (a.pipeline === b.pipeline ? a.env.localeCompare(b.env) : a.pipeline.localeCompare(b.pipeline)));
}

/** The task name of a model lookup. */
export function modelLookupName(s: ModelSource): string {
  return `model-${kubeName(s.pipeline)}-${kubeName(s.env)}`;
}

/**
 * The `kubectl get` that prints the model's key: the deploy's InferenceService when the document
 * shows a `to kserve` deploy, else the ConfigMap record (named from the pipeline and environment,
 * so a pipeline of another document is read the same way).
 */
function recordRead(s: ModelSource, ir: IrDocument, ctx: PipelineContext): string {
  const d = ir.pipelines.find((p) => p.name === s.pipeline)?.deploys.find((x) => x.name === s.env);
  if (d?.to.kind === "kserve") {
    const ns = d.to.options.namespace ?? ctx.options.namespace;
    return `kubectl get inferenceservices.serving.kserve.io ${shellQuote(d.to.options.name)}${ns !== undefined ? ` -n ${shellQuote(ns)}` : ""} --ignore-not-found -o 'jsonpath={.metadata.annotations.mlp\\.dev/model-key}'`;
  }
  const ns = ctx.options.namespace;
  return `kubectl get configmap ${`mlp-${kubeName(s.pipeline)}-${kubeName(s.env)}`}${ns !== undefined ? ` -n ${ns}` : ""} --ignore-not-found -o 'jsonpath={.data.model_key}'`;
}

/** The template and task that read where the model live in `s` is. */
export function modelLookup(s: ModelSource, taskName: string, ir: IrDocument, ctx: PipelineContext): { template: Record<string, unknown>; task: Record<string, unknown> } {
  const script = [
    "set -e",
    `key="$(${recordRead(s, ir, ctx)})"`,
    `if [ -n "$key" ]; then found=true; else found=false; key=${NOTHING_DEPLOYED}/${kubeName(s.pipeline)}/${kubeName(s.env)}; fi`,
    `printf '%s' "$found" > /tmp/mlp-found`,
    `printf '%s' "$key" > /tmp/mlp-key`,
    `echo "deployed(${s.env}, from: ${s.pipeline}): found=$found key=$key"`,
  ].join("\n") + "\n";
  return {
    template: {
      name: taskName,
      outputs: { parameters: [{ name: "found", valueFrom: { path: "/tmp/mlp-found" } }, { name: "key", valueFrom: { path: "/tmp/mlp-key" } }] },
      container: buildContainer({ image: ctx.options.kubectlImage, script, env: [] }),
    },
    task: { name: taskName, template: taskName },
  };
}

/** What a deployed-model input adds to its step's template and task. */
export interface DeployedWiring {
  readonly inputArtifact: Record<string, unknown>;
  readonly inputParams: Record<string, unknown>[];
  readonly argParams: Record<string, unknown>[];
  readonly env: { name: string; value: string }[];
  readonly prelude: string[];
  /** The lookup task the step waits for. */
  readonly lookupTask: string;
  /** The shell word of the input. */
  readonly word: string;
}

/**
 * Wires input `input` (binding `b`) of `step`: the artifact at the looked-up key, and the choice
 * in the script. `fallbackWord` is the fallback binding's word (already wired), if any.
 */
export function deployedInput(step: IrStep, input: IrInput, b: DeployedBinding, pipeline: string, ctx: PipelineContext, fallbackWord: string | undefined): DeployedWiring {
  const source = { pipeline: b.pipeline ?? pipeline, env: b.env };
  const lookupTask = modelLookupName(source);
  const keyParam = `mlp-key-${input.name}`;
  const foundParam = `mlp-found-${input.name}`;
  const path = PATHS.input(input.name);
  const scheme = ctx.store?.scheme ?? "s3";
  const inputArtifact = { name: input.name, path, optional: true, ...(scheme === "s3" ? { s3: { key: `{{inputs.parameters.${keyParam}}}` } } : { gcs: { key: `{{inputs.parameters.${keyParam}}}` } }) };
  const variable = `MLP_IN_${input.name}`;
  const found = `MLP_FOUND_${input.name}`;
  const missing = `step \`${step.name}\`: nothing is deployed to \`${source.env}\` by pipeline \`${source.pipeline}\` (input \`${input.name}\`)`;
  const prelude =
    fallbackWord !== undefined
      ? [`if [ "$${found}" = true ]; then ${variable}=${path}; else ${variable}=${fallbackWord}; fi`]
      : [`if [ "$${found}" != true ]; then printf '%s\\n' ${shellQuote(missing)} >&2; exit 1; fi`, `${variable}=${path}`];
  return {
    inputArtifact,
    inputParams: [{ name: keyParam }, { name: foundParam }],
    argParams: [
      { name: keyParam, value: `{{=tasks[${exprString(lookupTask)}].outputs.parameters['key']}}` },
      { name: foundParam, value: `{{=tasks[${exprString(lookupTask)}].outputs.parameters['found']}}` },
    ],
    env: [{ name: found, value: `{{inputs.parameters.${foundParam}}}` }],
    prelude,
    lookupTask,
    word: `"$${variable}"`,
  };
}
