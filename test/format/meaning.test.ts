/**
 * Formatting never changes meaning: the IR of a formatted program equals the IR of the original
 * (source positions aside), for every example and the kitchen sink, and as a fast-check property
 * over generated programs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { formatSource } from "../../src/format/format.js";
import { memoryHost, nodeHost, type Host } from "../../src/source/host.js";
import { arbitraryProgram } from "./arbitrary-program.js";
import { mlpFiles } from "../helpers/mlp-files.js";

/** A host that formats every `.mlp` file it reads. */
function formattingHost(base: Host): Host {
  return {
    readFile(path) {
      const r = base.readFile(path);
      if (!r.ok) return r;
      const f = formatSource(r.text, path);
      if (!f.ok) throw new Error(`cannot format ${path}: ${f.reason}`);
      return { ok: true, text: f.text };
    },
  };
}

/** The IR without source positions, which formatting is allowed to move. */
function meaning(entry: string, host: Host): unknown {
  const result = compileToIr(entry, host);
  if (!result.ir) throw new Error(`${entry} does not compile: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return JSON.parse(JSON.stringify(result.ir, (key, value) => (key === "origin" ? undefined : value)));
}

describe("formatting preserves meaning", () => {
  it.each([...mlpFiles("examples").filter((f) => !f.endsWith("components.mlp")), "test/fixtures/kitchen-sink.mlp"])("IR(fmt(x)) == IR(x) for %s", (path) => {
    expect(meaning(path, formattingHost(nodeHost))).toEqual(meaning(path, nodeHost));
  });

  it("IR(fmt(x)) == IR(x) when fmt respaces a gate condition (issue #13: its `text` changed)", () => {
    const source = `pipeline p {\n  step s {\n    metrics { m: float }\n    run "x \${metrics}"\n  }\n  gate g {\n    s.m >1\n  }\n}\n`;
    const formatted = formatSource(source, "main.mlp");
    expect(formatted.ok && formatted.text).toContain("s.m > 1");
    const original = memoryHost({ "main.mlp": source });
    expect(meaning("main.mlp", formattingHost(original))).toEqual(meaning("main.mlp", original));
  });

  it("IR(fmt(x)) == IR(x) for generated programs (property)", () => {
    fc.assert(
      fc.property(arbitraryProgram, (source) => {
        const original = memoryHost({ "main.mlp": source });
        expect(meaning("main.mlp", formattingHost(original))).toEqual(meaning("main.mlp", original));
      }),
      { numRuns: 60 },
    );
  });
});
