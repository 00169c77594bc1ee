/**
 * `mlp compile --check`: compares what a target would write with what is in the output
 * directory, without writing. Generated files drift from their source when someone edits one
 * and not the other; CI catches that here.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EmittedFile } from "../target/target.js";

export interface StaleFile {
  readonly path: string;
  readonly problem: "missing" | "differs";
}

/** Files under `outDir` (relative to `cwd`) that are missing or differ from `files`. */
export function staleOutputs(outDir: string, files: readonly EmittedFile[], cwd: string): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const f of files) {
    let current: string | undefined;
    try {
      current = readFileSync(join(resolve(cwd, outDir), f.path), "utf8");
    } catch {
      current = undefined;
    }
    if (current === undefined) stale.push({ path: f.path, problem: "missing" });
    else if (current !== f.contents) stale.push({ path: f.path, problem: "differs" });
  }
  return stale;
}
