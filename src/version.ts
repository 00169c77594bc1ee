import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function findVersion(): string {
  // src/version.ts, dist/src/version.js and the bundle's chunks (dist/cli/chunks/*.cjs) sit at
  // different depths below package.json.
  for (const rel of ["../package.json", "../../package.json", "../../../package.json"]) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === "@mlp-lang/mlp" && pkg.version) return pkg.version;
    } catch {
      /* try the next candidate */
    }
  }
  return "0.0.0";
}

/** The toolchain version, from package.json. */
export const MLP_VERSION: string = findVersion();
