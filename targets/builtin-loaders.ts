/**
 * The built-in targets by name, each loaded when asked for: `mlp compile --target ir` loads the IR
 * target alone, and `mlp check` only the targets its `target` blocks name, not every backend
 * (about half a megabyte of bundled code). `targets/index.ts` lists the same targets, loaded;
 * `test/target/builtin-loaders.test.ts` checks that the two agree.
 */
import type { Target } from "../src/target/target.js";

const LOADERS: Readonly<Record<string, () => Promise<Target>>> = {
  airflow: async () => (await import("./airflow/index.js")).target,
  argo: async () => (await import("./argo/index.js")).target,
  github: async () => (await import("./github-actions/index.js")).target,
  ir: async () => (await import("../src/target/ir-target.js")).irTarget,
};

/** Every built-in target's name, sorted. */
export const BUILTIN_TARGET_NAMES: readonly string[] = Object.keys(LOADERS).sort();

/** The built-in target called `name`, loaded; undefined when there is none. */
export async function loadBuiltinTarget(name: string): Promise<Target | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}
