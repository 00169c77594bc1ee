/**
 * Options a `target airflow { … }` block may set, as a JSON Schema (draft-07) for the CLI to
 * validate, and `resolveOptions`, which applies the documented defaults.
 */
import type { IrValue } from "../../src/ir/ir.js";

/**
 * The Kubernetes project's own kubectl image (Bitnami withdrew its free versioned tags in 2025).
 * The kserve deploy pod runs `kubectl` directly, so an image without a shell works too.
 */
export const DEFAULT_KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.34.2";

/** JSON Schema (draft-07) of `target airflow { … }`. Defaults are documented in `docs/targets/airflow.md`. */
export const AIRFLOW_OPTIONS_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "target airflow options",
  type: "object",
  additionalProperties: false,
  properties: {
    airflow_version: {
      type: "string",
      enum: ["3", "2"],
      default: "3",
      description: "Airflow API to generate for: \"3\" (airflow.sdk, standard provider) or \"2\" (2.10).",
    },
    operator: {
      type: "string",
      enum: ["kubernetes", "bash"],
      default: "kubernetes",
      description: "Run steps as KubernetesPodOperator pods (default) or as BashOperator commands on the worker.",
    },
    dag_id: { type: "string", description: "DAG id; defaults to the pipeline name." },
    artifact_root: {
      type: "string",
      default: "/tmp/mlp-artifacts",
      description: "Object-store prefix (s3://bucket/prefix, gs://…) or shared path under which each run writes its artifacts: ROOT/DAG_ID/RUN_ID/STEP/OUTPUT. With operator kubernetes, a path needs `artifact_volume`.",
    },
    artifact_volume: {
      type: "string",
      description: "PersistentVolumeClaim mounted at `artifact_root` in every step pod and every command deploy pod (operator kubernetes), so steps pass files to each other; it must allow ReadWriteMany when pods run on several nodes.",
    },
    project_dir: {
      type: "string",
      default: "/opt/mlp/project",
      description: "Directory holding the repository inside step images or on the worker; steps run in PROJECT_DIR/<root>/<their working dir>, where <root> is the .mlp file's directory in the repository (the IR's `root`); relative dataset paths resolve the same way.",
    },
    project_volume: {
      type: "string",
      description: "PersistentVolumeClaim holding a checkout of the repository, mounted read-only at `project_dir` in every step pod and command deploy pod (operator kubernetes); the alternative is step images that contain the repository there.",
    },
    namespace: { type: "string", description: "Kubernetes namespace for step pods (default: the connection's namespace)." },
    kubernetes_conn_id: { type: "string", description: "Airflow connection for the Kubernetes cluster (default: the provider's `kubernetes_default`)." },
    service_account: { type: "string", description: "Service account for step pods (kserve deploys need one allowed to apply InferenceServices)." },
    mlp_image: {
      type: "string",
      description: "Image with the mlp runtime, for std.* steps and steps without `image` (default: ghcr.io/mlp-lang/mlp:<mlp version>); may end in `@sha256:<digest>`.",
    },
    mlp_image_digest: {
      type: "string",
      pattern: "^sha256:[0-9a-f]{64}$",
      description: "Pins `mlp_image` by digest: every pod that runs it names NAME:TAG@sha256:….",
    },
    kubectl_image: {
      type: "string",
      default: DEFAULT_KUBECTL_IMAGE,
      description: "Image with kubectl, for kserve deploys (it needs no shell); may end in `@sha256:<digest>`.",
    },
    kubectl_image_digest: {
      type: "string",
      pattern: "^sha256:[0-9a-f]{64}$",
      description: "Pins `kubectl_image` by digest.",
    },
    kubernetes_secret: {
      type: "string",
      default: "mlp-secrets",
      description: "Kubernetes Secret whose keys (one per mlp secret name) feed step secrets (operator kubernetes).",
    },
    variable_prefix: {
      type: "string",
      default: "mlp_secret_",
      description: "Airflow Variable name prefix for step secrets (operator bash): secret `x` is Variable PREFIX + x.",
    },
    start_date: {
      type: "string",
      pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      default: "2024-01-01",
      description: "The DAG's start_date (UTC), YYYY-MM-DD.",
    },
    catchup: { type: "boolean", default: false, description: "Whether the scheduler backfills runs missed since start_date." },
    approval_timeout: {
      type: "number",
      exclusiveMinimum: 0,
      default: 604800,
      description: "Seconds an `approval required` deploy waits for a human before failing (default 7 days).",
    },
    approval_poke_interval: {
      type: "number",
      minimum: 1,
      default: 60,
      description: "Seconds between two checks of a waiting approval; between checks the sensor is rescheduled and holds no worker slot.",
    },
    max_map_length: {
      type: "integer",
      minimum: 1,
      default: 1024,
      description: "The Airflow deployment's `[core] max_map_length`: the most points one sweep may have (each member step is a mapped task with one instance per point); a larger grid is refused at compile time (MLP5321).",
    },
    owner: { type: "string", description: "Owner shown for every task (`default_args.owner`; Airflow's default is `airflow`)." },
    tags: { type: "array", items: { type: "string" }, description: "Extra DAG tags (the DAG is always tagged `mlp`)." },
  },
};

