/**
 * Turns source text into the token stream the parser reads (`LaidOutTokens`, one token at a
 * time; `lex` drains it into an array). Three things happen here:
 * 1. `Scanner` (`scanner.ts`, hand-written) splits the text into Chevrotain tokens; comments go
 *    to a side channel.
 * 2. Line ends that cannot end a member are dropped (`layoutTokens`), so an argument list or an
 *    `{ a: x, … }` block may spread over several lines while members stay one per line.
 * 3. Nesting is measured (`NestingMeter`, `checkNesting`), so a pathological file cannot
 *    overflow the stack of the recursive-descent parser.
 */
import { tokenMatcher, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";
import { ALL_MEMBER_WORDS, tokenOfWord } from "./member-words.js";
import { Scanner } from "./scanner.js";

export interface LexError {
  readonly offset: number;
  readonly length: number;
}

export interface LexResult {
  /** Parser input: significant newlines only. */
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly errors: LexError[];
  /** Reserved words written where a name belongs; each was turned into a name (MLP1012). */
  readonly reservedNames: IToken[];
}

/** Lexes `text` (never throws; unknown characters become `errors`). */
export function lex(text: string): LexResult {
  const stream = new LaidOutTokens(text);
  const tokens: IToken[] = [];
  for (let tok = stream.next(); tok !== undefined; tok = stream.next()) tokens.push(tok);
  return { tokens, comments: stream.comments, errors: stream.errors, reservedNames: stream.reservedNames };
}

/** A first-in first-out queue of tokens whose storage is reused once it runs empty. */
class TokenQueue {
  private readonly items: IToken[] = [];
  private head = 0;
  private tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  push(tok: IToken): void {
    this.items[this.tail++] = tok;
  }

  /** The `k`-th token from the front (0 is the front); the caller checks `size`. */
  peek(k: number): IToken {
    return this.items[this.head + k]!;
  }

  take(): IToken {
    const tok = this.items[this.head++]!;
    if (this.head === this.tail) this.head = this.tail = 0;
    return tok;
  }
}

/**
 * The parser's input as a stream: the scanner's tokens through the passes below
 * (`splitTypeClosers`, `layoutTokens`, `renameReservedNames`), one token at a time, reading
 * ahead only as far as a pass needs. `lex` drains it into an array; `parse.ts` hands it to the
 * parser directly, so a big file is parsed without an array of all its tokens, which lived as
 * long as the parse and made the garbage collector copy every token twice.
 *
 * With `limitNesting`, it throws `NestingTooDeep` at the first token past `MAX_NESTING`
 * (`NestingMeter`), before a recursive parser reading it could overflow its stack.
 */
export class LaidOutTokens {
  // Long-lived state keeps token types, not tokens: storing a young token in an object that has
  // been promoted to the old generation costs a write barrier with a remembered-set entry, and
  // doing that for every token cost more than the array of tokens this stream replaces.

  /** Reserved words written where a name belongs, read so far; each became a name (MLP1012). */
  readonly reservedNames: IToken[] = [];
  private readonly scanner: Scanner;
  private readonly meter: NestingMeter | undefined;

  // splitTypeClosers: the type of the scanner's previous token, and the open `<` of type arguments.
  private scannedIdx = -1;
  private typeOpen = 0;
  /** Split tokens read ahead (layout looks past line ends inside brackets) or the `=` of a split `>=`. */
  private readonly split = new TokenQueue();

  // layoutTokens: the type of the last token kept, the open brackets, a line end not yet known to be kept.
  private keptIdx = -1;
  private readonly open: TokenType[] = [];
  private pendingNewline: IToken | undefined = undefined;
  /** The token laid out after a kept line end, returned next. */
  private deferred: IToken | undefined = undefined;

  // renameReservedNames: the type of the previous token returned, and the next one when looked at.
  private previousIdx = -1;
  private peeked: IToken | undefined = undefined;

  constructor(text: string, options: { readonly limitNesting?: boolean } = {}) {
    this.scanner = new Scanner(text);
    this.meter = options.limitNesting === true ? new NestingMeter() : undefined;
  }

  /** Comments read so far. */
  get comments(): IToken[] {
    return this.scanner.comments;
  }

  /** Characters that start no token, read so far. */
  get errors(): LexError[] {
    return this.scanner.errors;
  }

  /** The next token of the parser's input, or undefined at the end. */
  next(): IToken | undefined {
    let tok = this.peeked;
    if (tok !== undefined) this.peeked = undefined;
    else if ((tok = this.deferred) !== undefined) this.deferred = undefined;
    else if ((tok = this.layOut()) === undefined) return undefined;
    if (RESERVED[tok.tokenTypeIdx] === 1) tok = this.renameReserved(tok);
    this.previousIdx = tok.tokenTypeIdx;
    if (this.meter !== undefined && this.meter.add(tok) !== Nesting.Within) throw new NestingTooDeep();
    return tok;
  }

  /**
   * `renameReservedNames`: a reserved word used as a declared name (`step string {`) or an entry
   * key (`outputs { string: File }`) becomes a name, so the parser sees a well-formed file and
   * the user gets one MLP1012 instead of a cascade of recovery errors.
   */
  private renameReserved(tok: IToken): IToken {
    const prev = this.previousIdx;
    const next = (this.deferred ?? (this.peeked = this.layOut()))?.tokenType;
    const declared = prev >= 0 && DECLARES_NAME[prev] === 1 && (next === undefined || AFTER_NAME.has(next));
    const key = (prev === LCURLY || prev === COMMA || prev === NEWLINE) && next === T.Colon;
    if (!declared && !key) return tok;
    this.reservedNames.push(tok);
    return { ...tok, tokenType: T.Identifier, tokenTypeIdx: T.Identifier.tokenTypeIdx! };
  }

  /**
   * `layoutTokens`: keeps only the line ends that separate members, fields or conditions. Drops
   * those inside `(…)` and `[…]`, after an opener, a comma or an operator, before a closer, at the
   * start and end of the file, and collapses runs of line ends into one. The next token laid out
   * (the token after a kept line end goes to `deferred`), or undefined at the end of the input.
   */
  private layOut(): IToken | undefined {
    for (;;) {
      const tok = this.split.size > 0 ? this.split.take() : this.splitNext();
      if (tok === undefined) return undefined;
      const type = tok.tokenType;
      if (type === T.Newline) {
        const top = this.open[this.open.length - 1];
        if ((top === T.LParen || top === T.LBracket) && !this.startsMember()) continue;
        if (this.keptIdx < 0 || CONTINUES_AFTER[this.keptIdx] === 1) continue;
        this.pendingNewline ??= tok;
        continue;
      }
      if (type === T.LCurly || type === T.LParen || type === T.LBracket) this.open.push(type);
      else if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
        // Pop to the matching opener if there is one (a stray closer leaves the stack alone).
        const want = type === T.RCurly ? T.LCurly : type === T.RParen ? T.LParen : T.LBracket;
        const at = this.open.lastIndexOf(want);
        if (at >= 0) this.open.length = at;
      }
      this.keptIdx = tok.tokenTypeIdx;
      const newline = this.pendingNewline;
      if (newline === undefined) return tok;
      this.pendingNewline = undefined;
      if (CONTINUES_BEFORE[tok.tokenTypeIdx] === 1) return tok;
      this.deferred = tok;
      return newline;
    }
  }

  /** The `k`-th split token not yet laid out, reading ahead as needed; undefined past the end. */
  private peekSplit(k: number): IToken | undefined {
    while (this.split.size <= k) {
      const tok = this.scanner.next();
      if (tok === undefined) return undefined;
      if (this.closesTypeWithEq(tok)) {
        this.split.push(greaterHalf(tok));
        this.split.push(equalsHalf(tok));
      } else {
        this.split.push(tok);
      }
    }
    return this.split.peek(k);
  }

  /**
   * True when the line after the line end just read looks like a new member (`step b = …`),
   * which inside `(` or `[` means the bracket was never closed: keeping the line end lets the
   * parser report the missing `)` there and recover, instead of swallowing the rest of the block.
   */
  private startsMember(): boolean {
    let k = 0;
    while (this.peekSplit(k)?.tokenType === T.Newline) k++;
    const first = this.peekSplit(k);
    if (first === undefined || !MEMBER_STARTS.has(first.tokenType)) return false;
    const second = this.peekSplit(k + 1);
    return second === undefined || !NAME_CONTEXT.has(second.tokenType);
  }

  /** The scanner's next token, split; only when no split token is waiting. Undefined at the end. */
  private splitNext(): IToken | undefined {
    const tok = this.scanner.next();
    if (tok === undefined || !this.closesTypeWithEq(tok)) return tok;
    this.split.push(equalsHalf(tok));
    return greaterHalf(tok);
  }

  /**
   * `splitTypeClosers`: a `>=` that closes a type's argument list (`dataset d: Table<Row>= "…"`)
   * becomes `>` and `=`, as Java and C# split `>>` after generics. Only a type word (`Table`, …)
   * takes type arguments and type words never appear in expressions, so a `<` right after one
   * always opens an argument list, and a `>=` while one is open always closes it. Takes the
   * scanner's next token; true when it is a `>=` to split.
   */
  private closesTypeWithEq(tok: IToken): boolean {
    const prev = this.scannedIdx;
    const idx = tok.tokenTypeIdx;
    this.scannedIdx = idx;
    if (idx === LESS) {
      if (this.typeOpen > 0 || (prev >= 0 && TYPE_WORDS[prev] === 1)) this.typeOpen++;
    } else if (this.typeOpen > 0) {
      if (idx === GREATER) this.typeOpen--;
      else if (idx === GREATER_EQ) {
        this.typeOpen--;
        return true;
      } else if (idx === NEWLINE || idx === LCURLY || idx === RCURLY) {
        // A type never spans lines or blocks: an unclosed `<` is the parser's to report.
        this.typeOpen = 0;
      }
    }
    return false;
  }
}

