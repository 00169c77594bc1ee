/**
 * The git commit and dirty state of the directory a pipeline lives in, for run records. Runs
 * `git` asynchronously so it overlaps the pipeline's own work; no repository gives nulls.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

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

/**
 * Reads the commit and dirty state of the repository containing `dir` with one `git status`
 * (porcelain v2 prints the commit in its `# branch.oid` header).
 */
export async function gitInfo(dir: string): Promise<GitInfo> {
  if (!insideRepository(dir)) return { commit: null, dirty: null };
  const out = await git(dir, ["status", "--porcelain=v2", "--branch", "--untracked-files=no"]);
  if (out === null) return { commit: null, dirty: null };
  const lines = out.split("\n").filter((l) => l !== "");
  const oid = lines.find((l) => l.startsWith("# branch.oid "))?.slice("# branch.oid ".length) ?? null;
  return { commit: oid === null || oid === "(initial)" ? null : oid, dirty: lines.some((l) => !l.startsWith("#")) };
}

/**
 * Whether `dir` or a parent holds a `.git` entry (or git is pointed elsewhere by `GIT_DIR`), so a
 * pipeline outside any repository costs a few `stat`s instead of starting `git`.
 */
function insideRepository(dir: string): boolean {
  if (process.env["GIT_DIR"] !== undefined) return true;
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return true;
    if (dirname(d) === d) return false;
  }
}
