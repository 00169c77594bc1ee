/**
 * The built-in targets, in the one list `--target NAME` and `target NAME { … }` blocks resolve
 * against. Built-ins use the same `Target` interface a plugin package does; adding a backend means
 * adding it here (and nowhere else).
 */
import type { Target } from "../src/target/target.js";
import { irTarget } from "../src/target/ir-target.js";

/** Every built-in target, sorted by name. */
export const BUILTIN_TARGETS: readonly Target[] = [irTarget].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** The built-in target called `name`, if any. */
export function builtinTarget(name: string): Target | undefined {
  return BUILTIN_TARGETS.find((t) => t.name === name);
}
