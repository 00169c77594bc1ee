/**
 * Defects found by running mlp as a new user would (issue #11, item 7): a command's own `--format`
 * never mixes with the diagnostics format, `mlp run`'s closing line, and JSON errors from the
 * store commands.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stepTally } from "../../src/cli/commands/run.js";
import { ensureBuilt, hasStackTrace, mlp, tempDir } from "./run-cli.js";

beforeAll(() => ensureBuilt());

function project(files: Record<string, string>): string {
  const dir = tempDir("mlp-defects-");
  mkdirSync(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A pipeline with one warning (MLP4003: `split.test` is never read). */
const withWarning =
  `pipeline p {\n  step split {\n    outputs { train: File, test: File }\n    run "echo a > \${train}; echo b > \${test}"\n  }\n` +
  `  step fit {\n    inputs { data: split.train }\n    run "cat \${data}"\n  }\n}\n`;

describe("a command's own --format and the diagnostics format", () => {
  it("mlp graph --format mermaid draws a file that has a warning, and prints the warning as text", () => {
    const dir = project({ "p.mlp": withWarning });
    const r = mlp(["graph", "p.mlp", "--format", "mermaid"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR/);
    expect(r.stderr).toContain("warning[MLP4003]");
    expect(r.stderr).not.toContain("MLP9001");
  });

  it("the global --format json still applies to graph's diagnostics, on stderr beside the drawing", () => {
    const dir = project({ "p.mlp": withWarning });
    const r = mlp(["--format", "json", "graph", "p.mlp", "--format", "dot"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph/);
    expect(JSON.parse(r.stderr).diagnostics[0].code).toBe("MLP4003");
  });

  it("mlp lint --format sarif with a warning, and the global --format json as lint's default", () => {
    const dir = project({ "p.mlp": withWarning });
    const sarif = mlp(["lint", "p.mlp", "--format", "sarif"], { cwd: dir });
    expect(sarif.status).toBe(0);
    expect(JSON.parse(sarif.stdout).runs[0].results[0].ruleId).toBe("MLP4003");
    const json = mlp(["--format", "json", "lint", "p.mlp"], { cwd: dir });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).diagnostics[0].code).toBe("MLP4003");
  });
});

