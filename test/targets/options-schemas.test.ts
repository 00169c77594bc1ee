/**
 * Every built-in target's options schema is a valid JSON Schema. `mlp compile` trusts them and
 * skips the meta-schema check for built-ins (`optionsValidator(target, false)`), so this is where
 * a broken built-in schema is caught.
 */
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { BUILTIN_TARGETS } from "../../targets/index.js";
import { optionsValidator } from "../../src/target/validate-options.js";

describe("built-in targets' options schemas", () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const target of BUILTIN_TARGETS) {
    it(`${target.name}: valid against the JSON Schema meta-schema, and compiles unchecked to a validator`, () => {
      expect(ajv.validateSchema(target.optionsSchema as Record<string, unknown>), JSON.stringify(ajv.errors)).toBe(true);
      expect(typeof optionsValidator(target, false)).toBe("function");
    });
  }

  it("still reports a plugin's invalid schema (MLP5404) when the schema is checked", () => {
    const plugin = { ...BUILTIN_TARGETS[0]!, name: "broken", optionsSchema: { type: "object", properties: { a: { type: 5 } } } };
    const result = optionsValidator(plugin);
    expect(typeof result === "function" ? "a validator" : result.code).toBe("MLP5404");
  });
});
