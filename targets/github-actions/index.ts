/**
 * The GitHub Actions target: one workflow file per pipeline. See docs/targets/github.md for the
 * mapping, the options and the limits.
 */
import type { Target } from "../../src/target/target.js";
import { emit } from "./emit.js";
import { GITHUB_OPTIONS } from "./options-spec.js";

export { emit } from "./emit.js";
import { GITHUB_CODES } from "./codes.js";

export { GITHUB_CODES };

/** The `github` target (`--target github`, `target github { … }`). */
export const target: Target = {
  name: GITHUB_OPTIONS.name,
  description: "GitHub Actions: one workflow per pipeline, a job per step, gates as job conditions",
  optionsSchema: GITHUB_OPTIONS.optionsSchema,
  precompiledOptions: GITHUB_OPTIONS.precompiledOptions,
  capabilities: {
    schedule: true,
    dataTriggers: true,
    pushTriggers: true,
    approval: true,
    gpu: true,
    retries: true,
    timeouts: true,
  },
  codes: GITHUB_CODES,
  emit,
};

export default target;
