/**
 * The git commit and dirty state of the directory a pipeline lives in, for run records. Runs
 * `git` asynchronously so it overlaps the pipeline's own work; no repository gives nulls.
 */
import { execFile } from "node:child_process";

/** Commit hash and whether the work tree has uncommitted changes. */
export interface GitInfo {
  readonly commit: string | null;
  readonly dirty: boolean | null;
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) =>
      resolve(err ? null : stdout),
    );
  });
}

/** Reads the commit and dirty state of the repository containing `dir`. */
export async function gitInfo(dir: string): Promise<GitInfo> {
  const [head, status] = await Promise.all([
    git(dir, ["rev-parse", "HEAD"]),
    git(dir, ["status", "--porcelain", "--untracked-files=no"]),
  ]);
  return { commit: head === null ? null : head.trim(), dirty: status === null ? null : status.trim() !== "" };
}
