/**
 * The options a `target github { … }` block may set: a JSON Schema (draft-07) the caller
 * validates before `emit`, and `resolveOptions`, which applies the documented defaults.
 */
import type { IrPipeline } from "../../src/ir/ir.js";
import { IDENTIFIER_SOURCE } from "../../src/source/identifier.js";

/** GitHub secret names: letters, digits, underscores; not starting with a digit (the same set as an mlp identifier). */
const SECRET_NAME = `^${IDENTIFIER_SOURCE}$`;

export const optionsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "mlp target github options",
  type: "object",
  additionalProperties: false,
  properties: {
    runs_on: {
      description: "Runner label (or labels) for every job. Default `ubuntu-latest`.",
      oneOf: [
        { type: "string", minLength: 1 },
        { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
      ],
      default: "ubuntu-latest",
    },
    gpu_runs_on: {
      description: "Runner label (or labels) for steps that ask for a GPU; their container gets `--gpus all`. Default: none (GPU steps run on `runs_on`, with a warning).",
      oneOf: [
        { type: "string", minLength: 1 },
        { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
      ],
    },
    workflow_file: {
      description: "File name of the emitted workflow. Default `<pipeline>.yml`.",
      type: "string",
      pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]*\\.ya?ml$",
    },
    source_dir: {
      description: "Directory of the `.mlp` file relative to the repository root. Default: the IR's `root`, which `mlp compile` works out from the nearest directory above the file holding `.git` (or `--root`).",
      type: "string",
    },
    branches: {
      description: "Branches whose pushes start the pipeline (for `trigger on push` / `on change`). Default `[\"**\"]`: every branch, no tags.",
      type: "array",
      items: { type: "string", minLength: 1 },
      minItems: 1,
    },
    mlp_version: {
      description: "Version of the mlp package that runs `std.*` steps (`npx --yes @mlp-lang/mlp@VERSION`). Default: the compiler's version.",
      type: "string",
      pattern: "^[0-9A-Za-z][0-9A-Za-z.+-]*$",
    },
    mlp_package: {
      description: "npm package name of the mlp runtime. Default `@mlp-lang/mlp`.",
      type: "string",
      pattern: "^(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$",
      default: "@mlp-lang/mlp",
    },
    mlp_image: {
      description: "Container image with `mlp` on its PATH; when set, `std.*` steps run in it instead of through `npx`. Pin it by digest with `NAME[:TAG]@sha256:<64 hex>` (MLP5119 if it is not an image reference).",
      type: "string",
      minLength: 1,
    },
    artifact_store: {
      description: "Object-store prefix (`s3://bucket/prefix` or `gs://bucket/prefix`). When set, artifacts move through it (with the `aws` or `gcloud` CLI, which step images must provide) instead of GitHub artifacts, and KServe reads models from it.",
      type: "string",
      pattern: "^(s3|gs)://[a-z0-9][a-z0-9._-]*(/.*)?$",
    },
    store_secrets: {
      description: "Repository secrets exposed (as environment variables of the same name) to the steps that move artifacts through `artifact_store` and publish models.",
      type: "array",
      items: { type: "string", pattern: SECRET_NAME },
      uniqueItems: true,
    },
    retention_days: {
      description: "Days GitHub keeps the run's artifacts (1-90). Default: the repository setting.",
      type: "integer",
      minimum: 1,
      maximum: 90,
    },
    kubeconfig_secret: {
      description: "Repository secret holding the kubeconfig that KServe deploys use. Default `KUBECONFIG`.",
      type: "string",
      pattern: SECRET_NAME,
      default: "KUBECONFIG",
    },
    dispatch_inputs: {
      description: "The most `workflow_dispatch` inputs the workflow may declare; a pipeline with more params gets one JSON input `params` instead. Default 25 (GitHub since 2025-12-04); set 10 for GitHub Enterprise Server versions and actionlint releases before 1.7.10, which still refuse more than 10.",
      type: "integer",
      minimum: 1,
      maximum: 25,
      default: 25,
    },
    concurrency: {
      description: "Run one instance of the pipeline at a time (`concurrency:` group `mlp-<pipeline>`, never cancelling a running one; GitHub keeps the newest pending run). Default `true`.",
      type: "boolean",
      default: true,
    },
  },
} as const;

/** Options after defaults. */
export interface GithubOptions {
  readonly runsOn: string | readonly string[];
  readonly runsOnIsDefault: boolean;
  readonly gpuRunsOn?: string | readonly string[];
  readonly workflowFile: string;
  readonly sourceDir?: string;
  readonly branches?: readonly string[];
  readonly mlpVersion: string;
  readonly mlpPackage: string;
  readonly mlpImage?: string;
  readonly artifactStore?: string;
  readonly storeSecrets: readonly string[];
  readonly retentionDays?: number;
  readonly kubeconfigSecret: string;
  readonly concurrency: boolean;
  readonly dispatchInputs: number;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function strOrList(v: unknown): string | readonly string[] | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

/** Applies defaults to already-validated options (defensive about types all the same). */
export function resolveOptions(raw: Readonly<Record<string, unknown>>, pipeline: IrPipeline, mlpVersion: string): GithubOptions {
  const runsOn = strOrList(raw["runs_on"]);
  const list = (v: unknown): string[] | undefined =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
  const gpu = strOrList(raw["gpu_runs_on"]);
  const sourceDir = str(raw["source_dir"]);
  const branches = list(raw["branches"]);
  const mlpImage = str(raw["mlp_image"]);
  const store = str(raw["artifact_store"]);
  const retention = raw["retention_days"];
  return {
    runsOn: runsOn ?? "ubuntu-latest",
    runsOnIsDefault: runsOn === undefined || runsOn === "ubuntu-latest",
    ...(gpu !== undefined ? { gpuRunsOn: gpu } : {}),
    workflowFile: str(raw["workflow_file"]) ?? `${pipeline.name}.yml`,
    ...(sourceDir !== undefined ? { sourceDir } : {}),
    ...(branches !== undefined ? { branches } : {}),
    mlpVersion: str(raw["mlp_version"]) ?? mlpVersion,
    mlpPackage: str(raw["mlp_package"]) ?? "@mlp-lang/mlp",
    ...(mlpImage !== undefined ? { mlpImage } : {}),
    ...(store !== undefined ? { artifactStore: store.replace(/\/+$/, "") } : {}),
    storeSecrets: list(raw["store_secrets"]) ?? [],
    ...(typeof retention === "number" ? { retentionDays: retention } : {}),
    kubeconfigSecret: str(raw["kubeconfig_secret"]) ?? "KUBECONFIG",
    concurrency: typeof raw["concurrency"] === "boolean" ? raw["concurrency"] : true,
    dispatchInputs: typeof raw["dispatch_inputs"] === "number" ? raw["dispatch_inputs"] : 25,
  };
}
