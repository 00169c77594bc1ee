/** The deploy kinds and options the GitHub target honours (see `src/target/deploy-support.ts`). */
import type { DeploySupport } from "../../src/target/deploy-support.js";

export const GITHUB_DEPLOY_SUPPORT: DeploySupport = {
  local: [],
  // The command runs on the job's runner, not in an image of its own.
  command: ["command"],
  // `storageUri` is always where the job uploads the model.
  kserve: ["name", "namespace", "model_format", "model_format_version", "runtime", "protocol_version", "service_account", "min_replicas", "max_replicas"],
};
