/**
 * The escaping layer of the targets' YAML: `yamlString` picks the style the `yaml` package picks
 * (byte for byte, except the YAML 1.1 escapes it adds), and every scalar it prints reads back as
 * the same string with YAML 1.2 and YAML 1.1 readers.
 */
import fc from "fast-check";
import * as jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { stringifyString, type StringifyContext } from "yaml/util";
import { isSimplePlain, yamlNumber, yamlSingleQuoted, yamlString } from "../../src/target/yaml-scalar.js";
import { hostileString } from "./yaml-hostile.js";

/** The `yaml` package's choice for `value` with the printer's options (no folding, YAML 1.1 compat). */
function reference(value: string, indent: string, implicitKey: boolean): string {
  const doc = new Document(null, { compat: "yaml-1.1" });
  const options = {
    blockQuote: true, defaultKeyType: null, defaultStringType: "PLAIN", directives: null, doubleQuotedAsJSON: false,
    doubleQuotedMinMultiLineLength: 40, falseStr: "false", flowCollectionPadding: true, indentSeq: true, lineWidth: 0,
    minContentWidth: 20, nullStr: "null", simpleKeys: false, singleQuote: null, trailingComma: false, trueStr: "true",
    verifyAliasOrder: true,
  };
  const ctx = { anchors: new Set(), doc, flowCollectionPadding: " ", indent, indentStep: "  ", inFlow: false, options, implicitKey, actualString: true };
  return stringifyString({ value } as never, ctx as unknown as StringifyContext);
}

const indent = fc.constantFrom("", "  ", "    ", "      ");

