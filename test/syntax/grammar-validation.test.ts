/**
 * The shared parser skips Chevrotain's grammar validations to start faster; this test builds a
 * parser with them, so a grammar change that makes a rule ambiguous or left-recursive fails here.
 */
import { describe, expect, it } from "vitest";
import { MlpParser } from "../../src/syntax/parser.js";

describe("grammar validation", () => {
  it("builds the parser with Chevrotain's grammar validations on", () => {
    // Chevrotain throws from the constructor when a validation fails.
    expect(() => new MlpParser({ validateGrammar: true })).not.toThrow();
  });
});
