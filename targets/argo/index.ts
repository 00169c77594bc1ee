/**
 * The Argo Workflows target (`--target argo`): IR in, `Workflow` (or `WorkflowTemplate` +
 * `CronWorkflow`) YAML out. See `docs/targets/argo.md` for the mapping and options.
 */
import type { Target } from "../../src/target/target.js";
import { emitArgo } from "./emit.js";
import { ARGO_OPTIONS } from "./options-spec.js";

import { ARGO_CODES } from "./codes.js";

export { ARGO_CODES };
export { emitArgo as emit } from "./emit.js";

/** The built-in Argo Workflows target. */
export const target: Target = {
  name: ARGO_OPTIONS.name,
  description: "Argo Workflows: a Workflow with a DAG template, or a WorkflowTemplate and a CronWorkflow when scheduled",
  optionsSchema: ARGO_OPTIONS.optionsSchema,
  precompiledOptions: ARGO_OPTIONS.precompiledOptions,
  capabilities: {
    schedule: true,
    dataTriggers: false,
    pushTriggers: false,
    approval: true,
    gpu: true,
    retries: true,
    timeouts: true,
  },
  codes: ARGO_CODES,
  emit: emitArgo,
};
