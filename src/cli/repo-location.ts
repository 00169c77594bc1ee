/**
 * Where an entry file sits in its repository, for the compiler's `LowerOptions`: the current
 * directory and the repository root (found by `findRepoRoot`, or given with `--root DIR`). With
 * both absolute, the IR, and so every output, is the same from any directory and path spelling.
 */
import { statSync } from "node:fs";
import { dirname, relative, resolve, isAbsolute } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { LowerOptions } from "../ir/lower.js";
import { findRepoRoot } from "../source/find-repo-root.js";

/** The options to lower `file` with, or MLP9109 when `--root` is unusable. */
export function repoLocation(file: string, cwd: string, rootFlag?: string): { ok: true; options: LowerOptions } | { ok: false; diagnostic: Diagnostic } {
  const entryDir = dirname(resolve(cwd, file));
  if (rootFlag === undefined) return { ok: true, options: { cwd, repoRoot: findRepoRoot(entryDir).dir } };
  const repoRoot = resolve(cwd, rootFlag);
  let isDir = false;
  try {
    isDir = statSync(repoRoot).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) return { ok: false, diagnostic: diagnostic("MLP9109", "error", `\`--root ${rootFlag}\` is not a directory`, NO_LOCATION) };
  const rel = relative(repoRoot, entryDir);
  if (rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") || isAbsolute(rel)) {
    return {
      ok: false,
      diagnostic: diagnostic("MLP9109", "error", `\`${file}\` is outside \`--root ${rootFlag}\``, NO_LOCATION, {
        notes: ["`--root` names the repository root that output paths are relative to; it must hold the compiled file"],
        help: ["give a directory above the file, or leave `--root` out to use the nearest directory holding `.git`"],
      }),
    };
  }
  return { ok: true, options: { cwd, repoRoot } };
}
