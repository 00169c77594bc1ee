/**
 * The YAML printer the Argo target uses (the shared `src/target/yaml-printer.ts`) is an escaping
 * layer: any JSON-shaped value, with any strings, reads back identical with `yaml` (YAML 1.2)
 * and `js-yaml`.
 */
import fc from "fast-check";
import * as jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { printYaml } from "../../../src/target/yaml-printer.js";
import { yamlString } from "../../../src/target/yaml-scalar.js";

const inlineScalar = (s: string): string => yamlString(s, "  ", false);

const tricky = fc.constantFrom(
  "", " ", "yes", "No", "ON", "off", "y", "null", "~", "true", "1_000", "0x1F", "1:20", "2001-12-14", ".inf", "-.5", "=", "<<", "-", "- x",
  "a: b", "a #b", "#x", "&a", "*a", "!!python/object:os.system", "{{x}}", "[1]", "@x", "`x`", "|", ">", "%YAML", "---", "...",
  "a\n", "a\n\n", "\na", " a\nb", "a\n \nb", "a\r\nb", "\u0085", "a\u2028b", "\u2029", "\ufeff", "\t", "é—😀", "\ud800", "a\\b", "'\"",
  "python:3.12-slim", "/tmp/mlp-in/x", "nvidia.com/gpu", "a:", "key:value",
);
const str = fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 12 }), fc.array(tricky, { maxLength: 4 }).map((a) => a.join("")));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    str,
    fc.integer(),
    fc.boolean(),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(str, tie("node"), { maxKeys: 4 }),
  ),
})).node;

describe("argo target: YAML printer", () => {
  it("round-trips arbitrary values through YAML 1.2 and YAML 1.1 readers", () => {
    fc.assert(
      fc.property(fc.dictionary(str, value, { maxKeys: 5 }), (doc) => {
        const text = printYaml(doc);
        const expected = JSON.parse(JSON.stringify(doc));
        expect(parse(text, { strict: true, uniqueKeys: true })).toEqual(expected);
        expect(jsYaml.load(text)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("prints ordinary values plainly and quotes what YAML would misread", () => {
    expect(inlineScalar("python:3.12-slim")).toBe("python:3.12-slim");
    expect(inlineScalar("yes")).toBe('"yes"');
    expect(inlineScalar("0.05")).toBe('"0.05"');
    expect(inlineScalar("a\u2028b")).toBe('"a\\u2028b"');
    expect(inlineScalar("{{workflow.name}}")).toBe('"{{workflow.name}}"');
    expect(inlineScalar("good.Succeeded && work.Succeeded")).toBe("good.Succeeded && work.Succeeded");
    expect(printYaml({ s: "set -e\necho hi\n" })).toBe("s: |\n  set -e\n  echo hi\n");
  });
});
