/**
 * Finds an installed plugin package the way Node would from a directory: `node_modules/<name>`
 * in that directory or any parent, then the ESM entry from `exports` (`import`/`node`/`default`),
 * `module`, `main` or `index.js`. Written out (rather than `require.resolve`) so ESM-only
 * packages whose `exports` have no `require` condition resolve too.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

/** The name a bare `--target foo` looks for: `mlp-target-foo`. */
export function pluginPackageName(name: string): string {
  return `mlp-target-${name}`;
}

/** A package name npm would accept (`name` or `@scope/name`), lowercase. */
export const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The entry file of package `name` installed at or above `fromDir`, or undefined. */
export function findInstalledPackage(name: string, fromDir: string): { dir: string; entry: string } | undefined {
  if (!PACKAGE_NAME.test(name)) return undefined;
  let dir = resolve(fromDir);
  for (;;) {
    const pkgDir = join(dir, "node_modules", ...name.split("/"));
    const pkgJson = join(pkgDir, "package.json");
    if (existsSync(pkgJson)) {
      const entry = packageEntry(pkgDir, pkgJson);
      if (entry !== undefined) return { dir: pkgDir, entry };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function packageEntry(pkgDir: string, pkgJson: string): string | undefined {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const candidates: unknown[] = [exportsEntry(pkg.exports), pkg.module, pkg.main, "index.js"];
  for (const c of candidates) {
    if (typeof c !== "string" || c === "") continue;
    const file = resolve(pkgDir, c);
    // Never leave the package directory, whatever package.json says.
    if (!file.startsWith(pkgDir + sep)) continue;
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      /* try the next candidate */
    }
  }
  return undefined;
}

function exportsEntry(exp: unknown): string | undefined {
  if (typeof exp === "string") return exp;
  if (Array.isArray(exp)) {
    for (const e of exp) {
      const r = exportsEntry(e);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (typeof exp !== "object" || exp === null) return undefined;
  const o = exp as Record<string, unknown>;
  if ("." in o) return exportsEntry(o["."]);
  for (const cond of ["import", "node", "default"]) if (cond in o) {
    const r = exportsEntry(o[cond]);
    if (r !== undefined) return r;
  }
  return undefined;
}
