/** `mlp lint`, `mlp fmt` and `mlp graph` as a user runs them: output, files written, exit codes. */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, tempDir } from "./run-cli.js";

beforeAll(() => ensureBuilt());

const unpinned = `pipeline p {\n  step s {\n    image "python:latest"\n    run "echo 1"\n  }\n}\n`;

function project(files: Record<string, string>): string {
  const dir = tempDir("mlp-lint-");
  mkdirSync(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("mlp lint", () => {
  it("prints stylish findings and exits 0 for warnings", () => {
    const dir = project({ "p.mlp": unpinned });
    const r = mlp(["lint", "p.mlp"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("3:11  warning  image `python:latest` uses the moving tag `latest`  unpinned-image (MLP6001)");
    expect(r.stdout).toContain("1 problem (0 errors, 1 warning)");
  });

  it("exits 1 over --max-warnings, and for a rule raised to error in mlp.config.json", () => {
    const dir = project({ "p.mlp": unpinned });
    expect(mlp(["lint", ".", "--max-warnings", "0"], { cwd: dir }).status).toBe(1);
    writeFileSync(join(dir, "mlp.config.json"), JSON.stringify({ lint: { rules: { "unpinned-image": "error" } } }));
    const r = mlp(["lint", "."], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("error  image `python:latest`");
  });

  it("rejects an invalid configuration with exit 2", () => {
    const dir = project({ "p.mlp": unpinned, "mlp.config.json": '{"lint": {"rules": {"unpinned-image": "loud"}}}' });
    const r = mlp(["lint", "."], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error[MLP6000]: invalid configuration");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("prints GitHub annotations and SARIF", () => {
    const dir = project({ "p.mlp": unpinned });
    const gh = mlp(["lint", "p.mlp", "--format", "github"], { cwd: dir });
    expect(gh.stdout).toMatch(/^::warning file=p\.mlp,line=3,col=11,.*::image `python:latest` uses the moving tag `latest`/m);
    const sarif = JSON.parse(mlp(["lint", "p.mlp", "--format", "sarif"], { cwd: dir }).stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0].ruleId).toBe("MLP6001");
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("p.mlp");
  });

  it("reports checker errors too, with exit 1", () => {
    const dir = project({ "p.mlp": `pipeline p {\n  step s {\n    run "echo \${nope}"\n  }\n}\n` });
    const r = mlp(["lint", "p.mlp", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics[0].code).toMatch(/^MLP2/);
  });

  it("lists its rules", () => {
    const r = mlp(["lint", "--list-rules"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("MLP6001  unpinned-image");
  });

  it("exits 2 for a missing file", () => {
    const r = mlp(["lint", "/no/such/file.mlp"]);
    expect(r.status).toBe(2);
    expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
  });
});

describe("mlp fmt", () => {
  const messy = "pipeline   p{\n  step s {\n    run \"echo 1\"\n        image \"alpine:3.20\"\n  }\n}\n";
  const tidy = 'pipeline p {\n  step s {\n    image "alpine:3.20"\n    run "echo 1"\n  }\n}\n';

  it("--check lists files that would change, exits 1 and writes nothing", () => {
    const dir = project({ "p.mlp": messy });
    const r = mlp(["fmt", "--check", "."], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe("p.mlp");
    expect(readFileSync(join(dir, "p.mlp"), "utf8")).toBe(messy);
  });

  it("rewrites files in place, then --check passes", () => {
    const dir = project({ "p.mlp": messy });
    expect(mlp(["fmt", "p.mlp"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, "p.mlp"), "utf8")).toBe(tidy);
    expect(mlp(["fmt", "--check", "."], { cwd: dir }).status).toBe(0);
  });

  it("leaves a file with syntax errors alone and exits 1", () => {
    const dir = project({ "p.mlp": "pipeline p {\n  step {\n}\n" });
    const r = mlp(["fmt", "p.mlp"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[MLP1\d{3}\]/);
    expect(readFileSync(join(dir, "p.mlp"), "utf8")).toBe("pipeline p {\n  step {\n}\n");
  });
});

describe("a gate of 10,000 operators (issue #13: lint and fmt overflowed the stack)", () => {
  const deep = `pipeline p {\n  step t {\n    metrics { a: float }\n    run "x \${metrics}"\n  }\n  gate g {\n    t.a${" + 1".repeat(10_000)} > 0\n  }\n}\n`;
  it.each([["lint"], ["fmt"], ["check"]])("mlp %s reports MLP3013 and exits 1", (cmd) => {
    const dir = project({ "p.mlp": deep });
    const r = mlp([cmd, "p.mlp"], { cwd: dir });
    expect(r.status, r.stderr + r.stdout).toBe(1);
    expect(r.stderr + r.stdout).toContain("MLP3013");
    expect(r.stderr + r.stdout).not.toContain("MLP9001");
    expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
    expect(readFileSync(join(dir, "p.mlp"), "utf8")).toBe(deep);
  });
});

describe("mlp graph", () => {
  it.each([
    ["mermaid", "flowchart LR"],
    ["dot", "digraph"],
    ["svg", "<svg xmlns="],
    ["html", "<!doctype html>"],
  ])("draws the penguins pipeline as %s", (format, marker) => {
    const r = mlp(["graph", "examples/penguins/train.mlp", "--format", format]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(marker);
    expect(r.stdout).toContain("evaluate");
  });

  it("writes to a file with -o and picks a pipeline with --pipeline", () => {
    const dir = tempDir();
    const out = join(dir, "g.svg");
    expect(mlp(["graph", "examples/penguins/train.mlp", "--format", "svg", "-o", out, "--pipeline", "penguins_train"]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("</svg>");
    const missing = mlp(["graph", "examples/penguins/train.mlp", "--pipeline", "nope"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no pipeline `nope`");
  });

  it("rejects an unknown format with exit 2", () => {
    expect(mlp(["graph", "examples/penguins/train.mlp", "--format", "png"]).status).toBe(2);
  });
});

describe("README image", () => {
  it("docs/images/penguins-train.svg is what `mlp graph` draws today", () => {
    const r = mlp(["graph", "examples/penguins/train.mlp", "--format", "svg"]);
    expect(r.status).toBe(0);
    expect(readFileSync("docs/images/penguins-train.svg", "utf8"), "regenerate: mlp graph examples/penguins/train.mlp --format svg -o docs/images/penguins-train.svg").toBe(r.stdout);
  });
});

describe("mlp compile --check", () => {
  it("passes when the committed files match, fails (writing nothing) when one drifted or is missing", () => {
    const out = tempDir("mlp-check-");
    const args = ["compile", "examples/penguins/train.mlp", "--target", "argo", "--out", out];
    expect(mlp(args).status).toBe(0);
    expect(mlp([...args, "--check"]).status).toBe(0);
    const [first] = readdirSync(out).filter((f) => f.endsWith(".yaml"));
    expect(first).toBeDefined();
    const target = join(out, first!);
    writeFileSync(target, readFileSync(target, "utf8") + "# hand edit\n");
    const drifted = mlp([...args, "--check"]);
    expect(drifted.status).toBe(1);
    expect(drifted.stdout).toContain("differs from what the source compiles to");
    expect(readFileSync(target, "utf8")).toMatch(/# hand edit\n$/);
    const empty = tempDir("mlp-check-");
    const missing = mlp(["compile", "examples/penguins/train.mlp", "--target", "argo", "--out", empty, "--check"]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(": missing");
    expect(readdirSync(empty)).toEqual([]);
  });

  it("needs --out", () => {
    const r = mlp(["compile", "examples/penguins/train.mlp", "--target", "argo", "--check"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("MLP9105");
  });
});
