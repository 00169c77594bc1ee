/**
 * What checking a `target github { … }` block needs of this target (its name, options schema and
 * the schema compiled ahead of time), apart from its emitter: `mlp check` loads this alone.
 */
import type { TargetOptionsSpec } from "../../src/target/target.js";
import { optionsSchema } from "./options.js";
import { buildGithubOptionsValidator } from "./options-validator.generated.js";

export const GITHUB_OPTIONS: TargetOptionsSpec = {
  name: "github",
  optionsSchema,
  precompiledOptions: { schema: optionsSchema, build: buildGithubOptionsValidator },
};
