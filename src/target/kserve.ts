/**
 * What KServe accepts of a `to kserve` deploy, shared by every target that writes an
 * InferenceService: the `storageUri` it can fetch the model from and the `modelFormat.name` its
 * built-in serving runtimes serve. Each target reports a problem as MLP5006 / MLP5007.
 *
 * Sources (KServe 0.11-0.16 documentation and `config/runtimes/` of kserve/kserve):
 * - storage: https://kserve.github.io/website/docs/model-serving/storage/overview (S3, GCS,
 *   Azure Blob, HTTP(S), PVC, Hugging Face, OCI model cars) and the default
 *   ClusterStorageContainer's `supportedUriFormats` (`gs://`, `s3://`, `hdfs://`, `webhdfs://`,
 *   `https?://HOST/PATH`, which covers Azure `*.blob.core.windows.net`).
 * - formats: the `supportedModelFormats` of the ClusterServingRuntimes KServe installs
 *   (kserve-sklearnserver, -xgbserver, -lgbserver, -mlserver, -tensorflow-serving, -torchserve,
 *   -tritonserver, -pmmlserver, -paddleserver, -huggingfaceserver).
 */

/** `modelFormat.name` values served by KServe's built-in ClusterServingRuntimes. */
export const KSERVE_MODEL_FORMATS: readonly string[] = [
  "huggingface",
  "lightgbm",
  "mlflow",
  "onnx",
  "paddle",
  "pmml",
  "pytorch",
  "sklearn",
  "tensorflow",
  "tensorrt",
  "triton",
  "xgboost",
];

/** URI schemes KServe's storage initializer (or its model-car support) fetches a model from. */
export const KSERVE_STORAGE_SCHEMES: readonly string[] = ["s3", "gs", "pvc", "https", "http", "hdfs", "webhdfs", "hf", "oci"];

const BUCKET = /^[a-z0-9][-a-z0-9._]{1,61}[a-z0-9]$/;
/** DNS-1123 subdomain: what Kubernetes requires of a PersistentVolumeClaim name. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why KServe could not fetch a model from `uri`, or undefined when it can: `s3://BUCKET[/KEY]`,
 * `gs://BUCKET[/KEY]`, `pvc://CLAIM[/PATH]`, `http(s)://HOST/PATH`, `hdfs://…`, `webhdfs://…`,
 * `hf://ORG/MODEL` or `oci://IMAGE`. A local path or `file://` is never one: the predictor pod
 * does not see the machine that ran the pipeline.
 */
export function kserveStorageUriProblem(uri: string): string | undefined {
  if (uri === "") return "it is empty";
  if (/\s/.test(uri)) return "it contains white space";
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/.exec(uri);
  if (m === null) return uri.startsWith("/") || uri.startsWith(".") ? "it is a local path, which the predictor pod cannot read" : "it has no `scheme://`";
  const scheme = m[1]!;
  const rest = m[2]!;
  const [head = "", ...tail] = rest.split("/");
  const path = tail.join("/");
  switch (scheme) {
    case "s3":
    case "gs":
      return BUCKET.test(head) ? undefined : `\`${head}\` is not a bucket name`;
    case "pvc":
      if (!(head.length <= 253 && DNS_1123_SUBDOMAIN.test(head))) return `\`${head}\` is not a PersistentVolumeClaim name`;
      return path.split("/").includes("..") ? "its path leads out of the claim with `..`" : undefined;
    case "http":
    case "https":
      return head !== "" && path !== "" ? undefined : "KServe needs `http(s)://HOST/PATH`, with a path";
    case "hdfs":
    case "webhdfs":
    case "hf":
    case "oci":
      return head !== "" ? undefined : `\`${scheme}://\` needs a location after it`;
    case "file":
      return "it is a local file, which the predictor pod cannot read";
    default:
      return `KServe does not fetch \`${scheme}://\` URIs`;
  }
}

/**
 * Why KServe would not serve `format`, or undefined when it does. With a named `runtime`
 * (a custom ServingRuntime, which declares its own `supportedModelFormats`) any name is
 * accepted; without one, KServe picks a built-in runtime by format, so it must be one of theirs.
 */
export function kserveModelFormatProblem(format: string, runtime: string | undefined): string | undefined {
  if (!/^[a-z0-9][-a-z0-9._]*$/.test(format)) return `\`${format}\` is not a model format name`;
  if (runtime !== undefined || KSERVE_MODEL_FORMATS.includes(format)) return undefined;
  return `no serving runtime KServe installs serves \`${format}\``;
}

/** The help line of MLP5006. */
export const KSERVE_STORAGE_HELP = "KServe fetches models from `s3://BUCKET/…`, `gs://BUCKET/…`, `pvc://CLAIM/PATH`, `https://HOST/PATH`, `hdfs://…`, `hf://…` or `oci://…`";

/** The help line of MLP5007. */
export const KSERVE_FORMAT_HELP = `use one of ${KSERVE_MODEL_FORMATS.map((f) => `\`${f}\``).join(", ")}, or name your own ServingRuntime with \`runtime\``;

/** One MLP5006 / MLP5007 finding about a `to kserve` deploy, for the target to report at the deploy. */
export interface KserveProblem {
  readonly code: "MLP5006" | "MLP5007";
  readonly message: string;
  readonly help: readonly string[];
}

/** Where the model KServe reads comes from: the URI (or its prefix) and the option that set it. */
export interface KserveStorage {
  readonly uri: string;
  /** The option that set it, as the user writes it (`storage_uri`, `artifact_root`, …). */
  readonly option: string;
  /** How to fix it on this target. */
  readonly help: string;
}

/**
 * The MLP5006 / MLP5007 findings of deploy `deploy` whose InferenceService has model format
 * `format` (with `runtime`, if named) and reads its model from `storage` (when the target
 * knows it at compile time).
 */
export function kserveProblems(deploy: string, format: string, runtime: string | undefined, storage: KserveStorage | undefined): KserveProblem[] {
  const out: KserveProblem[] = [];
  const formatProblem = kserveModelFormatProblem(format, runtime);
  if (formatProblem !== undefined) {
    out.push({ code: "MLP5007", message: `KServe cannot serve the model of deploy \`${deploy}\`: ${formatProblem}`, help: [KSERVE_FORMAT_HELP] });
  }
  const storageProblem = storage !== undefined ? kserveStorageUriProblem(storage.uri) : undefined;
  if (storage !== undefined && storageProblem !== undefined) {
    out.push({
      code: "MLP5006",
      message: `KServe cannot fetch the model of deploy \`${deploy}\` from \`${storage.option}\` \`${storage.uri}\`: ${storageProblem}`,
      help: [storage.help, KSERVE_STORAGE_HELP],
    });
  }
  return out;
}
