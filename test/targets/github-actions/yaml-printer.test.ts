/**
 * The GitHub target prints through the shared printer (`src/target/yaml-printer.ts`) and agrees
 * with the `yaml` package: byte-identical to `Document#toString` on the emitted workflows, and
 * `parse(print(tree))` gives the tree back, `${{` neutralised, for random hostile trees.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { makeContext } from "../../../targets/github-actions/context.js";
import { printWorkflow } from "../../../targets/github-actions/emit.js";
import { ghExpr, materialise } from "../../../targets/github-actions/gh-expr.js";
import { resolveOptions } from "../../../targets/github-actions/options.js";
import { buildWorkflow } from "../../../targets/github-actions/workflow.js";
import { validIr } from "../../helpers/valid-ir.js";
import { loadIr } from "./helpers.js";

function workflow(fixture: string): Record<string, unknown> {
  const ir = validIr(loadIr(fixture), fixture);
  const p = ir.pipelines[0]!;
  const ctx = makeContext(p, resolveOptions({}, p, "0.1.0"), ir.root, []);
  return buildWorkflow(ctx)!.workflow;
}

function print(tree: Record<string, unknown>, jobComments: ReadonlyMap<string, string> = new Map(), header?: string): string {
  return printWorkflow({ workflow: tree, jobComments }, header);
}

describe("printWorkflow", () => {
  for (const fixture of ["churn.ir.json", "injection.ir.json"]) {
    it(`prints ${fixture} exactly as the yaml package does`, () => {
      const w = workflow(fixture);
      const reference = new Document(materialise(w), { aliasDuplicateObjects: false, compat: "yaml-1.1" }).toString({ lineWidth: 0, indentSeq: true });
      // The printer adds what a Document does not have: the pinned versions after `uses:`.
      const printed = print(w);
      expect(printed).toMatch(/^ +(?:- )?uses: \S+@[0-9a-f]{40} # v\d/m);
      expect(printed.replace(/^( +(?:- )?uses: \S+@[0-9a-f]{40}) # v[\d.]+$/gm, "$1")).toBe(reference.replace(/^"on":/m, "on:"));
    });
  }

  it("round-trips random trees of hostile strings, with expressions and `${{` in data", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\t", ":", "#", "'", '"', "\\", "-", "{", "}", "[", "]", "&", "*", "!", "|", ">", "%", "@", "`", "é", "\u2028", "\u0085", "\ufeff", "\u0000", "0", "1", ".", "${{", "}}"), maxLength: 12 });
    const tricky = fc.constantFrom("yes", "on", "off", "No", "y", "n", "010", "0o17", "1:20", "~", "null", "Null", "0x1F", "1e3", ".inf", "-.5", "true", "=", "<<", "", " ", "- a", "? x", "@x", "`x", "${{ secrets.X }}");
    const leaf = fc.oneof(text, tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), text.map((t) => ghExpr(`format('{0}', '${t.replace(/'/g, "''")}')`)));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.oneof(text, tricky), tie("node"), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(text, fc.constantFrom("yes", "off", "010", "~", "")).filter((k) => k !== "on"), value, { maxKeys: 4 }), (t) => {
        const printed = print(t as Record<string, unknown>);
        const expected = JSON.parse(JSON.stringify(materialise(t)));
        expect(parse(printed, { strict: true, uniqueKeys: false }) ?? {}).toEqual(expected);
        expect(parse(printed, { version: "1.1", uniqueKeys: false }) ?? {}).toEqual(expected);
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it("keeps comments from creating nodes", () => {
    const printed = print({ jobs: { a: { x: 1 } } }, new Map([["a", "one\rb: 2\u0085c: 3"]]), "h\r\ny: 2\u2028z: 3");
    expect(parse(printed)).toEqual({ jobs: { a: { x: 1 } } });
    expect(printed).not.toMatch(/[\r\u0085\u2028]/);
    expect(printed).toBe("# h\n# y: 2\n# z: 3\n\njobs:\n  # one\n  # b: 2\n  # c: 3\n  a:\n    x: 1\n");
  });

  it("prints a top-level `on` bare, and pinned versions after `uses:`", () => {
    const printed = print({ on: { push: null }, x: { on: 1, uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1" } });
    expect(printed).toMatch(/^on:\n/);
    expect(printed).toContain('\n  "on": 1\n');
    expect(printed).toMatch(/uses: actions\/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v\d/);
  });
});
