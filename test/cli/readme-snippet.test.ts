/** The pipeline shown at the top of the README type-checks against the penguins example's components. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { nodeHost, type Host } from "../../src/source/host.js";

describe("README snippet", () => {
  it("checks with zero diagnostics next to examples/penguins/components.mlp", () => {
    const snippet = /```mlp\n([\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))?.[1];
    expect(snippet).toContain("pipeline penguins");
    const entry = "examples/penguins/readme-snippet.mlp";
    const host: Host = { readFile: (path) => (path.replace(/\\/g, "/") === entry ? { ok: true, text: snippet! } : nodeHost.readFile(path)) };
    const result = compileToIr(entry, host);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(result.ir?.pipelines[0]?.name).toBe("penguins");
  });
});
