/** `mlp graph` on an IR document (`.ir.json`): drawn like the source it was compiled from, validated first. */
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
