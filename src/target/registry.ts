/**
 * Resolves what `--target` names to a `Target`:
 * 1. a built-in, by name (the list the caller passes, normally `targets/index.ts`);
 * 2. a path (`./x.js`, `../x.mjs`, `/abs/x.js`): the module is loaded with dynamic `import()`;
 * 3. a bare name `foo`: the installed package `mlp-target-foo`, found from the working directory
 *    (a full package name, `mlp-target-foo` or `@scope/mlp-target-foo`, works too).
 * A loaded module must export a `Target` as `target` or as its default export; anything else is
 * MLP5402. Nothing here throws: every failure is a diagnostic without a source location.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { Target } from "./target.js";
import { targetShapeProblems } from "./validate-target-shape.js";
import { findInstalledPackage, PACKAGE_NAME, pluginPackageName } from "./find-package.js";
import { suggestName } from "./suggest-name.js";

/** Where a resolved target came from. */
export type TargetOrigin = { readonly kind: "builtin" } | { readonly kind: "path" | "package"; readonly file: string };

/** A target ready to use, with where it came from (for messages). */
export interface ResolvedTarget {
  readonly target: Target;
  readonly origin: TargetOrigin;
}

/** What resolution needs to know about the world. */
export interface ResolveOptions {
  /** Built-in targets, searched first by name (those loaded: the caller may load only the one named). */
  readonly builtins: readonly Target[];
  /** Every built-in target's name, for the "did you mean" of an unknown name; else `builtins`' names. */
  readonly builtinNames?: readonly string[];
  /** Directory that relative plugin paths and installed packages are resolved from. */
  readonly cwd: string;
}

/** The resolved target, or diagnostics (MLP5003, MLP5401, MLP5402) saying why not. */
export type ResolveResult = { readonly ok: true; readonly resolved: ResolvedTarget } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** True when `spec` is written as a file path rather than a name. */
export function looksLikePath(spec: string): boolean {
  return spec.startsWith(".") || isAbsolute(spec) || spec.includes("\\") || /\.(m?js|cjs)$/.test(spec) || (spec.includes("/") && !spec.startsWith("@"));
}

/** Resolves `spec` (a built-in name, a plugin path, or a package name) to a target. */
export async function resolveTarget(spec: string, options: ResolveOptions): Promise<ResolveResult> {
  if (looksLikePath(spec)) {
    const file = resolve(options.cwd, spec);
    return loadTargetModule(file, spec, { kind: "path", file });
  }
  const builtin = options.builtins.find((t) => t.name === spec);
  if (builtin) return { ok: true, resolved: { target: builtin, origin: { kind: "builtin" } } };

  const pkgName = spec.startsWith("mlp-target-") || spec.includes("/") ? spec : pluginPackageName(spec);
  const pkg = PACKAGE_NAME.test(pkgName) ? findInstalledPackage(pkgName, options.cwd) : undefined;
  if (pkg) return loadTargetModule(pkg.entry, pkgName, { kind: "package", file: pkg.entry });

  const names = [...(options.builtinNames ?? options.builtins.map((t) => t.name))].sort();
  const guess = suggestName(spec, names);
  const help = [
    ...(guess !== undefined ? [`did you mean \`${guess}\`?`] : []),
    `built-in targets: ${names.map((n) => `\`${n}\``).join(", ")}`,
    `for a plugin, pass its file (\`--target ./my-target.js\`) or install the package \`${PACKAGE_NAME.test(pkgName) ? pkgName : "mlp-target-<name>"}\``,
  ];
  return fail(
    diagnostic("MLP5003", "error", `unknown target \`${spec}\``, NO_LOCATION, {
      notes: [`no built-in target has this name, and no package \`${pkgName}\` is installed in or above \`${options.cwd}\``],
      help,
    }),
  );
}

/** Loads a plugin module from `file` and checks that it exports a `Target`. */
export async function loadTargetModule(file: string, shown: string, origin: TargetOrigin): Promise<ResolveResult> {
  if (!existsSync(file)) return fail(diagnostic("MLP5401", "error", `cannot load target plugin \`${shown}\`: no such file`, NO_LOCATION, { notes: [`looked for \`${file}\``] }));
  if (statSync(file).isDirectory())
    return fail(diagnostic("MLP5401", "error", `cannot load target plugin \`${shown}\`: it is a directory`, NO_LOCATION, { help: ["pass the plugin's JavaScript entry file, e.g. `./my-target/index.js`"] }));
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    return fail(
      diagnostic("MLP5401", "error", `cannot load target plugin \`${shown}\`: ${firstLine(e)}`, NO_LOCATION, {
        notes: [`the module \`${file}\` threw while loading`],
        help: ["a plugin is an ES module (`.mjs`, or `.js` in a package with `\"type\": \"module\"`) exporting `target`"],
      }),
    );
  }
  const candidate = pickExport(mod);
  const problems = targetShapeProblems(candidate);
  if (problems.length > 0) {
    return fail(
      diagnostic("MLP5402", "error", `target plugin \`${shown}\` does not export a valid target`, NO_LOCATION, {
        notes: problems,
        help: ["export an object with `name`, `description`, `optionsSchema`, `capabilities` and `emit` as `export const target = { … }`; see docs/targets/plugins.md"],
      }),
    );
  }
  return { ok: true, resolved: { target: candidate as Target, origin } };
}

function pickExport(mod: Record<string, unknown>): unknown {
  if (mod.target !== undefined) return mod.target;
  const def = mod.default;
  if (typeof def === "object" && def !== null && "target" in def && targetShapeProblems(def).length > 0) return (def as { target: unknown }).target;
  return def;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split("\n")[0] ?? "").slice(0, 300);
}

function fail(d: Diagnostic): ResolveResult {
  return { ok: false, diagnostics: [d] };
}
