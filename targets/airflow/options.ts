/**
 * Options a `target airflow { … }` block may set, as a JSON Schema (draft-07) for the CLI to
 * validate, and `resolveOptions`, which applies the documented defaults.
 */
import type { IrValue } from "../../src/ir/ir.js";

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
      description: "Object-store prefix (s3://bucket/prefix, gs://…) or shared path under which each run writes its artifacts: ROOT/DAG_ID/RUN_ID/STEP/OUTPUT.",
    },
    project_dir: {
      type: "string",
      default: "/opt/mlp/project",
      description: "Directory holding the repository inside step images or on the worker; steps run in PROJECT_DIR/<root>/<their working dir>, where <root> is the .mlp file's directory in the repository (the IR's `root`); relative dataset paths resolve the same way.",
    },
    namespace: { type: "string", description: "Kubernetes namespace for step pods (default: the connection's namespace)." },
    kubernetes_conn_id: { type: "string", description: "Airflow connection for the Kubernetes cluster (default: the provider's `kubernetes_default`)." },
    service_account: { type: "string", description: "Service account for step pods (kserve deploys need one allowed to apply InferenceServices)." },
    mlp_image: {
      type: "string",
      description: "Image with the mlp runtime, for std.* steps and steps without `image` (default: ghcr.io/mlp-lang/mlp:<mlp version>).",
    },
    kubectl_image: {
      type: "string",
      default: "bitnami/kubectl:1.31",
      description: "Image with kubectl, for kserve deploys.",
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
  readonly projectDir: string;
  readonly namespace?: string;
  readonly kubernetesConnId?: string;
  readonly serviceAccount?: string;
  readonly mlpImage: string;
  readonly kubectlImage: string;
  readonly kubernetesSecret: string;
  readonly variablePrefix: string;
  readonly startDate: string;
  readonly catchup: boolean;
  readonly approvalTimeout: number;
  readonly owner?: string;
  readonly tags: readonly string[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
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
  return {
    airflowVersion: version === "2" || version === 2 ? "2" : "3",
    operator: operator === "bash" ? "bash" : "kubernetes",
    ...(str(raw["dag_id"]) !== undefined ? { dagId: str(raw["dag_id"]) } : {}),
    artifactRoot: (str(raw["artifact_root"]) ?? "/tmp/mlp-artifacts").replace(/\/+$/, "") || "/",
    projectDir: (str(raw["project_dir"]) ?? "/opt/mlp/project").replace(/\/+$/, "") || "/",
    ...(str(raw["namespace"]) !== undefined ? { namespace: str(raw["namespace"]) } : {}),
    ...(str(raw["kubernetes_conn_id"]) !== undefined ? { kubernetesConnId: str(raw["kubernetes_conn_id"]) } : {}),
    ...(str(raw["service_account"]) !== undefined ? { serviceAccount: str(raw["service_account"]) } : {}),
    mlpImage: str(raw["mlp_image"]) ?? `ghcr.io/mlp-lang/mlp:${mlpVersion}`,
    kubectlImage: str(raw["kubectl_image"]) ?? "bitnami/kubectl:1.31",
    kubernetesSecret: str(raw["kubernetes_secret"]) ?? "mlp-secrets",
    variablePrefix: str(raw["variable_prefix"]) ?? "mlp_secret_",
    startDate: str(raw["start_date"]) ?? "2024-01-01",
    catchup: raw["catchup"] === true,
    approvalTimeout: typeof timeout === "number" && timeout > 0 ? timeout : 604800,
    ...(str(raw["owner"]) !== undefined ? { owner: str(raw["owner"]) } : {}),
    tags,
  };
}
