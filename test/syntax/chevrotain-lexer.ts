/**
 * The oracle for `src/syntax/scanner.ts`: Chevrotain's own lexer built from the token definitions
 * in `tokens.ts`, as `mlp` used it before the hand-written scanner replaced it. Keywords are left
 * out of the lexer and given their type afterwards (whole words only), as the old `lex` did.
 */
import { Lexer, type IToken, type TokenType } from "chevrotain";
import * as T from "../../src/syntax/tokens.js";
import type { ScanResult } from "../../src/syntax/scanner.js";

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  T.allTokens.filter((t) => t.LONGER_ALT === T.Identifier).map((t) => [String((t.PATTERN as RegExp).source), t] as const),
);

/** The token types the lexer itself matches: all but the keywords and the categories. */
const LEXED_TOKENS = T.allTokens.filter((t) => t.LONGER_ALT !== T.Identifier && t.PATTERN !== Lexer.NA);

/** `validate` runs Chevrotain's checks of the token definitions (anchors, unreachable patterns, …). */
export function buildChevrotainLexer(validate: boolean): Lexer {
  return new Lexer(LEXED_TOKENS, {
    positionTracking: "onlyOffset",
    ensureOptimizations: true,
    recoveryEnabled: true,
    skipValidations: !validate,
  });
}

const lexer = buildChevrotainLexer(false);

/** What Chevrotain's lexer makes of `text`, in the scanner's result shape. */
export function chevrotainScan(text: string): ScanResult {
  const result = lexer.tokenize(text);
  const tokens: IToken[] = result.tokens;
  for (const tok of tokens) {
    const keyword = tok.tokenType === T.Identifier ? KEYWORDS.get(tok.image) : undefined;
    if (keyword === undefined) continue;
    tok.tokenType = keyword;
    tok.tokenTypeIdx = keyword.tokenTypeIdx!;
  }
  return {
    tokens,
    comments: (result.groups["comments"] as IToken[] | undefined) ?? [],
    errors: result.errors.map((e) => ({ offset: e.offset, length: Math.max(1, e.length) })),
  };
}
