/**
 * .github/workflows/release.yml: passes actionlint, pins every action to a full commit SHA
 * (the same SHA the GitHub target pins for the same action), grants least permissions, and its
 * version check really refuses a tag that is not package.json's version.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PINNED_ACTIONS } from "../../targets/github-actions/actions.js";
import { actionlint } from "../targets/github-actions/validate.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PATH = ".github/workflows/release.yml";
const TEXT = readFileSync(join(ROOT, PATH), "utf8");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
const WORKFLOW = parse(TEXT, { strict: true, uniqueKeys: true }) as {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

/** `uses:` lines that are not `owner/repo@<40 hex> # vX.Y.Z`. */
function unpinned(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^\s*(-\s+)?uses:/.test(l))
    .filter((l) => !/uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(l))
    .map((l) => l.trim());
}

describe("release workflow", () => {
  it("passes actionlint", async () => {
    expect(await actionlint(TEXT, PATH)).toEqual([]);
  });

  it("runs on version tags only", () => {
    expect(WORKFLOW.on).toEqual({ push: { tags: ["v*"] } });
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    expect(TEXT.match(/uses:/g)?.length).toBeGreaterThan(5);
    expect(unpinned(TEXT)).toEqual([]);
    // The check can fail: a tag, a short SHA, a missing comment.
    expect(unpinned("      - uses: docker/login-action@v3\n      - uses: a/b@74a5d14 # v1.0.0\n      - uses: a/b@74a5d142397b4f367a81961eba4e8cd7edddf772\n")).toHaveLength(3);
  });

  it("pins an action the GitHub target also uses to the same SHA", () => {
    const used = [...TEXT.matchAll(/uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)].map((m) => ({ repo: m[1]!, sha: m[2]!, version: m[3]! }));
    const shared = used.filter((u) => PINNED_ACTIONS.some((p) => p.repo === u.repo));
    expect(shared.map((u) => u.repo)).toEqual(expect.arrayContaining(["actions/checkout", "actions/upload-artifact", "actions/download-artifact"]));
    for (const u of shared) {
      const target = PINNED_ACTIONS.find((p) => p.repo === u.repo)!;
      expect({ sha: u.sha, version: u.version }, u.repo).toEqual({ sha: target.sha, version: target.version });
    }
  });

  it("grants nothing by default and each job only what it needs", () => {
    expect(WORKFLOW.permissions).toEqual({});
    const perms = Object.fromEntries(Object.entries(WORKFLOW.jobs).map(([name, job]) => [name, job.permissions]));
    expect(perms).toEqual({
      test: { contents: "read" },
      npm: { contents: "read", "id-token": "write" },
      image: { contents: "read", packages: "write" },
    });
    // No job keeps the checkout token in .git/config.
    for (const job of Object.values(WORKFLOW.jobs)) {
      for (const s of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))) expect(s.with?.["persist-credentials"]).toBe(false);
    }
  });

  it("publishes the tested tarball with provenance, then pushes the image built from it", () => {
    const npm = WORKFLOW.jobs["npm"]!;
    expect(npm.needs).toBe("test");
    const publish = npm.steps.find((s) => s.run?.includes("npm publish"))!;
    expect(publish.run).toMatch(/npm publish "\.\/mlp-lang-mlp-\$VERSION\.tgz" --provenance --access public/);
    expect(publish.env?.["NODE_AUTH_TOKEN"]).toBe("${{ secrets.NPM_TOKEN }}");
    const image = WORKFLOW.jobs["image"]!;
    expect(image.needs).toEqual(["test", "npm"]);
    const build = image.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"))!;
    expect(build.with?.["push"]).toBe(true);
    expect(build.with?.["build-args"]).toBe("MLP_VERSION=${{ needs.test.outputs.version }}");
    expect(String(build.with?.["tags"]).trim().split("\n")).toEqual(["${{ env.IMAGE }}:${{ needs.test.outputs.version }}", "${{ env.IMAGE }}:sha-${{ github.sha }}"]);
    expect(TEXT).toContain("IMAGE: ghcr.io/mlp-lang/mlp\n");
  });

  it("refuses a tag that is not package.json's version", () => {
    const script = WORKFLOW.jobs["test"]!.steps.find((s) => s.id === "version")!.run!;
    const dir = mkdtempSync(join(tmpdir(), "mlp-release-"));
    try {
      const output = join(dir, "output");
      const run = (tag: string) => spawnSync("bash", ["-e", "-c", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TAG: tag, GITHUB_OUTPUT: output } });
      const good = run(`v${PKG.version}`);
      expect(good.status, good.stderr).toBe(0);
      expect(readFileSync(output, "utf8")).toBe(`version=${PKG.version}\n`);
      const bad = run("v9.9.9-not-this");
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain(`::error::tag v9.9.9-not-this is not v${PKG.version}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