function greaterHalf(tok: IToken): IToken {
  return { ...tok, image: ">", tokenType: T.Greater, tokenTypeIdx: GREATER };
}

function equalsHalf(tok: IToken): IToken {
  return { ...tok, image: "=", startOffset: tok.startOffset + 1, tokenType: T.Equals, tokenTypeIdx: T.Equals.tokenTypeIdx! };
}

/** Thrown by a `LaidOutTokens` with `limitNesting` at the first token nested too deep. */
export class NestingTooDeep extends Error {
  constructor() {
    super("nesting is too deep to parse");
    this.name = "NestingTooDeep";
  }
}

/**
 * A set of token types for the loops that look at every token: `flags[t.tokenTypeIdx] === 1`
 * for the types in `types` (an array read instead of a hash lookup per token).
 */
function typeFlags(types: readonly TokenType[]): Uint8Array {
  const flags = new Uint8Array(Math.max(...T.allTokens.map((t) => t.tokenTypeIdx!)) + 1);
  for (const t of types) flags[t.tokenTypeIdx!] = 1;
  return flags;
}

/** Words after which a name is declared. */
const DECLARES_NAME = typeFlags([
  T.Schema, T.Component, T.Pipeline, T.Step, T.Param, T.Secret, T.Dataset, T.Gate, T.Deploy, T.Target,
  T.Assert, T.Finally,
]);

