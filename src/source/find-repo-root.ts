/**
 * The repository root of a file: the nearest directory, walking up from the file's own, that
 * holds `.git` (a directory in a clone; a file in a worktree or a submodule). Outputs name paths
 * relative to it, so the same source compiles to the same bytes from any current directory.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Where the walk up stopped, and whether a `.git` was found there. */
export interface RepoRoot {
  /** Absolute directory. */
  readonly dir: string;
  /** False when no `.git` was found above `start`: `dir` is then `start` itself. */
  readonly found: boolean;
}

/**
 * Walks up from `start` (a directory, made absolute) to the first directory holding `.git`; falls
 * back to `start` when there is none. `hasGit` is the only file-system access (tests pass their own).
 */
export function findRepoRoot(start: string, hasGit: (dir: string) => boolean = (dir) => existsSync(resolve(dir, ".git"))): RepoRoot {
  const from = resolve(start);
  for (let dir = from; ; ) {
    if (hasGit(dir)) return { dir, found: true };
    const up = dirname(dir);
    if (up === dir) return { dir: from, found: false };
    dir = up;
  }
}
