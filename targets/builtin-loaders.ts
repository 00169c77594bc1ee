/**
 * The built-in targets by name, each loaded when asked for: `mlp compile --target ir` loads the IR
 * target alone, not every backend (about half a megabyte of bundled code), and `mlp check` only
 * the options (name, schema, compiled validator) of the targets its `target` blocks name.
 * `targets/index.ts` lists the same targets, loaded; `test/target/builtin-loaders.test.ts` checks
 * that they agree.
 */
import type { Target, TargetOptionsSpec } from "../src/target/target.js";

const LOADERS: Readonly<Record<string, () => Promise<Target>>> = {
  airflow: async () => (await import("./airflow/index.js")).target,
  argo: async () => (await import("./argo/index.js")).target,
  github: async () => (await import("./github-actions/index.js")).target,
  ir: async () => (await import("../src/target/ir-target.js")).irTarget,
};

const OPTIONS_LOADERS: Readonly<Record<string, () => Promise<TargetOptionsSpec>>> = {
  airflow: async () => (await import("./airflow/options-spec.js")).AIRFLOW_OPTIONS,
  argo: async () => (await import("./argo/options-spec.js")).ARGO_OPTIONS,
  github: async () => (await import("./github-actions/options-spec.js")).GITHUB_OPTIONS,
  // The IR target is small: its options are the target itself.
  ir: async () => (await import("../src/target/ir-target.js")).irTarget,
};

/** Every built-in target's name, sorted. */
export const BUILTIN_TARGET_NAMES: readonly string[] = Object.keys(LOADERS).sort();

/** The built-in target called `name`, loaded; undefined when there is none. */
export async function loadBuiltinTarget(name: string): Promise<Target | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}

/** The options of the built-in target called `name`, loaded without its emitter; undefined when there is none. */
export async function loadBuiltinTargetOptions(name: string): Promise<TargetOptionsSpec | undefined> {
  return Object.hasOwn(OPTIONS_LOADERS, name) ? OPTIONS_LOADERS[name]!() : undefined;
}