/** The token types that are type words (`Table`, `int`, …: `tokenMatcher(t, T.TypeWord)`). */
const TYPE_WORDS = typeFlags(T.allTokens.filter((t) => tokenMatcher({ tokenTypeIdx: t.tokenTypeIdx!, tokenType: t } as IToken, T.TypeWord)));

const LESS = T.Less.tokenTypeIdx!;
const GREATER = T.Greater.tokenTypeIdx!;
const GREATER_EQ = T.GreaterEq.tokenTypeIdx!;
const NEWLINE = T.Newline.tokenTypeIdx!;
const LCURLY = T.LCurly.tokenTypeIdx!;
const RCURLY = T.RCurly.tokenTypeIdx!;
const COMMA = T.Comma.tokenTypeIdx!;

/** Tokens that may follow a declared name or an entry key. */
export const AFTER_NAME = new Set<TokenType>([T.Equals, T.LCurly, T.Colon, T.Newline]);

export const RESERVED = typeFlags([
  T.Import, T.Schema, T.Component, T.Pipeline, T.True, T.False, T.And, T.Or, T.Not,
  T.IntType, T.FloatType, T.StringType, T.BoolType, T.DurationType, T.TableType, T.FileType,
  T.DirType, T.ModelType,
]);

/** After these a line end is a continuation, never the end of a member. */
export const CONTINUES_AFTER = typeFlags([
  T.LCurly, T.LParen, T.LBracket, T.Comma, T.Colon, T.Dot, T.Equals,
  T.Plus, T.Minus, T.Star, T.Slash, T.QuestionQuestion,
  T.EqEq, T.NotEq, T.Less, T.LessEq, T.Greater, T.GreaterEq,
  T.And, T.Or, T.Not,
]);

