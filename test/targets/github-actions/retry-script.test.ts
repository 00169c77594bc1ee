/**
 * The retry loop a retried step job runs (`run: eval "$MLP_RETRY"`), executed by a real `sh -e`
 * as GitHub's default shell runs a step: the job's `MLP_RUN` runs until one attempt succeeds or
 * `MLP_ATTEMPTS` have failed, each attempt stopped by `timeout` after `MLP_ATTEMPT_SECONDS`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RETRY_SCRIPT } from "../../../targets/github-actions/step-job.js";
import { emitIr, loadIr } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mlp-gh-retry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly seconds: number;
}

function retry(run: string, env: Record<string, string>): Outcome {
  const started = Date.now();
  const r = spawnSync("sh", ["-e", "-c", 'eval "$MLP_RETRY"'], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", MLP_RETRY: RETRY_SCRIPT, MLP_RUN: run, ...env },
    // Not a socket (node's default pipe is one): Debian's bash reads ~/.bashrc when stdin is a
    // socket and SHLVL is unset, and a developer's ~/.bashrc may hang (a pyenv rehash did here).
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { status: r.status, stdout: r.stdout + r.stderr, seconds: (Date.now() - started) / 1000 };
}

describe("the retry loop", () => {
  it("is the workflow's MLP_RETRY, run by the one command step of a retried job", () => {
    const ir = loadIr("churn.ir.json");
    const step = ir.pipelines[0]!.steps[0]!;
    const retried = { ...ir, pipelines: [{ ...ir.pipelines[0]!, steps: [{ ...step, retry: 2, timeoutSeconds: 90 }, ...ir.pipelines[0]!.steps.slice(1)] }] };
    const wf = parse(emitIr(retried).files[0]!.contents) as { env: Record<string, string>; jobs: Record<string, { env: Record<string, string>; steps: Array<Record<string, unknown>> }> };
    expect(wf.env["MLP_RETRY"]).toBe(RETRY_SCRIPT);
    const job = wf.jobs[step.name]!;
    const runs = job.steps.filter((s) => typeof s["run"] === "string");
    expect(runs).toHaveLength(1);
    expect(runs[0]!["run"]).toBe('eval "$MLP_RETRY"');
    expect(runs[0]!["timeout-minutes"]).toBe(6);
    expect(runs[0]!["env"]).toMatchObject({ MLP_ATTEMPTS: "3", MLP_ATTEMPT_SECONDS: "90" });
    // The command script is the job's MLP_RUN, written once: the prelude, then the command.
    expect(job.env["MLP_RUN"]).toMatch(/^MLP_IN_\w+="\$GITHUB_WORKSPACE\//);
  });

  it("stops at the first attempt that succeeds", () => {
    const counter = join(dir, "count-ok");
    const r = retry(`echo x >> "${counter}"; [ "$(wc -l < "${counter}")" -ge 2 ]`, { MLP_ATTEMPTS: "3" });
    expect(r.status).toBe(0);
    expect(readFileSync(counter, "utf8")).toBe("x\nx\n");
    expect(r.stdout).toContain("::warning::attempt 1 of 3 failed with exit code 1; trying again");
    expect(r.stdout).toContain("::group::attempt 2 of 3");
  });

  it("fails with the last attempt's exit code after MLP_ATTEMPTS failures", () => {
    const counter = join(dir, "count-fail");
    const r = retry(`echo x >> "${counter}"; exit 7`, { MLP_ATTEMPTS: "2" });
    expect(r.status).toBe(7);
    expect(readFileSync(counter, "utf8")).toBe("x\nx\n");
    expect(r.stdout).toContain("::error::attempt 2 of 2 failed with exit code 7");
  });

  it("runs each attempt with -e, in bash when there is one", () => {
    const r = retry('[ -n "$BASH_VERSION" ] || exit 3\nfalse\necho not reached', { MLP_ATTEMPTS: "2" });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain("not reached");
  });

  it("stops an attempt after MLP_ATTEMPT_SECONDS and tries again", () => {
    const r = retry("sleep 20", { MLP_ATTEMPTS: "2", MLP_ATTEMPT_SECONDS: "1" });
    expect(r.status).toBe(124);
    expect(r.seconds).toBeLessThan(10);
    expect(r.stdout).toContain("::warning::attempt 1 of 2 timed out after 1s; trying again");
    expect(r.stdout).toContain("::error::attempt 2 of 2 timed out after 1s");
  });
});
