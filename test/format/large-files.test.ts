/**
 * Huge inputs never overflow the stack by spreading a long array into `push(...)` (issue #13:
 * `mlp fmt` of a generated 8 MB pipeline, and `check` of a 1 MB file with 500,000 errors, gave
 * MLP9001 "Maximum call stack size exceeded"). 200,000 items is past V8's argument limit.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { formatSource } from "../../src/format/format.js";
import { memoryHost } from "../../src/source/host.js";

const N = 200_000;

describe("large files", () => {
  it("fmt keeps 200,000 comment lines inside a pipeline and after it", () => {
    const text = `pipeline p {\n${"  # note\n".repeat(N)}  step a { run "true" }\n}\n${"# tail\n".repeat(N)}`;
    const r = formatSource(text, "big.mlp");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = r.text.split("\n");
    expect(lines.filter((l) => l === "  # note")).toHaveLength(N);
    expect(lines.filter((l) => l === "# tail")).toHaveLength(N);
  });

  it("check reports 200,000 syntax errors as themselves, not as an internal error", () => {
    const r = compileToIr("big.mlp", memoryHost({ "big.mlp": "@\n".repeat(N) }));
    expect(r.diagnostics.filter((d) => d.code === "MLP9001")).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === "MLP1001")).toHaveLength(N);
  });
});
