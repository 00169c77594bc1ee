/**
 * The built-in targets, in the one list `--target NAME` and `target NAME { … }` blocks resolve
 * against. Built-ins use the same `Target` interface a plugin package does; adding a backend means
 * adding it here and to `builtin-loaders.ts`, which the CLI uses to load only the target it needs
 * (a test fails until both list it).
 */
import type { Target } from "../src/target/target.js";
import { irTarget } from "../src/target/ir-target.js";
import { target as airflow } from "./airflow/index.js";
import { target as argo } from "./argo/index.js";
import { target as github } from "./github-actions/index.js";

/** Every built-in target, sorted by name: `airflow`, `argo`, `github`, and the `ir` pseudo-target. */
export const BUILTIN_TARGETS: readonly Target[] = [airflow, argo, github, irTarget].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** The built-in target called `name`, if any. */
export function builtinTarget(name: string): Target | undefined {
  return BUILTIN_TARGETS.find((t) => t.name === name);
}
