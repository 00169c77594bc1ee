/**
 * The shared parser skips Chevrotain's grammar validations to start faster; this test builds a
 * parser with them, so a grammar change that makes a rule ambiguous or left-recursive fails here.
 */
import { Alternation, Alternative, NonTerminal, Option, Repetition, Rule, Terminal, type IProduction } from "chevrotain";
import { describe, expect, it } from "vitest";
import { MEMBER_WORDS, MlpParser, mlpParser } from "../../src/syntax/parser.js";

/** The names of the tokens that can start `prod` (the productions the member rules use). */
function firstWords(prod: IProduction, rules: Record<string, Rule>): string[] {
  if (prod instanceof Terminal) return [prod.terminalType.name];
  if (prod instanceof NonTerminal) return firstWords(rules[prod.nonTerminalName]!, rules);
  if (prod instanceof Alternation) return prod.definition.flatMap((alt) => firstWords(alt, rules));
  if (prod instanceof Rule || prod instanceof Alternative) {
    const out: string[] = [];
    for (const part of prod.definition) {
      out.push(...firstWords(part, rules));
      if (!(part instanceof Option || part instanceof Repetition)) return out;
    }
    return out;
  }
  throw new Error(`unexpected production ${prod.constructor.name} at the start of a member`);
}

describe("grammar validation", () => {
  it("builds the parser with Chevrotain's grammar validations on", () => {
    // Chevrotain throws from the constructor when a validation fails.
    expect(() => new MlpParser({ validateGrammar: true })).not.toThrow();
  });

  it.each(Object.entries(MEMBER_WORDS))("the member words of `%s` are exactly the words that start it", (rule, words) => {
    // The member loops take a word of the set as a member and any other name as an unknown
    // member line, without a gate: that is right only while both agree.
    const rules = mlpParser.getGAstProductions();
    const first = [...new Set(firstWords(rules[rule]!, rules))].sort();
    expect(first).toEqual([...words].map((t) => t.name).sort());
  });
});
