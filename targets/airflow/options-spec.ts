/**
 * What checking a `target airflow { … }` block needs of this target (its name, options schema and
 * the schema compiled ahead of time), apart from its emitter: `mlp check` loads this alone.
 */
import type { TargetOptionsSpec } from "../../src/target/target.js";
import { AIRFLOW_OPTIONS_SCHEMA } from "./options.js";
import { buildAirflowOptionsValidator } from "./options-validator.generated.js";

export const AIRFLOW_OPTIONS: TargetOptionsSpec = {
  name: "airflow",
  optionsSchema: AIRFLOW_OPTIONS_SCHEMA,
  precompiledOptions: { schema: AIRFLOW_OPTIONS_SCHEMA, build: buildAirflowOptionsValidator },
};
