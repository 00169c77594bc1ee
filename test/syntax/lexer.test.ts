/**
 * The token definitions in `tokens.ts` pass Chevrotain's checks: they define the vocabulary the
 * hand-written scanner implements and build the oracle lexer of `scanner.test.ts`. It also pins
 * how words become keyword tokens: only whole keyword words get their keyword type.
 */
import { describe, expect, it } from "vitest";
import { lex } from "../../src/syntax/lexer.js";
import { buildChevrotainLexer } from "./chevrotain-lexer.js";
import * as T from "../../src/syntax/tokens.js";

describe("token definitions", () => {
  it("passes Chevrotain's token definition checks, with first-character optimisation on", () => {
    // `ensureOptimizations` makes the constructor throw when a pattern defeats the optimisation.
    const lexer = buildChevrotainLexer(true);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    // Warnings (not in Chevrotain's typings) include patterns that can never match.
    expect((lexer as unknown as { lexerDefinitionWarning: unknown[] }).lexerDefinitionWarning).toEqual([]);
  });
});

describe("keywords", () => {
  const typeOf = (source: string): string[] => lex(source).tokens.map((t) => t.tokenType.name);

  it.each([...T.RESERVED_WORDS, ...T.CONTEXTUAL_WORDS])("`%s` lexes as its keyword", (word) => {
    const [type] = typeOf(word);
    expect(type).not.toBe(T.Identifier.name);
    const token = T.allTokens.find((t) => t.name === type)!;
    expect((token.PATTERN as RegExp).source).toBe(word);
  });

  it("keeps words that only start or end like a keyword as names", () => {
    expect(typeOf("stepper step1 _step steps Step importer xint")).toEqual(Array(7).fill("Identifier"));
  });

  it("gives contextual keywords the name category and reserved words not", () => {
    const [schema, , , step] = lex("schema x\nstep y").tokens;
    expect(step!.tokenType).toBe(T.Step);
    expect(step!.tokenType.CATEGORIES).toContain(T.Identifier);
    expect(schema!.tokenType).toBe(T.Schema);
    expect(schema!.tokenType.CATEGORIES).not.toContain(T.Identifier);
  });

  it("leaves keyword-like text inside strings and comments alone", () => {
    const lexed = lex('"step" # step\n');
    expect(lexed.tokens.map((t) => t.tokenType.name)).toEqual(["PlainString"]);
    expect(lexed.comments.map((t) => t.image)).toEqual(["# step"]);
  });
});
