import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitInfo } from "../../src/runtime/git-info.js";

describe("gitInfo", () => {
  it("gives nulls outside a repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-nogit-"));
    expect(await gitInfo(dir)).toEqual({ commit: null, dirty: null });
  });

  it("reads the commit and dirty state from a sub-directory of a repository", async () => {
    const repo = mkdtempSync(join(tmpdir(), "mlp-git-"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" }).trim();
    git("init", "-q");
    mkdirSync(join(repo, "sub"));
    writeFileSync(join(repo, "sub", "p.mlp"), "a\n");
    git("add", ".");
    git("commit", "-q", "-m", "one");
    const head = git("rev-parse", "HEAD");
    expect(await gitInfo(join(repo, "sub"))).toEqual({ commit: head, dirty: false });
    writeFileSync(join(repo, "sub", "p.mlp"), "b\n");
    expect(await gitInfo(join(repo, "sub"))).toEqual({ commit: head, dirty: true });
  });
});
