/** The deploy kinds and options the Argo target honours (see `src/target/deploy-support.ts`). */
import type { DeploySupport } from "../../src/target/deploy-support.js";

export const ARGO_DEPLOY_SUPPORT: DeploySupport = {
  local: [],
  command: ["command", "image"],
  kserve: ["name", "namespace", "model_format", "runtime", "service_account", "storage_uri"],
};
