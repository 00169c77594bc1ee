/**
 * The fast printer agrees with the `yaml` package: byte-identical to `Document#toString` on the
 * emitted workflows, and `parse(print(tree))` gives the tree back for random hostile trees.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { makeContext } from "../../../targets/github-actions/context.js";
import { materialise } from "../../../targets/github-actions/gh-expr.js";
import { resolveOptions } from "../../../targets/github-actions/options.js";
import { buildWorkflow } from "../../../targets/github-actions/workflow.js";
import { isPlainSafe, printYaml } from "../../../targets/github-actions/yaml-printer.js";
import { loadIr } from "./helpers.js";

function workflow(fixture: string): Record<string, unknown> {
  const ir = loadIr(fixture);
  const p = ir.pipelines[0]!;
  const ctx = makeContext(p, resolveOptions({}, p, "0.1.0"), ir.root, []);
  return buildWorkflow(ctx)!.workflow;
}

describe("printYaml", () => {
  for (const fixture of ["churn.ir.json", "injection.ir.json"]) {
    it(`prints ${fixture} exactly as the yaml package does`, () => {
      const w = workflow(fixture);
      const reference = new Document(materialise(w), { aliasDuplicateObjects: false, compat: "yaml-1.1" }).toString({ lineWidth: 0, indentSeq: true });
      expect(printYaml(w)).toBe(reference.replace(/^"on":/m, "on:"));
    });
  }

  it("round-trips random trees of hostile strings", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\t", ":", "#", "'", '"', "\\", "-", "{", "}", "[", "]", "&", "*", "!", "|", ">", "%", "@", "`", "é", "\u2028", "\u0085", "\ufeff", "\u0000", "0", "1", "."), maxLength: 12 });
    const tricky = fc.constantFrom("yes", "on", "off", "No", "y", "n", "010", "0o17", "1:20", "~", "null", "Null", "0x1F", "1e3", ".inf", "-.5", "true", "=", "<<", "", " ", "- a", "? x", "@x", "`x");
    const leaf = fc.oneof(text, tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.oneof(text, tricky), tie("node"), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(text, fc.constantFrom("yes", "off", "010", "~", "")).filter((k) => k !== "on"), value, { maxKeys: 4 }), (t) => {
        const printed = printYaml(t as Record<string, unknown>);
        const expected = JSON.parse(JSON.stringify(materialise(t)));
        expect(parse(printed, { strict: true, uniqueKeys: false }) ?? {}).toEqual(expected);
        expect(parse(printed, { version: "1.1", uniqueKeys: false }) ?? {}).toEqual(expected);
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it("keeps comments from creating nodes", () => {
    const printed = printYaml({ jobs: { a: { x: 1 } } }, { header: "h\r\ny: 2\u2028z: 3", beforeJob: new Map([["a", "one\rb: 2\u0085c: 3"]]) });
    expect(parse(printed)).toEqual({ jobs: { a: { x: 1 } } });
    expect(printed).not.toMatch(/[\r\u0085\u2028]/);
  });
});

describe("the plain-safe fast path", () => {
  it("only skips strings the yaml package prints unchanged", () => {
    const ctxDoc = new Document(null, { compat: "yaml-1.1" });
    const alphabet = fc.constantFrom(..."abcxyzABCXYZ019_./- ".split(""), "  ");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, minLength: 1, maxLength: 12 }), fc.constantFrom("yes", "No", "ON", "y", "null", "true", "_", "a.b", "x-1", "inf", "nan", "a/b.c")), (s) => {
        if (!isPlainSafe(s)) return;
        const printed = new Document({ k: s }, { compat: "yaml-1.1" }).toString({ lineWidth: 0 });
        expect(printed).toBe(`k: ${s}\n`);
        expect(parse(printed, { version: "1.1" })).toEqual({ k: s });
        expect(ctxDoc).toBeDefined();
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});
