/**
 * The hand-written lexer: splits `.mlp` text into the Chevrotain tokens the parser reads. It
 * gives exactly the tokens Chevrotain's lexer gave for the definitions in `tokens.ts` (same type,
 * image and offset; `test/syntax/scanner.test.ts` compares the two on generated and real files),
 * in one forward pass with a table of character classes instead of trying regular expressions
 * one after another. It takes half the instructions of Chevrotain's lexer per token (which was
 * about a tenth of `mlp compile` on a big file), and there is no lexer to build at start-up.
 *
 * `tokens.ts` stays the definition of the vocabulary and of the matching order; this file is a
 * faster way to apply it. The rules it relies on (first match wins, in the order of `allTokens`):
 * - whitespace is skipped, `# …` goes to the comments, line ends are tokens;
 * - `"""…"""` (else to the end of the text), then `"…"` closed on its line (else unterminated);
 * - a number is the longest `\d+(\.\d+)?([eE][+-]?\d+)?`, then a duration unit, a quantity unit
 *   or nothing, and then no `[A-Za-z0-9_.]`; anything else from the digit on is `BadNumber`
 *   (`\d[A-Za-z0-9_.]*`); backtracking into the number can never help, since a shorter number is
 *   followed by a digit, `.` or `e`, which no unit starts with and the look-ahead refuses;
 * - a word is a name unless the whole word is a keyword;
 * - two-character operators before their one-character prefixes;
 * - an unknown character starts an error that runs to the next character that starts a token.
 */
import type { IToken, TokenType } from "chevrotain";
import * as T from "./tokens.js";
import { scanPlainString } from "./string-scan.js";

/** A lexing error: characters that start no token. */
export interface ScanError {
  readonly offset: number;
  readonly length: number;
}

export interface ScanResult {
  /** Every token but comments, line ends included. */
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: ScanError[];
}

// Character classes (ASCII; `classOf` maps the rest).
const ERROR = 0;
const SPACE = 1;
const LINE_END = 2;
const HASH = 3;
const QUOTE = 4;
const DIGIT = 5;
const WORD = 6;
const PUNCT = 7;
const BANG = 8;

const CLASS = new Uint8Array(128);
for (const c of " \t\f\v") CLASS[c.charCodeAt(0)] = SPACE;
CLASS[0x0a] = LINE_END;
CLASS[0x0d] = LINE_END;
CLASS[0x23] = HASH;
CLASS[0x22] = QUOTE;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = WORD;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = WORD;
CLASS[0x5f] = WORD;
for (const c of "{}()[],:.?=<>+-*/") CLASS[c.charCodeAt(0)] = PUNCT;
CLASS[0x21] = BANG;

function classOf(c: number): number {
  if (c < 128) return CLASS[c]!;
  return c === 0xfeff || c === 0xa0 ? SPACE : ERROR;
}

/** `[A-Za-z0-9_]`: what continues a word. */
function isWordPart(c: number): boolean {
  return c < 128 && (CLASS[c] === WORD || CLASS[c] === DIGIT);
}

