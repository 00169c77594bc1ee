/**
 * `mlp graph` on pipelines with sweeps: an IR document (`.ir.json`) is validated first and drawn
 * like the source it was compiled from; the penguins tuning example draws its grid.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, tempDir } from "./run-cli.js";

beforeAll(() => ensureBuilt());

const TUNE = "test/fixtures/sweep/tune.ir.json";

describe("mlp graph FILE.ir.json", () => {
  it.each(["mermaid", "dot", "svg", "html"])("draws the tune fixture as %s, as the golden shows", (format) => {
    const r = mlp(["graph", TUNE, "--format", format]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`test/golden/graph/tune.${format}`, "utf8"));
  });

  it("refuses text that is not JSON with MLP9110 and exit 1", () => {
    const file = join(tempDir(), "bad.ir.json");
    writeFileSync(file, '{"ir":');
    const r = mlp(["graph", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[MLP9110]");
    expect(r.stdout).toBe("");
  });

  it("refuses an invalid document with the validator's diagnostics, never drawing it", () => {
    const doc = JSON.parse(readFileSync(TUNE, "utf8"));
    doc.pipelines[0].sweeps[0].members = ["train"];
    const file = join(tempDir(), "broken.ir.json");
    writeFileSync(file, JSON.stringify(doc));
    const r = mlp(["graph", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[MLP9112]: sweep `tune` must need exactly its members");
    expect(r.stdout).toBe("");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe("mlp graph FILE.mlp with a sweep", () => {
  it.each(["mermaid", "dot", "svg", "html"])("draws tune.mlp as %s exactly as from its IR document", (format) => {
    const r = mlp(["graph", "test/fixtures/sweep/tune.mlp", "--format", format]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`test/golden/graph/tune.${format}`, "utf8"));
  });

  it("draws the penguins tuning example's 3×4 grid as one box", () => {
    const r = mlp(["graph", "examples/penguins/tune.mlp", "--format", "dot"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('subgraph "cluster_tune" {');
    expect(r.stdout).toContain('label="tune: 3×4 = 12 points"');
    expect(r.stdout).toContain('"sweep_tune" [label="tune\\nbest max evaluate.f1", shape=hexagon');
  });
});
