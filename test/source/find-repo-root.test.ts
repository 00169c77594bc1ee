/** The repository root: the nearest `.git` (directory or file) above a directory, else the directory. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot } from "../../src/source/find-repo-root.js";

/** Runs the walk over a made-up tree whose repositories are `gitDirs`. */
function check(start: string, gitDirs: readonly string[], expected: { dir: string; found: boolean }): void {
  expect(findRepoRoot(start, (dir) => gitDirs.includes(dir))).toEqual(expected);
}

describe("findRepoRoot", () => {
  it("stops at the nearest directory holding `.git`", () => {
    check("/r/ml/pipes", ["/r"], { dir: "/r", found: true });
    check("/r/ml/pipes", ["/r", "/r/ml"], { dir: "/r/ml", found: true });
    check("/r", ["/r"], { dir: "/r", found: true });
  });

  it("falls back to the start directory when no `.git` is above it", () => {
    check("/a/b/c", [], { dir: "/a/b/c", found: false });
    check("/a/b/c", ["/a/b/c/d"], { dir: "/a/b/c", found: false });
  });

  it("finds a real `.git` directory and a `.git` file (worktree, submodule)", () => {
    const top = mkdtempSync(join(tmpdir(), "mlp-root-"));
    mkdirSync(join(top, "clone", ".git"), { recursive: true });
    mkdirSync(join(top, "clone", "ml", "pipes"), { recursive: true });
    mkdirSync(join(top, "worktree", "ml"), { recursive: true });
    writeFileSync(join(top, "worktree", ".git"), "gitdir: /elsewhere/.git/worktrees/w\n");
    mkdirSync(join(top, "plain", "x"), { recursive: true });
    expect(findRepoRoot(join(top, "clone", "ml", "pipes"))).toEqual({ dir: join(top, "clone"), found: true });
    expect(findRepoRoot(join(top, "worktree", "ml"))).toEqual({ dir: join(top, "worktree"), found: true });
    const plain = findRepoRoot(join(top, "plain", "x"));
    // tmpdir() itself may sit inside a repository; then the walk rightly finds that one.
    if (!plain.found) expect(plain.dir).toBe(join(top, "plain", "x"));
    else expect(join(top, "plain", "x").startsWith(plain.dir)).toBe(true);
  });

  it("makes a relative start absolute", () => {
    const r = findRepoRoot(".", () => false);
    expect(r).toEqual({ dir: process.cwd(), found: false });
  });
});
