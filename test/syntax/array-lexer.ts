/**
 * The lexer's passes as they were written before the parser read tokens as a stream: each a loop
 * over an array of every token. Kept as the oracle of `LaidOutTokens` (`lexer.ts`), which does the
 * same one token at a time (`streamed-parse.test.ts` compares the two).
 */
import { tokenMatcher, type IToken, type TokenType } from "chevrotain";
import * as T from "../../src/syntax/tokens.js";
import { scan } from "../../src/syntax/scanner.js";
// The token classes are the lexer's own: the oracle is for the passes' logic, not their tables.
import { AFTER_NAME, CONTINUES_AFTER, CONTINUES_BEFORE, MEMBER_STARTS, NAME_CONTEXT, RESERVED } from "../../src/syntax/lexer.js";

/** `lex` as it was: the scanner's tokens through the three array passes. */
export function lexWithArrayPasses(text: string): { tokens: IToken[]; reservedNames: IToken[] } {
  const tokens = layoutTokens(splitTypeClosers(scan(text).tokens));
  const reservedNames = renameReservedNames(tokens);
  return { tokens, reservedNames };
}

/**
 * Splits a `>=` that closes a type's argument list (`dataset d: Table<Row>= "…"`) into `>` and
 * `=`, as Java and C# split `>>` after generics. Only a type word (`Table`, …) takes type
 * arguments and type words never appear in expressions, so a `<` right after one always opens
 * an argument list, and a `>=` while one is open always closes it.
 */
function splitTypeClosers(tokens: IToken[]): IToken[] {
  let open = 0;
  let out: IToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const type = tok.tokenType;
    if (type === T.Less) {
      const prev = tokens[i - 1];
      if (open > 0 || (prev !== undefined && tokenMatcher(prev, T.TypeWord))) open++;
    } else if (open > 0 && type === T.Greater) {
      open--;
    } else if (open > 0 && type === T.GreaterEq) {
      open--;
      out ??= tokens.slice(0, i);
      out.push(
        { ...tok, image: ">", tokenType: T.Greater, tokenTypeIdx: T.Greater.tokenTypeIdx! },
        { ...tok, image: "=", startOffset: tok.startOffset + 1, tokenType: T.Equals, tokenTypeIdx: T.Equals.tokenTypeIdx! },
      );
      continue;
    } else if (open > 0 && (type === T.Newline || type === T.LCurly || type === T.RCurly)) {
      // A type never spans lines or blocks: an unclosed `<` is the parser's to report.
      open = 0;
    }
    out?.push(tok);
  }
  return out ?? tokens;
}

/** Words after which a name is declared. */
const DECLARES_NAME = new Set<TokenType>([
  T.Schema, T.Component, T.Pipeline, T.Step, T.Param, T.Secret, T.Dataset, T.Gate, T.Deploy, T.Target,
  T.Assert, T.Finally,
]);

/**
 * Finds reserved words used as a declared name (`step string {`) or an entry key
 * (`outputs { string: File }`) and turns them into names, so the parser sees a well-formed
 * file and the user gets one MLP1012 instead of a cascade of recovery errors.
 */
function renameReservedNames(tokens: IToken[]): IToken[] {
  const renamed: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (RESERVED[tok.tokenTypeIdx] !== 1) continue;
    const prev = tokens[i - 1]?.tokenType;
    const next = tokens[i + 1]?.tokenType;
    const declared = prev !== undefined && DECLARES_NAME.has(prev) && (next === undefined || AFTER_NAME.has(next));
    const key = (prev === T.LCurly || prev === T.Comma || prev === T.Newline) && next === T.Colon;
    if (!declared && !key) continue;
    tokens[i] = { ...tok, tokenType: T.Identifier, tokenTypeIdx: T.Identifier.tokenTypeIdx! };
    renamed.push(tok);
  }
  return renamed;
}

/**
 * Keeps only the newlines that separate members, fields or conditions: drops newlines inside
 * `(…)` and `[…]`, after an opener, a comma or an operator, before a closer, at the start and end
 * of the file, and collapses runs of newlines into one. Works in place (the lexer's array, which
 * nothing else holds): a second array of every token was a sizeable part of lexing a big file.
 */
function layoutTokens(tokens: IToken[]): IToken[] {
  // Tokens kept so far: `tokens[0 … kept)`. Never ahead of the token being read, so reading
  // ahead (`startsMember`) sees the input as the lexer made it.
  let kept = 0;
  // Stack of open brackets; newlines inside `(` and `[` never matter.
  const open: TokenType[] = [];
  let pendingNewline: IToken | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const type = tok.tokenType;
    if (type === T.Newline) {
      const top = open[open.length - 1];
      if ((top === T.LParen || top === T.LBracket) && !startsMember(tokens, i + 1)) continue;
      if (kept === 0 || CONTINUES_AFTER[tokens[kept - 1]!.tokenTypeIdx] === 1) continue;
      pendingNewline ??= tok;
      continue;
    }
    if (pendingNewline !== undefined) {
      if (CONTINUES_BEFORE[tok.tokenTypeIdx] !== 1) tokens[kept++] = pendingNewline;
      pendingNewline = undefined;
    }
    if (type === T.LCurly || type === T.LParen || type === T.LBracket) open.push(type);
    else if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
      // Pop to the matching opener if there is one (a stray closer leaves the stack alone).
      const want = type === T.RCurly ? T.LCurly : type === T.RParen ? T.LParen : T.LBracket;
      const at = open.lastIndexOf(want);
      if (at >= 0) open.length = at;
    }
    tokens[kept++] = tok;
  }
  tokens.length = kept;
  return tokens;
}

/**
 * True when the line starting at `index` looks like a new member (`step b = …`), which inside
 * `(` or `[` means the bracket was never closed: keeping the newline lets the parser report the
 * missing `)` there and recover, instead of swallowing the rest of the block.
 */
function startsMember(tokens: readonly IToken[], index: number): boolean {
  let i = index;
  while (i < tokens.length && tokens[i]!.tokenType === T.Newline) i++;
  const first = tokens[i];
  if (first === undefined || !MEMBER_STARTS.has(first.tokenType)) return false;
  const second = tokens[i + 1];
  return second === undefined || !NAME_CONTEXT.has(second.tokenType);
}