/** Before these a line end is a continuation: closers and a leading `,`. */
export const CONTINUES_BEFORE = typeFlags([T.RCurly, T.RParen, T.RBracket, T.Comma]);

/** Words that start a member or a declaration. */
export const MEMBER_STARTS: ReadonlySet<TokenType> = new Set(ALL_MEMBER_WORDS.map(tokenOfWord));

/** After these a member word is a name (`model: x`, `a.step`), not the start of a member. */
export const NAME_CONTEXT = new Set<TokenType>([
  T.Colon, T.Comma, T.RParen, T.RBracket, T.RCurly, T.Dot, T.Newline,
]);

/** The deepest nesting the parser accepts; deeper input is reported as MLP1008. */
export const MAX_NESTING = 64;

export interface NestingViolation {
  /** The first token past the limit. */
  readonly token: IToken;
  /** The last token of the over-deep region (its closer, or the last token of the file). */
  readonly end: IToken;
}

/** Where a token leaves the nesting the parser accepts (`NestingMeter.add`). */
export const Nesting = { Within: 0, Brackets: 1, TypeArguments: 2, PrefixOperators: 3 } as const;
export type Nesting = (typeof Nesting)[keyof typeof Nesting];

/**
 * Measures, token by token, how deep brackets, type arguments (`Table<Table<…>>`) and chains of
 * prefix operators (`- - - x`, `not not x`) nest: all recurse in the parser.
 */
export class NestingMeter {
  private depth = 0;
  private prefixRun = 0;
  /** Open `<` of type arguments, counted as `splitTypeClosers` does (they never span lines or blocks). */
  private typeOpen = 0;
  /** The type of the previous token (a type, not the token: see `LaidOutTokens`). */
  private previousIdx = -1;

  /** Takes the next token; what, if anything, it nests past `MAX_NESTING`. */
  add(tok: IToken): Nesting {
    const prev = this.previousIdx;
    this.previousIdx = tok.tokenTypeIdx;
    const type = tok.tokenType;
    if (type === T.LCurly || type === T.LParen || type === T.LBracket) {
      this.depth++;
      if (this.depth > MAX_NESTING) return Nesting.Brackets;
    } else if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
      this.depth = Math.max(0, this.depth - 1);
    }
    if (type === T.Less && (this.typeOpen > 0 || (prev >= 0 && TYPE_WORDS[prev] === 1))) {
      this.typeOpen++;
      if (this.depth + this.typeOpen > MAX_NESTING) return Nesting.TypeArguments;
    } else if (this.typeOpen > 0 && (type === T.Greater || type === T.Newline || type === T.LCurly || type === T.RCurly)) {
      this.typeOpen = type === T.Greater ? this.typeOpen - 1 : 0;
    }
    if (type === T.Minus || type === T.Not) {
      this.prefixRun++;
      if (this.prefixRun > MAX_NESTING) return Nesting.PrefixOperators;
    } else {
      this.prefixRun = 0;
    }
    return Nesting.Within;
  }
}

/** Finds the first place where the tokens nest deeper than `MAX_NESTING` (`NestingMeter`). */
export function checkNesting(tokens: readonly IToken[]): NestingViolation | undefined {
  const meter = new NestingMeter();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    switch (meter.add(tok)) {
      case Nesting.Within:
        continue;
      case Nesting.Brackets:
        return { token: tok, end: closerOf(tokens, i) };
      case Nesting.TypeArguments:
        return { token: tok, end: tokens[tokens.length - 1]! };
      case Nesting.PrefixOperators: {
        let j = i;
        while (j + 1 < tokens.length && (tokens[j + 1]!.tokenType === T.Minus || tokens[j + 1]!.tokenType === T.Not)) j++;
        return { token: tok, end: tokens[j]! };
      }
    }
  }
  return undefined;
}

/** The token closing the bracket opened at `index`, or the last token. */
function closerOf(tokens: readonly IToken[], index: number): IToken {
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === T.LCurly || type === T.LParen || type === T.LBracket) depth++;
    else if (type === T.RCurly || type === T.RParen || type === T.RBracket) {
      depth--;
      if (depth === 0) return tokens[i]!;
    }
  }
  return tokens[tokens.length - 1]!;
}
