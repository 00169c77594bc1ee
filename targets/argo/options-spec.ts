/**
 * What checking a `target argo { … }` block needs of this target (its name, options schema and
 * the schema compiled ahead of time), apart from its emitter: `mlp check` loads this alone.
 */
import type { TargetOptionsSpec } from "../../src/target/target.js";
import { ARGO_OPTIONS_SCHEMA } from "./options.js";
import { buildArgoOptionsValidator } from "./options-validator.generated.js";

export const ARGO_OPTIONS: TargetOptionsSpec = {
  name: "argo",
  optionsSchema: ARGO_OPTIONS_SCHEMA,
  precompiledOptions: { schema: ARGO_OPTIONS_SCHEMA, build: buildArgoOptionsValidator },
};