describe("mlp run's closing line", () => {
  it("a missing dataset: the diagnostic with its code and span, and no `run null`", () => {
    const dir = project({
      "p.mlp": `pipeline p {\n  dataset raw: File = "missing.txt"\n  step s {\n    inputs { f: raw }\n    run "cat \${f}"\n  }\n}\n`,
    });
    const r = mlp(["run", "p.mlp"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[MLP7015]: dataset `raw`: cannot read `missing.txt`");
    expect(r.stderr).toContain("--> p.mlp:2:11");
    expect(r.stderr).not.toContain("null");
    expect(r.stderr).toContain("no run started: 1 error before the first step; nothing was recorded");
  });

  it("names failed and not-run steps, and pluralises the node count", () => {
    const dir = project({
      "p.mlp": `pipeline p {\n  step a {\n    outputs { o: File }\n    run "exit 3"\n  }\n  step b {\n    inputs { x: a.o }\n    run "cat \${x}"\n  }\n}\n`,
      "one.mlp": `pipeline one {\n  step a {\n    run "true"\n  }\n}\n`,
    });
    const r = mlp(["run", "p.mlp"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("(2 nodes)");
    expect(r.stderr).toMatch(/run 1 failed: 0 ran, 0 cached, 1 failed, 1 not run, in /);
    const one = mlp(["run", "one.mlp", "--store", ".one"], { cwd: dir });
    expect(one.stderr).toContain("run 1 of pipeline `one` (1 node)\n");
    expect(one.stderr).toMatch(/run 1 succeeded: 1 ran, 0 cached, in /);
    const plan = mlp(["run", "one.mlp", "--store", ".two", "--dry-run"], { cwd: dir });
    expect(plan.stderr).toContain("plan: 1 step would run, 0 cached");
  });

  it("stepTally: ran and cached always, the rest only when not zero, in a fixed order", () => {
    const of = (...s: string[]) => s.map((status) => ({ status }) as never);
    expect(stepTally(of())).toBe("0 ran, 0 cached");
    expect(stepTally(of("not_run", "skipped", "cancelled", "failed", "cached", "done", "done"))).toBe(
      "2 ran, 1 cached, 1 failed, 1 cancelled, 1 skipped, 1 not run",
    );
  });
});

describe("the store commands honour the global --format json for their errors", () => {
  const dir = project({ "one.mlp": `pipeline one {\n  step a {\n    run "true"\n  }\n}\n` });
  const cases: Array<[string, string[], string]> = [
    ["runs, no store", ["runs", "--store", "nostore"], "MLP9106"],
    ["runs show, no store", ["runs", "show", "1", "--store", "nostore"], "MLP9106"],
    ["runs diff, no store", ["runs", "diff", "1", "2", "--store", "nostore"], "MLP9106"],
    ["lineage, no store", ["lineage", "abcdef", "--store", "nostore"], "MLP9106"],
    ["approve, no store", ["approve", "1", "prod", "--store", "nostore"], "MLP9106"],
    ["runs show, no such run", ["runs", "show", "99"], "MLP9107"],
    ["runs diff, no such run", ["runs", "diff", "1", "99"], "MLP9107"],
    ["lineage, no such run", ["lineage", "99", "a"], "MLP9107"],
    ["lineage, no such step", ["lineage", "1", "nope"], "MLP9107"],
    ["lineage, no such artifact", ["lineage", "abcdef"], "MLP9107"],
    ["approve, no such run", ["approve", "99", "prod"], "MLP9107"],
    ["approve, nothing awaits", ["approve", "1", "prod"], "MLP9108"],
  ];
  beforeAll(() => {
    expect(mlp(["run", "one.mlp"], { cwd: dir }).status).toBe(0);
  });
  it("mlp run: a store that cannot be opened (MLP7022), and lint: a bad configuration (MLP6000)", () => {
    const d = project({ "one.mlp": `pipeline one {\n  step a {\n    run "true"\n  }\n}\n`, "afile": "x" });
    const run = mlp(["--format", "json", "run", "one.mlp", "--store", "afile"], { cwd: d });
    // An I/O error (docs/running.md, "Faults"), not a failed step.
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).diagnostics[0].code).toBe("MLP7022");
    expect(JSON.parse(run.stdout).diagnostics[0].message).toContain("it is a file, not a directory");
    writeFileSync(join(d, "mlp.config.json"), '{"lint": {"rules": {"unpinned-image": "loud"}}}');
    const lint = mlp(["--format", "json", "lint", "one.mlp"], { cwd: d });
    expect(lint.status).toBe(2);
    expect(JSON.parse(lint.stdout).diagnostics[0].code).toBe("MLP6000");
  });

  it.each(cases)("%s", (_name, args, code) => {
    const json = mlp(["--format", "json", ...args], { cwd: dir });
    expect(json.status).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toEqual([code]);
    expect(json.stderr).toBe("");
    const human = mlp(args, { cwd: dir });
    expect(human.status).toBe(2);
    expect(human.stdout).toBe("");
    expect(human.stderr).toMatch(new RegExp(`^error\\[${code}\\]: `));
    expect(hasStackTrace(human.stderr)).toBe(false);
  });
});

describe("# mlp-ignore covers the compiler's warnings in every command", () => {
  const silenced = withWarning.replace("    outputs { train", "    # mlp-ignore MLP4003: the test split is inspected by hand\n    outputs { train");
  it.each([
    ["check", ["check", "p.mlp"]],
    ["lint", ["lint", "p.mlp", "--format", "json"]],
    ["compile", ["compile", "p.mlp", "--target", "github", "--out", "out"]],
    ["graph", ["graph", "p.mlp"]],
  ])("mlp %s", (_name, args) => {
    const dir = project({ "p.mlp": silenced, "loud.mlp": withWarning });
    const quiet = mlp(args, { cwd: dir });
    expect(quiet.status).toBe(0);
    expect(quiet.stdout + quiet.stderr).not.toContain("MLP4003");
    expect(quiet.stdout + quiet.stderr).not.toContain("MLP6013");
    const loud = mlp(args.map((a) => (a === "p.mlp" ? "loud.mlp" : a)), { cwd: dir });
    expect(loud.stdout + loud.stderr).toContain("MLP4003");
  });

  it("a target's warning too (MLP5002, an unknown target block, in mlp check)", () => {
    const source = `pipeline p {\n  step s {\n    run "true"\n  }\n  # mlp-ignore MLP5002: an in-house target\n  target inhouse { x: 1 }\n}\n`;
    const dir = project({ "p.mlp": source, "loud.mlp": source.replace("# mlp-ignore MLP5002: an in-house target", "# plain") });
    expect(mlp(["check", "p.mlp"], { cwd: dir }).stderr).toBe("no problems found in 1 file\n");
    expect(mlp(["check", "loud.mlp"], { cwd: dir }).stderr).toContain("warning[MLP5002]");
  });
});
