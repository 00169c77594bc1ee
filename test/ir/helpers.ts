/**
 * Helpers for IR tests: compile files of this repository by their path relative to the repo
 * root (so `root` and origins are the same on every machine), and print IR the way goldens
 * store it.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { compileToIr, type CompileResult } from "../../src/compile.js";
import { nodeHost, type Host } from "../../src/source/host.js";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** A host that reads paths relative to the repository root, whatever the current directory. */
export const repoHost: Host = { readFile: (p) => nodeHost.readFile(p.startsWith("/") ? p : join(REPO, p)) };

/** Compiles `path` (relative to the repo root). */
export function compileRepoFile(path: string): CompileResult {
  return compileToIr(path, repoHost);
}

/** The golden text of an IR document: 2-space JSON and a final newline. */
export function irText(ir: unknown): string {
  return JSON.stringify(ir, null, 2) + "\n";
}

/** Every `.mlp` file under `dir` (relative to the repo root), sorted, as repo-relative `/` paths. */
export function findMlpFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(abs, n);
      if (statSync(p).isDirectory()) {
        if (n !== "node_modules" && !n.startsWith(".")) walk(p);
      } else if (n.endsWith(".mlp")) out.push(relative(REPO, p).split("\\").join("/"));
    }
  };
  walk(join(REPO, dir));
  return out;
}
