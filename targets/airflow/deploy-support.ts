/** The deploy kinds and options the Airflow target honours (see `src/target/deploy-support.ts`). */
import type { DeploySupport } from "../../src/target/deploy-support.js";

export const AIRFLOW_DEPLOY_SUPPORT: DeploySupport = {
  local: [],
  command: ["command", "image"],
  // `storageUri` is always where the DAG stored the model (the `mlp_manifest` macro).
  kserve: ["name", "namespace", "model_format", "runtime", "service_account"],
};
