/**
 * targets/builtin-loaders.ts loads each built-in target on demand, or only its options (for
 * `mlp check`); targets/index.ts lists them loaded. All must name the same targets, and a loader
 * must give the very object the list holds (one module instance), or `--target NAME` and
 * `target NAME { … }` blocks would disagree.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_TARGET_NAMES, loadBuiltinTarget, loadBuiltinTargetOptions } from "../../targets/builtin-loaders.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";

describe("the built-in targets loaded on demand", () => {
  it("are the built-in targets, by the same names and in the same order", () => {
    expect(BUILTIN_TARGET_NAMES).toEqual(BUILTIN_TARGETS.map((t) => t.name));
  });

  it("load as the very objects the list holds", async () => {
    for (const t of BUILTIN_TARGETS) expect(await loadBuiltinTarget(t.name)).toBe(t);
  });

  it("load nothing for a name that is not built in, even one on Object.prototype", async () => {
    expect(await loadBuiltinTarget("kubeflow")).toBeUndefined();
    expect(await loadBuiltinTarget("toString")).toBeUndefined();
    expect(await loadBuiltinTargetOptions("kubeflow")).toBeUndefined();
    expect(await loadBuiltinTargetOptions("toString")).toBeUndefined();
  });

  it("load their options alone as the very schema and compiled schema the targets hold", async () => {
    for (const t of BUILTIN_TARGETS) {
      const spec = await loadBuiltinTargetOptions(t.name);
      expect(spec?.name).toBe(t.name);
      expect(spec?.optionsSchema).toBe(t.optionsSchema);
      expect(t.precompiledOptions?.schema, t.name).toBe(t.optionsSchema);
      expect(spec?.precompiledOptions).toBe(t.precompiledOptions);
    }
  });
});