describe("yamlString", () => {
  it("chooses the yaml package's style, except the YAML 1.1 escapes", () => {
    fc.assert(
      fc.property(hostileString, indent, fc.boolean(), (s, ind, key) => {
        // Without an indentation there is no place for a key (a root key sits at the first step).
        if (key && ind === "") return;
        // Documented differences: the YAML 1.1 escapes, and whitespace-only text (quoted, not a block).
        const differs = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s) || (/^[\t\n ]*$/.test(s) && /[\t ]/.test(s)) || /\n \n/.test(s);
        const expected = differs ? undefined : reference(s, ind, key);
        if (expected !== undefined) expect(yamlString(s, ind, key)).toBe(expected);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it("reads back as the same string with YAML 1.2 and YAML 1.1 readers, as a value and as a key", () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const asValue = `k: ${yamlString(s, "  ", false)}\n`;
        const asKey = `${yamlString(s, "  ", true)}: v\n`;
        for (const text of [asValue, `a:\n  k: ${yamlString(s, "    ", false)}\n`]) {
          const expected = text === asValue ? { k: s } : { a: { k: s } };
          expect(parse(text, { strict: true })).toEqual(expected);
          expect(parse(text, { version: "1.1" })).toEqual(expected);
          expect(jsYaml.load(text)).toEqual(expected);
        }
        expect(parse(asKey, { strict: true })).toEqual({ [s]: "v" });
        expect(parse(asKey, { version: "1.1" })).toEqual({ [s]: "v" });
        expect(jsYaml.load(asKey)).toEqual({ [s]: "v" });
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("never writes raw what YAML 1.1 reads as a line break or refuses", () => {
    fc.assert(
      fc.property(hostileString, indent, fc.boolean(), (s, ind, key) => {
        expect(yamlString(s, ind, key)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it("quotes each kind of hostile scalar as expected", () => {
    expect(yamlString("python:3.12-slim", "  ", false)).toBe("python:3.12-slim");
    expect(yamlString("check out the repository", "  ", false)).toBe("check out the repository");
    expect(yamlString("${{ steps.a.outcome == 'failure' }}", "  ", false)).toBe("${{ steps.a.outcome == 'failure' }}");
    for (const word of ["yes", "No", "ON", "off", "y", "null", "~", "true", "010", "1e3", ".inf", "1:20", "0.5", "<<", ""]) {
      expect(yamlString(word, "  ", false)).toBe(`"${word}"`);
    }
    expect(yamlString('{"a":"int"}', "  ", false)).toBe(`'{"a":"int"}'`);
    expect(yamlString("a: b", "  ", false)).toBe('"a: b"');
    expect(yamlString("a #b", "  ", false)).toBe('"a #b"');
    expect(yamlString("- x", "  ", false)).toBe('"- x"');
    expect(yamlString("a\u2028b\u0085", "  ", false)).toBe('"a\\u2028b\\u0085"');
    expect(yamlString("a\u007fb", "  ", false)).toBe('"a\\u007Fb"');
    expect(yamlString("set -e\necho hi\n", "  ", false)).toBe("|\n  set -e\n  echo hi");
    expect(yamlString("a\nb", "    ", false)).toBe("|-\n    a\n    b");
    expect(yamlString("a\nb\n\n", "  ", false)).toBe("|+\n  a\n  b\n");
    expect(yamlString("  a\nb", "  ", false)).toBe("|2-\n    a\n  b");
    expect(yamlString("a\n", "  ", true)).toBe('"a\\n"');
    expect(yamlString(" \n", "  ", false)).toBe(String.raw`"\ \n"`);
    // A long double-quoted string (a control character forces the quotes) with a one-space line.
    const long = "a\r\nb!!python/object:os.systema\n \nb";
    expect(yamlString(long, "  ", false)).toBe('"a\\r\n\n  b!!python/object:os.systema\n\n  \\ \n\n  b"');
    expect(parse(`k: ${yamlString(long, "  ", false)}\n`)).toEqual({ k: long });
  });
});

describe("yamlSingleQuoted", () => {
  it("single-quotes one printable line and otherwise prints one line that reads back the same", () => {
    expect(yamlSingleQuoted("{{inputs.parameters.metrics}}")).toBe("'{{inputs.parameters.metrics}}'");
    expect(yamlSingleQuoted("it's")).toBe("'it''s'");
    expect(yamlSingleQuoted("a\nb")).toBe('"a\\nb"');
    fc.assert(
      fc.property(hostileString, (s) => {
        const printed = yamlSingleQuoted(s);
        expect(printed).not.toContain("\n");
        for (const text of [`k: ${printed}\n`, `a:\n  b:\n    - k: ${printed}\n`]) {
          const expected = text.startsWith("k") ? { k: s } : { a: { b: [{ k: s }] } };
          expect(parse(text, { strict: true })).toEqual(expected);
          expect(parse(text, { version: "1.1" })).toEqual(expected);
          expect(jsYaml.load(text)).toEqual(expected);
        }
      }),
      { numRuns: 2000, seed: 17 },
    );
  });
});

describe("isSimplePlain", () => {
  it("accepts only strings yamlString prints as they are", () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."aZy_$/(:# -'\"{}[],&*!|>%@`?.0123456789e+~<=\\".split("")), minLength: 1, maxLength: 10 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(ascii, hostileString), (s) => {
        if (!isSimplePlain(s)) return;
        accepted++;
        for (const ind of ["  ", "    "]) expect(yamlString(s, ind, false)).toBe(s);
      }),
      { numRuns: 5000, seed: 13 },
    );
    expect(accepted).toBeGreaterThan(200);
    for (const s of ["yes", "Off", "y", "null", "a: b", "a #b", "a ", "a:", "-a", "#a", "1"]) expect(isSimplePlain(s)).toBe(false);
    for (const s of ["a:b", "${{ x }}", "/tmp/x y", "python:3.12-slim", "run s1 (attempt 1 of 2)"]) expect(isSimplePlain(s)).toBe(true);
  });
});

describe("yamlNumber", () => {
  it("prints finite numbers as JSON does and refuses the others", () => {
    expect(yamlNumber(0.5)).toBe("0.5");
    expect(yamlNumber(-0)).toBe("-0");
    expect(yamlNumber(1e21)).toBe("1e+21");
    expect(() => yamlNumber(Number.NaN)).toThrow(/non-finite/);
    expect(() => yamlNumber(Number.POSITIVE_INFINITY)).toThrow(/non-finite/);
  });
});
