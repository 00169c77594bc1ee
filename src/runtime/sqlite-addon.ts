/**
 * Where better-sqlite3's compiled addon is. Handing its path to `new Database` skips the
 * `bindings` package, which finds the addon by walking the stack and trying a dozen candidate
 * paths in every process. The bundled CLI also carries better-sqlite3's JavaScript (only the
 * addon is loaded from `node_modules`), so opening a store reads one file instead of fifteen.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let addonPath: string | null | undefined;

/**
 * The path of `better_sqlite3.node` in the installed package, or undefined when it is not in
 * the usual place (a debug build, say): better-sqlite3 then looks for it itself.
 */
export function sqliteAddonPath(): string | undefined {
  if (addonPath === undefined) {
    try {
      const pkg = createRequire(import.meta.url).resolve("better-sqlite3/package.json");
      const candidate = join(dirname(pkg), "build", "Release", "better_sqlite3.node");
      addonPath = existsSync(candidate) ? candidate : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}
