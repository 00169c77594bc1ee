/**
 * The deploy kinds of `deploy ENV { to KIND { … } }`: one definition per kind, with its options.
 *
 * Everything else follows this table: `mlp check` checks `to` blocks against it
 * (`src/check/rules/valid-deploy-targets.ts`), lowering renames older spellings to the names here, the IR
 * types (`IrDeployTo` in `src/ir/ir.ts`) are derived from it and `ir.schema.json` is pinned to
 * `deployToJsonSchema()` by a test, `docs/language.md`'s table is generated from it, and each
 * target declares which kinds and options it supports (`targets/<name>/deploy-support.ts`).
 * Adding a kind: one entry here plus each target's support table.
 *
 * KServe option names are the InferenceService fields (`serving.kserve.io/v1beta1`) in
 * snake_case, as every other option of the language is written.
 */

/** The value an option takes: a string, or a whole number (with `minimum`, when given). */
export type DeployOptionType = "string" | "integer";

export interface DeployOptionSpec {
  readonly type: DeployOptionType;
  readonly required?: true;
  /** What a target uses when the option is left out (documentation; the IR keeps what was written). */
  readonly default?: string | number;
  /** Smallest value of an `integer` option. */
  readonly minimum?: number;
  readonly description: string;
  /** Older spellings: accepted with a warning (MLP2016) and lowered to this name. */
  readonly aliases?: readonly string[];
}

export interface DeployKindSpec {
  readonly description: string;
  readonly options: Readonly<Record<string, DeployOptionSpec>>;
}

export const DEPLOY_KINDS = {
  local: {
    description: "registers the model; `mlp run` links it into the store, the targets record it (nothing is served)",
    options: {},
  },
  command: {
    description: "runs a shell command with the model's path in `MLP_MODEL` and the environment's name in `MLP_ENVIRONMENT`; `to command \"…\"` is short for `to command { command: \"…\" }`",
    options: {
      command: { type: "string", required: true, description: "the shell command, run from the `.mlp` file's directory", aliases: ["run"] },
      image: { type: "string", description: "the container image the command runs in, on targets that run it in a container (default: the target's image for steps)" },
    },
  },
  kserve: {
    description: "applies a KServe `InferenceService` (`serving.kserve.io/v1beta1`) serving the model",
    options: {
      name: { type: "string", required: true, description: "`metadata.name` of the InferenceService (a DNS-1035 label)" },
      namespace: { type: "string", description: "`metadata.namespace` of the InferenceService (a DNS-1123 label); GitHub and Airflow need it, Argo defaults to its `namespace` option" },
      model_format: { type: "string", default: "sklearn", description: "`spec.predictor.model.modelFormat.name`: a format KServe's serving runtimes serve, unless `runtime` names your own", aliases: ["format"] },
      model_format_version: { type: "string", description: "`spec.predictor.model.modelFormat.version`" },
      runtime: { type: "string", description: "`spec.predictor.model.runtime`: a ServingRuntime or ClusterServingRuntime to serve with" },
      protocol_version: { type: "string", description: "`spec.predictor.model.protocolVersion` (`v1`, `v2`, `grpc-v2`)" },
      service_account: { type: "string", description: "`spec.predictor.serviceAccountName`" },
      storage_uri: { type: "string", description: "`spec.predictor.model.storageUri`: where KServe fetches the model (default: where the pipeline stored it)" },
      min_replicas: { type: "integer", minimum: 0, description: "`spec.predictor.minReplicas`" },
      max_replicas: { type: "integer", minimum: 0, description: "`spec.predictor.maxReplicas`" },
    },
  },
} as const satisfies Readonly<Record<string, DeployKindSpec>>;

export type DeployKind = keyof typeof DEPLOY_KINDS;
type OptionSpecs<K extends DeployKind> = (typeof DEPLOY_KINDS)[K]["options"];
export type DeployOptionName<K extends DeployKind> = keyof OptionSpecs<K> & string;
type ValueOf<S> = S extends { readonly type: "integer" } ? number : string;

/** The options of a `to K { … }` block as they reach the IR: the required ones present, each with its type. */
export type DeployOptions<K extends DeployKind> = {
  readonly [O in keyof OptionSpecs<K> as OptionSpecs<K>[O] extends { readonly required: true } ? O : never]: ValueOf<OptionSpecs<K>[O]>;
} & {
  readonly [O in keyof OptionSpecs<K> as OptionSpecs<K>[O] extends { readonly required: true } ? never : O]?: ValueOf<OptionSpecs<K>[O]>;
};

/** Every kind, sorted. */
export const DEPLOY_KIND_NAMES: readonly DeployKind[] = (Object.keys(DEPLOY_KINDS) as DeployKind[]).sort();

export function isDeployKind(name: string): name is DeployKind {
  return Object.prototype.hasOwnProperty.call(DEPLOY_KINDS, name);
}

/** The definition of kind `kind`'s options, by name. */
export function deployOptionSpecs(kind: DeployKind): Readonly<Record<string, DeployOptionSpec>> {
  return DEPLOY_KINDS[kind].options;
}

/** The option `alias` is an older spelling of, in kind `kind`, or undefined. */
export function optionForAlias(kind: DeployKind, alias: string): string | undefined {
  for (const [name, spec] of Object.entries(deployOptionSpecs(kind))) if (spec.aliases?.includes(alias)) return name;
  return undefined;
}

/** The default of option `option` of kind `kind` (for targets: the one value every target uses). */
export function deployOptionDefault<K extends DeployKind>(kind: K, option: DeployOptionName<K>): string | number | undefined {
  return deployOptionSpecs(kind)[option]?.default;
}
