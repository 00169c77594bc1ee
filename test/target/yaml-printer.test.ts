/**
 * The shared YAML printer: any JSON-shaped tree, with hostile strings as keys and values, reads
 * back identical with `yaml` (YAML 1.2, strict; YAML 1.1) and `js-yaml`, and its text is what the
 * `yaml` package's `Document#toString` prints for the same tree.
 */
import fc from "fast-check";
import * as jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { printYaml, YamlEntries, yamlComment } from "../../src/target/yaml-printer.js";
import { hostileString } from "./yaml-hostile.js";

const key = fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom("x".repeat(1100), `a: b${"y".repeat(1030)}`) });
const leaf = fc.oneof(
  hostileString,
  fc.integer(),
  // -0 reads back as -0, which the JSON copy used as the expected value cannot hold (see yamlNumber's test).
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.boolean(),
  fc.constant(null),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  ),
})).node;

function readsBack(text: string, expected: unknown): void {
  expect(parse(text, { strict: true, uniqueKeys: false })).toEqual(expected);
  expect(parse(text, { version: "1.1", uniqueKeys: false })).toEqual(expected);
  expect(jsYaml.load(text)).toEqual(expected);
}

describe("printYaml", () => {
  it("round-trips arbitrary JSON trees of hostile strings through YAML 1.2 and YAML 1.1 readers", () => {
    fc.assert(
      fc.property(tree, (doc) => {
        readsBack(printYaml(doc), JSON.parse(JSON.stringify(doc)));
      }),
      { numRuns: 1500, seed: 21 },
    );
  });

  it("prints what the yaml package prints for the same tree", () => {
    // Short keys (longer ones are written `? key`, as `yaml` does), no YAML 1.1 specials, and no
    // sequence directly in a sequence (`yaml` writes `- - x`, this printer `-` then `  - x`).
    const plainish = hostileString.filter((s) => !/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s) && !(/^[\t\n ]*$/.test(s) && /[\t ]/.test(s)) && !/\n \n/.test(s));
    const small = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        plainish,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("node"), { maxLength: 3 }).filter((a) => !a.some(Array.isArray)),
        fc.dictionary(plainish, tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(plainish, small, { minKeys: 1, maxKeys: 4 }), (doc) => {
        const reference = new Document(doc, { aliasDuplicateObjects: false, compat: "yaml-1.1" }).toString({ lineWidth: 0, indentSeq: true });
        expect(printYaml(doc)).toBe(reference);
      }),
      { numRuns: 1500, seed: 9 },
    );
  });

  it("prints a mapping whose entries are made while printing exactly as the plain object", () => {
    // Every plain object of the tree becomes a `YamlEntries`; the text must not change by a byte.
    const lazy = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(lazy);
      if (v === null || typeof v !== "object") return v;
      const entries = Object.entries(v as Record<string, unknown>).map(([k, x]): [string, unknown] => [k, lazy(x)]);
      return new YamlEntries(() => entries);
    };
    fc.assert(
      fc.property(tree, fc.constantFrom(undefined, { data: (s: string) => s.toUpperCase(), bareKeys: new Set(["on"]) }), (doc, options) => {
        expect(printYaml(lazy(doc), options)).toBe(printYaml(doc, options));
      }),
      { numRuns: 1000, seed: 5 },
    );
    let made = 0;
    const entries = new YamlEntries(function* () {
      for (const k of ["a", "b", "c"]) {
        made += 1;
        yield [k, k === "b" ? undefined : { x: made }];
      }
    });
    expect(printYaml({ jobs: entries, empty: new YamlEntries(() => []), items: [entries] })).toBe(
      "jobs:\n  a:\n    x: 1\n  c:\n    x: 3\nempty: {}\nitems:\n  - a:\n      x: 4\n    c:\n      x: 6\n",
    );
    expect(printYaml(new YamlEntries(() => []))).toBe("{}\n");
  });

  it("keeps the text whole across its megabyte blocks, Latin-1 or not, and pieces longer than a block", () => {
    const doc: Record<string, string> = {};
    let expected = "";
    for (let i = 0; i < 60_000; i++) {
      const v = i === 30_000 ? "z".repeat(1_500_000) : i % 7 === 0 ? `\u20ac-${i}` : i % 3 === 0 ? `\u00e9-${"x".repeat(i % 50)}` : `v${i}-${"y".repeat(i % 40)}`;
      doc[`k${i}`] = v;
      expected += `k${i}: ${v}\n`;
    }
    const text = printYaml(doc);
    expect(text.length).toBeGreaterThan(3 << 20);
    expect(text).toBe(expected);
  });

  it("writes keys longer than YAML allows for implicit keys as explicit `? key` entries", () => {
    const long = "k".repeat(1100);
    const text = printYaml({ a: { [long]: [1, { [long]: "v" }] } });
    expect(text).toContain(`  ? ${long}\n  :\n`);
    expect(text).toContain(`- ? ${long}\n      : v\n`);
    readsBack(text, { a: { [long]: [1, { [long]: "v" }] } });
  });

  it("leaves out undefined entries and prints empty collections in flow style", () => {
    expect(printYaml({ a: undefined, b: [], c: {}, d: { e: undefined }, f: [[], [1, [2]]] })).toBe("b: []\nc: {}\nd: {}\nf:\n  - []\n  -\n    - 1\n    -\n      - 2\n");
    expect(printYaml([])).toBe("[]\n");
    expect(printYaml("yes")).toBe('"yes"\n');
    expect(printYaml([{ a: 1, b: 2 }, "x"])).toBe("- a: 1\n  b: 2\n- x\n");
  });

  it("applies the data and leaf hooks to every string, and refuses objects it cannot print", () => {
    class Expr {
      constructor(readonly text: string) {}
    }
    const options = { data: (s: string) => s.toUpperCase(), leaf: (v: object) => (v instanceof Expr ? `<${v.text}>` : undefined) };
    expect(printYaml({ k: ["a", new Expr("e")], yes: "on" }, options)).toBe('K:\n  - A\n  - <e>\n"YES": "ON"\n');
    // A leaf whose text equals a data string is not mistaken for it (nor the other way round).
    const same = "a long string of more than twenty-four characters";
    expect(printYaml({ a: same, b: new Expr(same), c: same }, { ...options, leaf: (v: object) => (v instanceof Expr ? v.text : undefined) })).toBe(
      `A: ${same.toUpperCase()}\nB: ${same}\nC: ${same.toUpperCase()}\n`,
    );
    expect(() => printYaml({ k: new Map() })).toThrow(/cannot print an object of class Map/);
    expect(() => printYaml({ k: Number.NaN })).toThrow(/non-finite/);
    expect(() => printYaml({ k: 1n })).toThrow(/cannot print a bigint/);
  });

  it("prints bare keys only at the top and only when made of letters", () => {
    const bareKeys = new Set(["on", "1"]);
    expect(printYaml({ on: { on: 1 }, 1: 2 }, { bareKeys })).toBe('"1": 2\non:\n  "on": 1\n');
  });

  it("keeps comments from creating nodes", () => {
    const hostile = "one\rb: 2\u0085c: 3\u2028- d\r\n\u0000e\ufefff\u007f";
    const text = printYaml(
      { jobs: { a: { uses: "x" }, b: { uses: "z" } } },
      { entryComments: new Map([["jobs", new Map([["a", hostile]])]]), trailingComment: (k, v) => (k === "uses" && v === "x" ? ` v1${hostile}` : undefined) },
    );
    expect(text).toBe("jobs:\n  # one\n  # b: 2\n  # c: 3\n  # - d\n  # ?e?f?\n  a:\n    uses: x # v1one b: 2 c: 3 - d ?e?f?\n  b:\n    uses: z\n");
    readsBack(text, { jobs: { a: { uses: "x" }, b: { uses: "z" } } });
    expect(yamlComment(hostile, "  ") + "a: 1\n").not.toMatch(/[\r\u0085\u2028\u0000\ufeff\u007f]/);
    expect(parse(yamlComment(hostile) + "a: 1\n")).toEqual({ a: 1 });
  });
});
