/**
 * The options a `target argo { … }` block may set: their JSON Schema (draft-07, validated by the
 * caller before `emit`) and a reader that applies the documented defaults, so `emit` never
 * depends on the caller having applied them.
 */

/** Default image for steps that declare no `image`. */
export const DEFAULT_STEP_IMAGE = "python:3.12-slim";
/**
 * Default image for the `deployed(env).metric` lookup (needs `sh` and `kubectl`): the Kubernetes
 * project's own kubectl image, Debian-based with `sh`, `bash` and `jq` (build/server-image/kubectl).
 * Bitnami's versioned tags such as `bitnami/kubectl:1.31` were withdrawn in 2025.
 */
export const DEFAULT_KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.34.2";
/** Default registry prefix of the mlp image that runs `std.*` steps; the toolchain version is the tag. */
export const DEFAULT_MLP_IMAGE_REPO = "ghcr.io/mlp-lang/mlp";
/** Where the project's files are inside step images, unless `source_repo` checks them out. */
export const DEFAULT_SOURCE_DIR = "/workspace";
/** Where deployed models are read from by KServe (must be the artifact repository's bucket). */
export const DEFAULT_ARTIFACT_STORE_URI = "s3://mlp-artifacts";

/** JSON Schema (draft-07) of `target argo { … }`. */
export const ARGO_OPTIONS_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "argo target options",
  type: "object",
  additionalProperties: false,
  properties: {
    namespace: {
      type: "string",
      description: "Kubernetes namespace of the emitted objects (`metadata.namespace`). Default: none (the namespace `argo submit -n` or `kubectl -n` picks).",
    },
    service_account: {
      type: "string",
      description: "ServiceAccount the workflow's pods run as (`spec.serviceAccountName`). Default: the namespace's default.",
    },
    mlp_image: {
      type: "string",
      description: `Image with the mlp toolchain, used for \`std.*\` steps (\`mlp std <builtin> …\`). Default: \`${DEFAULT_MLP_IMAGE_REPO}:<mlp version>\`. Pin it by digest with \`NAME[:TAG]@sha256:<64 hex>\`, as every image option.`,
    },
    default_image: {
      type: "string",
      default: DEFAULT_STEP_IMAGE,
      description: "Image for steps that declare no `image`. Pin it by digest with `NAME[:TAG]@sha256:<64 hex>`.",
    },
    kubectl_image: {
      type: "string",
      default: DEFAULT_KUBECTL_IMAGE,
      description: "Image (with `sh` and `kubectl`) for the runtime lookup of `deployed(env).metric`. Pin it by digest with `NAME[:TAG]@sha256:<64 hex>`.",
    },
    source_dir: {
      type: "string",
      default: DEFAULT_SOURCE_DIR,
      description: "Absolute path of the repository inside step images (or where `source_repo` is checked out). Steps run in `<source_dir>/<root>/<step's directory>`, where `<root>` is the `.mlp` file's directory in the repository (the IR's `root`); relative dataset paths resolve the same way.",
    },
    source_repo: {
      type: "string",
      description: "Git URL of the project. When set, every step checks it out into `source_dir` as a git input artifact instead of expecting it in the image.",
    },
    source_revision: {
      type: "string",
      default: "HEAD",
      description: "Git revision checked out when `source_repo` is set.",
    },
    secret_name: {
      type: "string",
      description: "Kubernetes Secret holding the pipeline's `secret`s, one key per secret name. Default: `<pipeline>-secrets`.",
    },
    artifact_store_uri: {
      type: "string",
      default: DEFAULT_ARTIFACT_STORE_URI,
      description: "`s3://bucket[/prefix]` or `gs://bucket[/prefix]` of the workflow controller's artifact repository. Models that are deployed are stored under `<prefix>/<workflow name>/<step>/<output>` there, and KServe reads them from that URI.",
    },
    gpu_resource: {
      type: "string",
      default: "nvidia.com/gpu",
      description: "Extended resource name requested for `resources { gpu: N }`.",
    },
    timezone: {
      type: "string",
      description: "IANA time zone of the `schedule` (CronWorkflow `timezone`). Default: the controller's (usually UTC).",
    },
    concurrency_policy: {
      type: "string",
      enum: ["Allow", "Forbid", "Replace"],
      default: "Forbid",
      description: "What a scheduled run does when the previous one is still running.",
    },
    ttl_seconds: {
      type: "integer",
      minimum: 0,
      description: "Delete finished workflows after this many seconds (`ttlStrategy.secondsAfterCompletion`). Default: keep them.",
    },
    parallelism: {
      type: "integer",
      minimum: 1,
      description: "How many points of a `sweep` run at once (`parallelism` of the template that fans the points out). Default: no limit beyond the workflow's and the cluster's.",
    },
  },
};

/** Options with defaults applied. */
export interface ArgoOptions {
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly mlpImage: string;
  readonly defaultImage: string;
  readonly kubectlImage: string;
  readonly sourceDir: string;
  readonly sourceRepo?: string;
  readonly sourceRevision: string;
  readonly secretName?: string;
  readonly artifactStoreUri: string;
  readonly gpuResource: string;
  readonly timezone?: string;
  readonly concurrencyPolicy: "Allow" | "Forbid" | "Replace";
  readonly ttlSeconds?: number;
  /** Points of one sweep that run at once. */
  readonly parallelism?: number;
}

function str(o: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" ? v : undefined;
}

/** Reads `raw` (already schema-checked by the caller) and fills in every default. */
export function readOptions(raw: Readonly<Record<string, unknown>>, mlpVersion: string): ArgoOptions {
  const policy = str(raw, "concurrency_policy");
  const ttl = raw.ttl_seconds;
  const parallelism = raw.parallelism;
  return {
    ...(str(raw, "namespace") !== undefined ? { namespace: str(raw, "namespace") } : {}),
    ...(str(raw, "service_account") !== undefined ? { serviceAccount: str(raw, "service_account") } : {}),
    mlpImage: str(raw, "mlp_image") ?? `${DEFAULT_MLP_IMAGE_REPO}:${mlpVersion}`,
    defaultImage: str(raw, "default_image") ?? DEFAULT_STEP_IMAGE,
    kubectlImage: str(raw, "kubectl_image") ?? DEFAULT_KUBECTL_IMAGE,
    sourceDir: str(raw, "source_dir") ?? DEFAULT_SOURCE_DIR,
    ...(str(raw, "source_repo") !== undefined ? { sourceRepo: str(raw, "source_repo") } : {}),
    sourceRevision: str(raw, "source_revision") ?? "HEAD",
    ...(str(raw, "secret_name") !== undefined ? { secretName: str(raw, "secret_name") } : {}),
    artifactStoreUri: str(raw, "artifact_store_uri") ?? DEFAULT_ARTIFACT_STORE_URI,
    gpuResource: str(raw, "gpu_resource") ?? "nvidia.com/gpu",
    ...(str(raw, "timezone") !== undefined ? { timezone: str(raw, "timezone") } : {}),
    concurrencyPolicy: policy === "Allow" || policy === "Replace" ? policy : "Forbid",
    ...(typeof ttl === "number" && Number.isInteger(ttl) && ttl >= 0 ? { ttlSeconds: ttl } : {}),
    ...(typeof parallelism === "number" && Number.isInteger(parallelism) && parallelism >= 1 ? { parallelism } : {}),
  };
}