/** `[A-Za-z0-9_.]`: what may not follow a number, duration or quantity. */
function continuesNumber(c: number): boolean {
  return c === 0x2e || isWordPart(c);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A token type with its index, read from records of one shape: token types themselves come in
 * many shapes (categories, longer alternatives, …), and reading `tokenTypeIdx` from them in the
 * loop was a megamorphic property access per token.
 */
interface Kind {
  readonly type: TokenType;
  readonly idx: number;
}

function kind(type: TokenType): Kind {
  return { type, idx: type.tokenTypeIdx! };
}

const IDENTIFIER = kind(T.Identifier);
const NEWLINE = kind(T.Newline);
const COMMENT = kind(T.Comment);
const TRIPLE_STRING = kind(T.TripleString);
const UNTERMINATED_TRIPLE_STRING = kind(T.UnterminatedTripleString);
const PLAIN_STRING = kind(T.PlainString);
const UNTERMINATED_STRING = kind(T.UnterminatedString);
const NUMBER = kind(T.NumberLiteral);
const DURATION = kind(T.DurationLiteral);
const QUANTITY = kind(T.QuantityLiteral);
const BAD_NUMBER = kind(T.BadNumber);
const QUESTION_QUESTION = kind(T.QuestionQuestion);

/** A keyword and its token type; its word doubles as the token's image. */
interface Keyword {
  readonly word: string;
  readonly kind: Kind;
}

/** Keywords by their first character, for whole-word lookups without slicing the word. */
const KEYWORDS_BY_FIRST: Keyword[][] = Array.from({ length: 128 }, () => []);
for (const type of T.allTokens) {
  if (type.LONGER_ALT !== T.Identifier) continue;
  const word = (type.PATTERN as RegExp).source;
  KEYWORDS_BY_FIRST[word.charCodeAt(0)]!.push({ word, kind: kind(type) });
}

/** The longest keyword's length: a longer word is a name without a lookup. */
const LONGEST_KEYWORD = Math.max(...KEYWORDS_BY_FIRST.flat().map((k) => k.word.length));

function keywordAt(text: string, start: number, length: number): Keyword | undefined {
  for (const k of KEYWORDS_BY_FIRST[text.charCodeAt(start)]!) {
    if (k.word.length === length && text.startsWith(k.word, start)) return k;
  }
  return undefined;
}

/** Single-character punctuation by character code. */
const SINGLE: (Kind | undefined)[] = [];
for (const [ch, type] of [
  ["{", T.LCurly], ["}", T.RCurly], ["(", T.LParen], [")", T.RParen], ["[", T.LBracket], ["]", T.RBracket],
  [",", T.Comma], [":", T.Colon], [".", T.Dot], ["?", T.Question], ["=", T.Equals], ["<", T.Less],
  [">", T.Greater], ["+", T.Plus], ["-", T.Minus], ["*", T.Star], ["/", T.Slash],
] as const) {
  SINGLE[ch.charCodeAt(0)] = kind(type);
}

/** Two-character operators, by first character; the second must be `=` except for `??`. */
const DOUBLE_EQ: (Kind | undefined)[] = [];
DOUBLE_EQ[0x3d] = kind(T.EqEq);
DOUBLE_EQ[0x21] = kind(T.NotEq);
DOUBLE_EQ[0x3c] = kind(T.LessEq);
DOUBLE_EQ[0x3e] = kind(T.GreaterEq);

const DURATION_UNITS = ["ms", "s", "m", "h", "d"];
const QUANTITY_UNITS = ["Ki", "Mi", "Gi", "Ti", "K", "M", "G", "T"];

function token(image: string, startOffset: number, kind: Kind): IToken {
  // The shape Chevrotain's lexer makes with `positionTracking: "onlyOffset"`.
  return { image, startOffset, tokenTypeIdx: kind.idx, tokenType: kind.type };
}

/** Whether a token starts at `offset` (where an error run ends). */
function startsToken(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  const cls = classOf(c);
  if (cls === BANG) return text.charCodeAt(offset + 1) === 0x3d;
  return cls !== ERROR;
}

/** The end of the number starting at `offset`: `\d+(\.\d+)?([eE][+-]?\d+)?`, longest. */
function numberEnd(text: string, offset: number): number {
  let i = offset + 1;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    if (isDigit(text.charCodeAt(j))) {
      j++;
      while (isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** The unit of `units` at `offset` that no `[A-Za-z0-9_.]` follows, or undefined. */
function unitEnd(text: string, offset: number, units: readonly string[]): number | undefined {
  for (const unit of units) {
    if (text.startsWith(unit, offset)) {
      const end = offset + unit.length;
      if (!continuesNumber(text.charCodeAt(end))) return end;
    }
  }
  return undefined;
}

/** Lexes `text` into tokens, comments and errors. Never throws; linear in the text's length. */
export function scan(text: string): ScanResult {
  const scanner = new Scanner(text);
  const tokens: IToken[] = [];
  for (let tok = scanner.next(); tok !== undefined; tok = scanner.next()) tokens.push(tok);
  return { tokens, comments: scanner.comments, errors: scanner.errors };
}

/**
 * The scanner as a stream: one token at a time, so the parser can read a big file without an
 * array of all its tokens (which survived the whole parse and made the garbage collector copy
 * every token twice). `scan` is this stream drained into an array.
 */
export class Scanner {
  /** Comments read so far, in order. */
  readonly comments: IToken[] = [];
  /** Characters that start no token, read so far. */
  readonly errors: ScanError[] = [];
  private offset = 0;

  constructor(private readonly text: string) {}

  /** The next token (line ends included, comments aside), or undefined at the end of the text. */
  next(): IToken | undefined {
    const text = this.text;
    const length = text.length;
    let offset = this.offset;
    while (offset < length) {
      const c = text.charCodeAt(offset);
      switch (classOf(c)) {
        case SPACE: {
          offset++;
          while (offset < length && classOf(text.charCodeAt(offset)) === SPACE) offset++;
          break;
        }
        case LINE_END: {
          if (c === 0x0d && text.charCodeAt(offset + 1) === 0x0a) {
            this.offset = offset + 2;
            return token("\r\n", offset, NEWLINE);
          }
          this.offset = offset + 1;
          return token(c === 0x0a ? "\n" : "\r", offset, NEWLINE);
        }
        case WORD: {
          let end = offset + 1;
          while (isWordPart(text.charCodeAt(end))) end++;
          const keyword = end - offset <= LONGEST_KEYWORD ? keywordAt(text, offset, end - offset) : undefined;
          this.offset = end;
          return keyword === undefined ? token(text.slice(offset, end), offset, IDENTIFIER) : token(keyword.word, offset, keyword.kind);
        }
        case PUNCT:
        case BANG: {
          const next = text.charCodeAt(offset + 1);
          const double = next === 0x3d ? DOUBLE_EQ[c] : c === 0x3f && next === 0x3f ? QUESTION_QUESTION : undefined;
          if (double !== undefined) {
            this.offset = offset + 2;
            return token(text.slice(offset, offset + 2), offset, double);
          }
          if (c !== 0x21) {
            this.offset = offset + 1;
            return token(text[offset]!, offset, SINGLE[c]!);
          }
          offset = error(text, offset, this.errors);
          break;
        }
        case QUOTE: {
          if (text.startsWith('"""', offset)) {
            const close = text.indexOf('"""', offset + 3);
            const end = close < 0 ? length : close + 3;
            this.offset = end;
            return token(text.slice(offset, end), offset, close < 0 ? UNTERMINATED_TRIPLE_STRING : TRIPLE_STRING);
          }
          const { end, closed } = scanPlainString(text, offset);
          this.offset = end;
          return token(text.slice(offset, end), offset, closed ? PLAIN_STRING : UNTERMINATED_STRING);
        }
        case DIGIT: {
          const numEnd = numberEnd(text, offset);
          let end: number | undefined;
          let type = NUMBER;
          if (!continuesNumber(text.charCodeAt(numEnd))) {
            end = numEnd;
          } else if ((end = unitEnd(text, numEnd, DURATION_UNITS)) !== undefined) {
            type = DURATION;
          } else if ((end = unitEnd(text, numEnd, QUANTITY_UNITS)) !== undefined) {
            type = QUANTITY;
          } else {
            type = BAD_NUMBER;
            end = offset + 1;
            while (continuesNumber(text.charCodeAt(end))) end++;
          }
          this.offset = end;
          return token(text.slice(offset, end), offset, type);
        }
        case HASH: {
          let end = offset + 1;
          while (end < length) {
            const d = text.charCodeAt(end);
            if (d === 0x0a || d === 0x0d) break;
            end++;
          }
          this.comments.push(token(text.slice(offset, end), offset, COMMENT));
          offset = end;
          break;
        }
        default:
          offset = error(text, offset, this.errors);
      }
    }
    this.offset = offset;
    return undefined;
  }
}

/** Records the error run starting at `offset` and returns where the next token starts. */
function error(text: string, offset: number, errors: ScanError[]): number {
  let end = offset + 1;
  while (end < text.length && !startsToken(text, end)) end++;
  errors.push({ offset, length: end - offset });
  return end;
}