/** The options with defaults applied. */
export interface AirflowOptions {
  readonly airflowVersion: "3" | "2";
  readonly operator: "kubernetes" | "bash";
  readonly dagId?: string;
  readonly artifactRoot: string;
  readonly artifactVolume?: string;
  readonly projectDir: string;
  readonly projectVolume?: string;
  readonly namespace?: string;
  readonly kubernetesConnId?: string;
  readonly serviceAccount?: string;
  /** `mlp_image`, with `@mlp_image_digest` appended when set. */
  readonly mlpImage: string;
  /** `kubectl_image`, with `@kubectl_image_digest` appended when set. */
  readonly kubectlImage: string;
  readonly kubernetesSecret: string;
  readonly variablePrefix: string;
  readonly startDate: string;
  readonly catchup: boolean;
  readonly approvalTimeout: number;
  readonly approvalPokeInterval: number;
  /** `[core] max_map_length` of the deployment: the largest sweep grid a DAG may map over. */
  readonly maxMapLength: number;
  readonly owner?: string;
  readonly tags: readonly string[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `image@digest` (an image that already names a digest then names two, which the emitter refuses). */
function pinned(image: string, digest: string | undefined): string {
  return digest === undefined ? image : `${image}@${digest}`;
}

/**
 * Reads options (already validated against the schema by the caller, but read defensively:
 * a value of the wrong type falls back to the default) and applies the defaults.
 */
export function resolveOptions(raw: Readonly<Record<string, unknown | IrValue>>, mlpVersion: string): AirflowOptions {
  const version = raw["airflow_version"];
  const operator = raw["operator"];
  const tags = Array.isArray(raw["tags"]) ? (raw["tags"] as unknown[]).filter((t): t is string => typeof t === "string") : [];
  const timeout = raw["approval_timeout"];
  const poke = raw["approval_poke_interval"];
  const maxMap = raw["max_map_length"];
  return {
    airflowVersion: version === "2" || version === 2 ? "2" : "3",
    operator: operator === "bash" ? "bash" : "kubernetes",
    ...(str(raw["dag_id"]) !== undefined ? { dagId: str(raw["dag_id"]) } : {}),
    artifactRoot: (str(raw["artifact_root"]) ?? "/tmp/mlp-artifacts").replace(/\/+$/, "") || "/",
    projectDir: (str(raw["project_dir"]) ?? "/opt/mlp/project").replace(/\/+$/, "") || "/",
    ...(str(raw["artifact_volume"]) !== undefined ? { artifactVolume: str(raw["artifact_volume"]) } : {}),
    ...(str(raw["project_volume"]) !== undefined ? { projectVolume: str(raw["project_volume"]) } : {}),
    ...(str(raw["namespace"]) !== undefined ? { namespace: str(raw["namespace"]) } : {}),
    ...(str(raw["kubernetes_conn_id"]) !== undefined ? { kubernetesConnId: str(raw["kubernetes_conn_id"]) } : {}),
    ...(str(raw["service_account"]) !== undefined ? { serviceAccount: str(raw["service_account"]) } : {}),
    mlpImage: pinned(str(raw["mlp_image"]) ?? `ghcr.io/mlp-lang/mlp:${mlpVersion}`, str(raw["mlp_image_digest"])),
    kubectlImage: pinned(str(raw["kubectl_image"]) ?? DEFAULT_KUBECTL_IMAGE, str(raw["kubectl_image_digest"])),
    kubernetesSecret: str(raw["kubernetes_secret"]) ?? "mlp-secrets",
    variablePrefix: str(raw["variable_prefix"]) ?? "mlp_secret_",
    startDate: str(raw["start_date"]) ?? "2024-01-01",
    catchup: raw["catchup"] === true,
    approvalTimeout: typeof timeout === "number" && timeout > 0 ? timeout : 604800,
    approvalPokeInterval: typeof poke === "number" && poke >= 1 ? poke : 60,
    maxMapLength: typeof maxMap === "number" && Number.isInteger(maxMap) && maxMap >= 1 ? maxMap : 1024,
    ...(str(raw["owner"]) !== undefined ? { owner: str(raw["owner"]) } : {}),
    tags,
  };
}
