/**
 * The `.mlp` grammar as a Chevrotain parser whose rules build the AST directly (an
 * `EmbeddedActionsParser`: no concrete syntax tree, no visitor pass). Each rule records what it
 * reads in a `Frame`; `node-builders.ts` turns the frame into the rule's node when the rule ends,
 * or when error recovery abandons it half-way. Each rule's doc comment is its production in
 * `grammar/mlp.ebnf`, and rule names equal production names (checked by
 * `test/syntax/grammar-sync.test.ts`).
 *
 * EBNF notation: `"word"` a keyword or punctuation, `Name` a token, `NL` a significant line end
 * (see `layoutTokens` in `lexer.ts`), `x?` optional, `x*` repeated, `a | b` alternatives.
 */
import {
  createTokenInstance,
  EmbeddedActionsParser,
  EOF,
  Rule,
  type ConsumeMethodOpts,
  type DSLMethodOpts,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type OrMethodOpts,
  type SubruleMethodOpts,
  type TokenType,
} from "chevrotain";
import type * as A from "./ast.js";
import * as T from "./tokens.js";
import { memberTokens } from "./member-words.js";
import { BuildContext, isReal } from "./build-context.js";
import { Frame, Sep, Slot, type NodeBuilder } from "./frame.js";
import { NODE_BUILDERS as B } from "./node-builders.js";
import { checkComma, checkEntry, checkOwnLine } from "./layout-checks.js";
import type { Prefixed } from "./precedence.js";
import { SpanMaker } from "./positions.js";
import { loadFollows, loadProductions, TabledLookahead, type TableUse } from "./parser-tables.js";
import { PARSER_TABLES } from "./parser-tables.generated.js";

/** The words that start a member of each kind of block (for the gates of the member loops). */
const PIPELINE_MEMBERS = memberTokens("pipeline");
const STEP_MEMBERS = memberTokens("step");
const DEPLOY_MEMBERS = memberTokens("deploy");
const SWEEP_MEMBERS = memberTokens("sweep");
const NO_MEMBERS: ReadonlySet<TokenType> = new Set();

/**
 * The words that start each member rule. The member loops rely on these being exactly the first
 * words of the rule (see `blockLines`); `test/syntax/grammar-validation.test.ts` checks it.
 */
export const MEMBER_WORDS: Readonly<Record<string, ReadonlySet<TokenType>>> = {
  pipelineMember: PIPELINE_MEMBERS,
  stepMember: STEP_MEMBERS,
  componentMember: STEP_MEMBERS,
  deployMember: DEPLOY_MEMBERS,
  sweepMember: SWEEP_MEMBERS,
};

/** Labels of the operand tokens (kept in the serialized grammar and its diagrams). */
const PREFIX = { LABEL: "prefix" };
const LITERAL = { LABEL: "literal" };

/**
 * Chevrotain's error messages are replaced by a compact JSON record; `errors.ts` turns it into a
 * house-style diagnostic once the whole file is parsed (it needs context the parser lacks, such
 * as the name of the block a `}` would close).
 */
export interface RawParseError {
  readonly kind: "mismatch" | "noViableAlt" | "earlyExit" | "notAllInput";
  /** Names of token types that would have been accepted here. */
  readonly expected: readonly string[];
  readonly rule: string;
}

function names(types: readonly TokenType[]): string[] {
  return [...new Set(types.map((t) => t.name))];
}

function firstTokens(paths: TokenType[][][]): string[] {
  const out: TokenType[] = [];
  for (const alt of paths) for (const path of alt) if (path[0] !== undefined) out.push(path[0]);
  return names(out);
}

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({ kind: "mismatch", expected: names([expected]), rule: ruleName } satisfies RawParseError),
  buildNotAllInputParsedMessage: () =>
    JSON.stringify({ kind: "notAllInput", expected: [], rule: "file" } satisfies RawParseError),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({ kind: "noViableAlt", expected: firstTokens(expectedPathsPerAlt), rule: ruleName } satisfies RawParseError),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({ kind: "earlyExit", expected: firstTokens([expectedIterationPaths]), rule: ruleName } satisfies RawParseError),
};

/**
 * LL(2) suffices everywhere (trailing commas) except `deployed(ENV).metric`, whose alternative
 * sets its own lookahead; a larger global k makes grammar analysis explode through the
 * catch-all `LineToken` of the error productions.
 */
const MAX_LOOKAHEAD = 2;

/**
 * Built code trusts the tables (`npm run build` checks them); the TypeScript sources (tests,
 * development) check them against the recorded grammar, so a grammar change works before the
 * tables are regenerated.
 */
const DEFAULT_TABLE_USE: TableUse = import.meta.url.endsWith(".ts") ? "verify" : "trust";

/** The context between parses. */
const IDLE_CONTEXT = new BuildContext(new SpanMaker("", ""));

/** The frame when no rule runs (between parses, and while Chevrotain records the grammar). */
const NO_FRAME = new Frame();

/** What building the parser from the tables touches of Chevrotain's parser (not in its typings). */
interface ChevrotainInternals {
  readonly definedRulesNames: string[];
  recoveryEnabled: boolean;
  resyncFollows: Record<string, TokenType[]>;
  topLevelRuleRecord(name: string, def: () => unknown): Rule;
  enableRecording(): void;
  disableRecording(): void;
}

/** Chevrotain's rule stack index (not in its typings): the depth of the running rule. */
interface RuleStack {
  readonly RULE_STACK_IDX: number;
}

/** What a streamed parse reads, one token at a time (`LaidOutTokens` in `lexer.ts`). */
export interface TokenSource {
  /** The next token, or undefined at the end of the input. */
  next(): IToken | undefined;
}

/**
 * Thrown out of a streamed parse (`parseStream`) at its first syntax error, or wherever the parser
 * would go back in its input: error recovery may rewind and needs every token, so `parse.ts`
 * parses such a file again from an array of its tokens, and reports from that parse.
 */
export class StreamedParseAbandoned extends Error {
  constructor(why: string) {
    super("streamed parse abandoned: " + why);
    this.name = "StreamedParseAbandoned";
  }
}

/** The token past the end of a streamed input (Chevrotain's own is not exported). */
const END_OF_INPUT = createTokenInstance(EOF, "", NaN, NaN, NaN, NaN, NaN, NaN);

/** How many rule invocations use one set of frames (`MlpParser.frames`). */
export const FRAME_GENERATION = 1024;

/** How many tokens a streamed parse keeps in one array (`MlpParser.chunk`). */
const CHUNK = 1024;

/** Chevrotain's position in its input (not in its typings): the index of the last token consumed. */
interface LexerState {
  currIdx: number;
}

/** Chevrotain's own methods, for the overrides below that are not in its typings. */
const CHEVROTAIN = EmbeddedActionsParser.prototype as unknown as {
  moveToTerminatedState(this: unknown): void;
  SAVE_ERROR(this: unknown, e: IRecognitionException): IRecognitionException;
  consumeInternal(this: unknown, tokType: TokenType, idx: number, options: ConsumeMethodOpts | undefined): IToken;
  subruleInternal(this: unknown, rule: ParserRule, idx: number, options: SubruleMethodOpts<unknown[]> | undefined): unknown;
  manyInternal(this: unknown, occurrence: number, action: DSLMethodOpts<unknown> | (() => unknown)): void;
};

/**
 * The `MANY` part of Chevrotain's lookahead keys (its `MANY_IDX`, not exported): a key is the rule's
 * short name, this and the occurrence, or-ed. A wrong value finds no lookahead function, and then
 * no streamed parse succeeds (`test/syntax/streamed-parse.test.ts` checks they do).
 */
const MANY_KEY = 3 << 8;

/** A rule as Chevrotain's `RULE` returns it (not in its typings): the rule's body is `originalGrammarAction`. */
interface ParserRule {
  readonly ruleName: string;
  readonly originalGrammarAction: () => unknown;
}

/** Chevrotain's state of the running rules and of the input (not in its typings). */
interface RecognizerState {
  currIdx: number;
  subruleIdx: number;
  currRuleShortName: number;
  RULE_STACK_IDX: number;
  RULE_OCCURRENCE_STACK_IDX: number;
  readonly RULE_STACK: number[];
  readonly RULE_OCCURRENCE_STACK: number[];
  readonly fullRuleNameToShort: Record<string, number>;
  getLaFuncFromCache(key: number): (this: unknown) => boolean;
  tokenMatcher(token: IToken, type: TokenType): boolean;
}

/**
 * The `.mlp` parser. Build it once (`mlpParser`); `parseTokens` parses one file.
 *
 * The closures handed to `OR`, `MANY` and `OPTION` are made once, as fields, and work on the
 * running rule's frame `cur`: fresh closures and alternative arrays on every rule invocation
 * were most of the garbage a parse made.
 */
export class MlpParser extends EmbeddedActionsParser {
  /** Spans and diagnostics of the file being parsed. */
  private cx = IDLE_CONTEXT;
  /** The frame of the running rule. */
  private cur = NO_FRAME;
  /**
   * The frames of the rule stack, by depth, reused from rule to rule, and replaced by fresh ones
   * every `FRAME_GENERATION` rule invocations (`open`): a frame stores the young tokens and nodes
   * of its rule, and a frame promoted to the old generation paid a write barrier for each.
   */
  private frames: Frame[] = [];
  /** Rule invocations left before `frames` is replaced. */
  private framesLeft = FRAME_GENERATION;

  /**
   * The value of a rule that error recovery abandons: its node, built from what it had read, with
   * the partial nodes of the sub-rules abandoned with it (the rules between it and the error).
   */
  private readonly recovered = (): unknown => {
    const depth = (this as unknown as RuleStack).RULE_STACK_IDX;
    let f = this.cur;
    while (f.depth > depth) {
      const parent = f.parent!;
      this.attach(parent, this.close(f), f.first, f.end);
      f = parent;
    }
    return this.close(f);
  };

  private readonly recovery = { recoveryValueFunc: <R>(): R => this.recovered() as R };

  /** Where the lookahead came from, and the paths worked out here when not from the tables. */
  readonly lookaheadTables: TabledLookahead;

  /**
   * `validateGrammar` runs Chevrotain's grammar validations (ambiguities, left recursion, …).
   * They cost about a quarter of the parser's start-up in every `mlp` process and can only fail
   * when the grammar changes, so the shared instance skips them and a test builds one with them.
   */
  constructor(options: { readonly validateGrammar?: boolean; readonly tables?: TableUse } = {}) {
    // The recorded grammar and the lookahead come from `parser-tables.generated.ts` as far as
    // `tables` says (`parser-tables.ts`); `lookaheadTables` tells whether they were used.
    const tables = options.tables ?? DEFAULT_TABLE_USE;
    const lookahead = new TabledLookahead(tables === "off" ? undefined : PARSER_TABLES, T.allTokens, MAX_LOOKAHEAD, tables === "trust");
    super(T.allTokens, {
      recoveryEnabled: true,
      skipValidations: options.validateGrammar !== true,
      maxLookahead: MAX_LOOKAHEAD,
      lookaheadStrategy: lookahead,
      errorMessageProvider,
    });
    this.lookaheadTables = lookahead;
    const chevrotain = this as unknown as ChevrotainInternals;
    this.trusted = tables === "trust" && chevrotain.definedRulesNames.every((name) => name in PARSER_TABLES.rules);
    lookahead.trusted = this.trusted;
    if (this.trusted) {
      // The follow sets error recovery resyncs with come from the tables too.
      chevrotain.recoveryEnabled = false;
      this.performSelfAnalysis();
      chevrotain.recoveryEnabled = true;
      chevrotain.resyncFollows = loadFollows(PARSER_TABLES.follows, lookahead.tokensByName);
    } else {
      this.performSelfAnalysis();
    }
  }

  /** Whether the grammar comes from the tables rather than from recording the rules. */
  private readonly trusted: boolean;

  /** Chevrotain's recording of a rule's grammar, read from the tables when they are trusted. */
  topLevelRuleRecord(name: string, def: () => unknown): Rule {
    if (this.trusted) return new Rule({ name, definition: loadProductions(PARSER_TABLES.rules[name]!, this.lookaheadTables.tokensByName) });
    return (EmbeddedActionsParser.prototype as unknown as ChevrotainInternals).topLevelRuleRecord.call(this, name, def);
  }

  /** No rule runs in recording mode when the grammar comes from the tables: Chevrotain's recording methods are not installed. */
  enableRecording(): void {
    if (this.trusted) this.RECORDING_PHASE = true;
    else (EmbeddedActionsParser.prototype as unknown as ChevrotainInternals).enableRecording.call(this);
  }

  disableRecording(): void {
    if (this.trusted) this.RECORDING_PHASE = false;
    else (EmbeddedActionsParser.prototype as unknown as ChevrotainInternals).disableRecording.call(this);
  }

  /**
   * Parses one file's tokens into its top-level declarations and the parser's raw errors; the
   * diagnostics of the AST builders go to `cx`. Keeps no reference to the file afterwards.
   */
  parseTokens(tokens: IToken[], cx: BuildContext): { declarations: A.TopLevelDecl[]; errors: IRecognitionException[] } {
    this.input = tokens;
    this.cx = cx;
    this.cur = NO_FRAME;
    try {
      const declarations = this.file();
      return { declarations, errors: this.errors };
    } finally {
      // Let the tokens and the builders' state go before the checker runs.
      this.input = [];
      this.cx = IDLE_CONTEXT;
      this.cur = NO_FRAME;
      this.frames.length = 0;
      NO_FRAME.childFirst = undefined;
    }
  }

  /**
   * Parses one file read from `source` as the parser goes, keeping only a window of tokens, so
   * the tokens of a big file die young instead of outliving the parse in an array. Throws
   * `StreamedParseAbandoned` at the first syntax error (nothing of the file has been reported
   * then: the caller parses it again with `parseTokens`). Keeps no reference to the file afterwards.
   */
  parseStream(source: TokenSource, cx: BuildContext): A.TopLevelDecl[] {
    this.input = [];
    this.source = source;
    this.chunk = new Array<IToken>(CHUNK);
    this.chunkStart = 0;
    this.fetched = -1;
    this.cx = cx;
    this.cur = NO_FRAME;
    try {
      return this.file();
    } finally {
      this.source = undefined;
      this.chunk = this.previousChunk = [];
      this.cx = IDLE_CONTEXT;
      this.cur = NO_FRAME;
      this.frames.length = 0;
      NO_FRAME.childFirst = undefined;
    }
  }

  // --- the input of a streamed parse ------------------------------------------------------------
  // Chevrotain reads its input only through the methods below (its `LexerAdapter`, made to be
  // overridden by lazy lexers); each reads the array as Chevrotain does unless a streamed parse runs.

  /** The input of the streamed parse running, if one is. */
  private source: TokenSource | undefined = undefined;
  /**
   * The tokens read from `source` lately: token `i` is `chunk[i - chunkStart]`, or in
   * `previousChunk` for the `CHUNK` tokens before. A fresh array per `CHUNK` tokens, not one
   * ring reused: storing young tokens in an array promoted to the old generation costs a
   * remembered-set entry each, a fresh array is young itself.
   */
  private chunk: IToken[] = [];
  private previousChunk: IToken[] = [];
  private chunkStart = 0;
  /** The index of the last token read from `source` (`END_OF_INPUT` from its end on). */
  private fetched = -1;

  /** The token at index `index` of the streamed input, reading up to it. */
  private streamed(index: number): IToken {
    while (this.fetched < index) {
      const at = ++this.fetched - this.chunkStart;
      if (at === CHUNK) {
        this.previousChunk = this.chunk;
        this.chunk = new Array<IToken>(CHUNK);
        this.chunkStart += CHUNK;
        this.chunk[0] = this.source!.next() ?? END_OF_INPUT;
      } else {
        this.chunk[at] = this.source!.next() ?? END_OF_INPUT;
      }
    }
    if (index >= this.chunkStart) return this.chunk[index - this.chunkStart]!;
    if (index >= this.chunkStart - CHUNK && index >= 0) return this.previousChunk[index - this.chunkStart + CHUNK]!;
    throw new StreamedParseAbandoned("read back too far");
  }

  protected override LA_FAST(howMuch: number): IToken {
    if (this.source === undefined) return super.LA_FAST(howMuch);
    const at = (this as unknown as LexerState).currIdx + howMuch;
    return at <= this.fetched && at >= this.chunkStart ? this.chunk[at - this.chunkStart]! : this.streamed(at);
  }

  protected override LA(howMuch: number): IToken {
    if (this.source === undefined) return super.LA(howMuch);
    const at = (this as unknown as LexerState).currIdx + howMuch;
    return at < 0 ? END_OF_INPUT : this.streamed(at);
  }

  /** Going back in a streamed input (error recovery, backtracking) abandons the streamed parse. */
  importLexerState(state: number): void {
    if (this.source !== undefined && state !== (this as unknown as LexerState).currIdx) throw new StreamedParseAbandoned("rewind");
    (this as unknown as LexerState).currIdx = state;
  }

  /** Skipping ahead is error recovery: it abandons a streamed parse. */
  moveToTerminatedState(): void {
    if (this.source !== undefined) throw new StreamedParseAbandoned("recovery");
    CHEVROTAIN.moveToTerminatedState.call(this);
  }

  protected override SKIP_TOKEN(): IToken {
    if (this.source !== undefined) throw new StreamedParseAbandoned("recovery");
    return super.SKIP_TOKEN();
  }

  // A streamed parse never recovers (its first syntax error abandons it), so what Chevrotain does
  // around a token or a sub-rule only for recovery and for a concrete syntax tree is skipped
  // there: a matching token is taken without a `try`, and a sub-rule runs its body directly,
  // with the rule stacks the lookahead and the frames read kept as Chevrotain keeps them. Any
  // other case (a mismatch, arguments, the token-array parse) is Chevrotain's own code.

  consumeInternal(tokType: TokenType, idx: number, options: ConsumeMethodOpts | undefined): IToken {
    if (this.source !== undefined) {
      const next = this.LA_FAST(1);
      const state = this as unknown as RecognizerState;
      if (state.tokenMatcher(next, tokType)) {
        state.currIdx++;
        return next;
      }
    }
    return CHEVROTAIN.consumeInternal.call(this, tokType, idx, options);
  }

  /**
   * `MANY` in a streamed parse: Chevrotain's loop, without what it does after the loop for
   * recovery, which allocated an array on every `MANY`. That step (`attemptInRepetitionRecovery`)
   * acts only when the next token is not the terminal that directly follows the repetition in the
   * grammar, and in a streamed parse it then either gives up (`SAVE_ERROR`, `SKIP_TOKEN`) or does
   * nothing; left out, the parse gives up one step later, at the `CONSUME` of that terminal (or
   * at the end of the file), which fails on the same token.
   */
  manyInternal(occurrence: number, action: DSLMethodOpts<unknown> | (() => unknown)): void {
    if (this.source === undefined) return CHEVROTAIN.manyInternal.call(this, occurrence, action);
    const state = this as unknown as RecognizerState;
    const lookahead = state.getLaFuncFromCache(state.currRuleShortName | MANY_KEY | occurrence);
    const body = typeof action === "function" ? action : action.DEF;
    const gate = typeof action === "function" ? undefined : action.GATE;
    while ((gate === undefined || gate.call(this)) && lookahead.call(this) === true) {
      const before = state.currIdx;
      body.call(this);
      // Stuck (the body read nothing): Chevrotain stops the loop too.
      if (state.currIdx <= before) break;
    }
  }

  subruleInternal(rule: ParserRule, idx: number, options: SubruleMethodOpts<unknown[]> | undefined): unknown {
    if (this.source === undefined || options !== undefined) return CHEVROTAIN.subruleInternal.call(this, rule, idx, options);
    const state = this as unknown as RecognizerState;
    const shortName = state.fullRuleNameToShort[rule.ruleName]!;
    state.subruleIdx = idx;
    state.RULE_OCCURRENCE_STACK[++state.RULE_OCCURRENCE_STACK_IDX] = idx;
    state.RULE_STACK[++state.RULE_STACK_IDX] = shortName;
    state.currRuleShortName = shortName;
    // A throw ends the streamed parse: the stacks are reset when the next parse sets `input`.
    const value = rule.originalGrammarAction.call(this);
    state.RULE_OCCURRENCE_STACK_IDX--;
    state.currRuleShortName = state.RULE_STACK[--state.RULE_STACK_IDX]!;
    return value;
  }

  /** Every syntax error is recorded here before anything recovers from it. */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (this.source !== undefined) throw new StreamedParseAbandoned("syntax error");
    return CHEVROTAIN.SAVE_ERROR.call(this, error);
  }

  // --- frames ---------------------------------------------------------------------------------

  /** Starts the frame of a rule invocation; `build` makes its node. */
  private open(build: NodeBuilder): void {
    if (this.RECORDING_PHASE) return;
    const depth = (this as unknown as RuleStack).RULE_STACK_IDX;
    if (--this.framesLeft === 0) {
      // The frames of running rules stay where they are (their children's `parent`).
      this.frames = [];
      this.framesLeft = FRAME_GENERATION;
    }
    const f = (this.frames[depth] ??= new Frame());
    f.reset(build, this.cx.diagnostics.length, this.cur, depth);
    this.cur = f;
  }

  /** Ends the running rule: builds its node from frame `f`. */
  private close<R>(f: Frame = this.cur): R {
    if (this.RECORDING_PHASE) return undefined as R;
    const parent = f.parent!;
    this.cur = parent;
    parent.childFirst = f.first;
    parent.childEnd = f.end;
    return f.build(f, this.cx) as R;
  }

  /** Records a consumed token in the running rule's bounds (unless recovery invented it). */
  private tok(t: IToken): IToken {
    if (isReal(t)) {
      const f = this.cur;
      if (f.first === undefined) f.first = t;
      f.end = t.startOffset + t.image.length;
    }
    return t;
  }

  /** Records a consumed token and keeps it in `tokens`. */
  private keep(t: IToken): void {
    this.tok(t);
    (this.cur.tokens ??= []).push(t);
  }

  /** A `,` between the entries of a block. */
  private comma(t: IToken): void {
    this.tok(t);
    if (isReal(t) && !this.RECORDING_PHASE) checkComma(this.cur, t, this.cx);
  }

  /** A line end between the entries of a block. */
  private newline(t: IToken): void {
    this.tok(t);
    if (isReal(t)) this.cur.sep = Sep.Newline;
  }

  /** Sets where the next sub-rule's result goes (call before the `SUBRULE`); the running frame. */
  private at(slot: Slot): Frame {
    const f = this.cur;
    f.slot = slot;
    return f;
  }

  /** Takes the result of the sub-rule that just returned into frame `f`. */
  private put(f: Frame, value: unknown): void {
    if (this.RECORDING_PHASE) return;
    this.attach(f, value, f.childFirst, f.childEnd);
  }

  private attach(f: Frame, value: unknown, first: IToken | undefined, end: number): void {
    if (first !== undefined) {
      if (f.first === undefined) f.first = first;
      f.end = end;
    }
    switch (f.slot) {
      case Slot.One:
        f.one = value;
        break;
      case Slot.Two:
        f.two = value;
        break;
      case Slot.List:
        if (value !== undefined) (f.list ??= []).push(value);
        break;
      case Slot.Member:
        if (first !== undefined) {
          const what = f.build === B.file ? "declaration" : f.build === B.gateDecl ? "condition" : "member";
          checkOwnLine(f, first, end, what, this.cx);
        }
        if (value !== undefined) (f.list ??= []).push(value);
        break;
      case Slot.Entry:
        if (first !== undefined) checkEntry(f, first, this.cx);
        if (value !== undefined) (f.list ??= []).push(value);
        break;
      case Slot.Unknown:
        if (value !== undefined) (f.unknown ??= []).push(value as IToken);
        break;
      case Slot.Operand:
        // An operand that could not be built ends the expression (`node-builders.ts`).
        if (f.cut >= 0) break;
        if (value === undefined) f.cut = this.cx.diagnostics.length;
        else (f.list ??= []).push(value);
        break;
      case Slot.Operator:
        if (f.cut >= 0) break;
        if (value === undefined) f.cut = this.cx.diagnostics.length;
        else (f.tokens ??= []).push(value as IToken);
        break;
      default:
        break;
    }
  }

  // --- shared pieces of rules ---------------------------------------------------------------

  private readonly newlineAlt = { ALT: (): unknown => this.tok(this.CONSUME(T.Newline)) };
  private readonly sepNewlineAlt = { ALT: (): void => this.newline(this.CONSUME(T.Newline)) };
  private readonly sepCommaAlt = { ALT: (): void => this.comma(this.CONSUME(T.Comma)) };

  /** The `, x` of a list of names or strings (`after a, b`, `code "a", "b"`). */
  private readonly moreNames = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.keep(this.CONSUME2(T.Identifier));
  };
  private readonly moreStrings = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.keep(this.CONSUME2(T.StringLiteral));
  };
  private readonly trailingComma = (): unknown => this.tok(this.CONSUME2(T.Comma));
  private readonly dottedName = (): void => {
    this.tok(this.CONSUME(T.Dot));
    this.keep(this.CONSUME2(T.Identifier));
  };

  /** The loop over a `{ … }` block of entries: an entry, a `,` or a line end (see `layout-checks.ts`). */
  private entryLines(entry: () => unknown): () => unknown {
    const alts = [{ ALT: () => this.put(this.at(Slot.Entry), entry()) }, this.sepCommaAlt, this.sepNewlineAlt];
    return () => this.OR(alts);
  }

  // --- file and top level -------------------------------------------------------------------

  /**
   * The loop over the lines of a `{ … }` block of members: a member, an unknown member line (a
   * name that is a member neither here nor in an enclosing block: the catch-all error
   * production, gated), or a line end. A member word of an enclosing block that is not one of
   * `own` (`step` inside a step) ends the loop, so the missing `}` is reported right there.
   */
  private blockLines(
    member: () => unknown,
    own: ReadonlySet<TokenType>,
    outer: ReadonlySet<TokenType>,
    or: (alts: OrMethodOpts<unknown>) => unknown,
  ): { GATE: () => boolean; DEF: () => unknown } {
    const alts: OrMethodOpts<unknown> = {
      // Members differ in their first word. Chevrotain takes the first alternative that matches,
      // so a word of `own` (exactly the first words of `member`, checked by a test) is a member
      // and any other name an unknown member line: the catch-all needs no gate, and a gate would
      // make Chevrotain collect the alternatives' gates into a fresh array on every line.
      // (Words of `outer` never get here: the loop's gate ends the block before them.)
      MAX_LOOKAHEAD: 1,
      DEF: [
        { ALT: () => this.put(this.at(Slot.Member), member()) },
        { ALT: () => this.put(this.at(Slot.Unknown), this.SUBRULE(this.unknownMember)), IGNORE_AMBIGUITIES: true },
        this.newlineAlt,
      ],
    };
    // The words that end the block, by token type index (a table read instead of two set lookups per line).
    const leaves: boolean[] = [];
    for (const type of outer) if (!own.has(type)) leaves[type.tokenTypeIdx!] = true;
    return { GATE: () => this.staysInBlock(leaves), DEF: () => or(alts) };
  }

  private readonly fileLoop = (): unknown =>
    this.OR([
      { ALT: () => this.put(this.at(Slot.Member), this.SUBRULE(this.topLevelDecl)) },
      // Any name at the top level starts an unknown declaration (`pipelin p { … }`, or a
      // member such as `step` outside a pipeline).
      { ALT: () => this.put(this.at(Slot.Unknown), this.SUBRULE(this.unknownMember)), IGNORE_AMBIGUITIES: true },
      this.newlineAlt,
    ]);

  /** file = { topLevelDecl | unknownMember | NL } ; */
  file = this.RULE("file", (): A.TopLevelDecl[] => {
    this.open(B.file);
    this.MANY(this.fileLoop);
    return this.close();
  }, this.recovery);

  private readonly topLevelAlts = [
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.schemaDecl) },
    { ALT: () => this.SUBRULE(this.componentDecl) },
    { ALT: () => this.SUBRULE(this.pipelineDecl) },
  ];

  /** topLevelDecl = importDecl | schemaDecl | componentDecl | pipelineDecl ; */
  topLevelDecl = this.RULE("topLevelDecl", (): A.TopLevelDecl | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.topLevelAlts));
    return this.close();
  }, this.recovery);

  /** importDecl = "import" StringLiteral ; */
  importDecl = this.RULE("importDecl", (): A.ImportDecl | undefined => {
    this.open(B.importDecl);
    this.tok(this.CONSUME(T.Import));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  /** schemaDecl = "schema" Identifier typedEntryBlock ; */
  schemaDecl = this.RULE("schemaDecl", (): A.SchemaDecl | undefined => {
    this.open(B.schemaDecl);
    this.tok(this.CONSUME(T.Schema));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.put(this.at(Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close();
  }, this.recovery);

  private readonly componentLoop = this.blockLines(() => this.SUBRULE(this.componentMember), STEP_MEMBERS, NO_MEMBERS, (alts) => this.OR(alts));

  /** componentDecl = "component" Identifier "{" { componentMember | unknownMember | NL } "}" ; */
  componentDecl = this.RULE("componentDecl", (): A.ComponentDecl | undefined => {
    this.open(B.componentDecl);
    this.tok(this.CONSUME(T.Component));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.componentLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  private readonly pipelineLoop = this.blockLines(() => this.SUBRULE(this.pipelineMember), PIPELINE_MEMBERS, NO_MEMBERS, (alts) => this.OR(alts));

  /** pipelineDecl = "pipeline" Identifier "{" { pipelineMember | unknownMember | NL } "}" ; */
  pipelineDecl = this.RULE("pipelineDecl", (): A.PipelineDecl | undefined => {
    this.open(B.pipelineDecl);
    this.tok(this.CONSUME(T.Pipeline));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.pipelineLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  // --- pipeline members ---------------------------------------------------------------------

  private readonly pipelineMemberAlts = [
    { ALT: () => this.SUBRULE(this.description) },
    { ALT: () => this.SUBRULE(this.paramDecl) },
    { ALT: () => this.SUBRULE(this.secretDecl) },
    { ALT: () => this.SUBRULE(this.datasetDecl) },
    { ALT: () => this.SUBRULE(this.stepDecl) },
    { ALT: () => this.SUBRULE(this.gateDecl) },
    { ALT: () => this.SUBRULE(this.deployDecl) },
    { ALT: () => this.SUBRULE(this.sweepDecl) },
    { ALT: () => this.SUBRULE(this.scheduleDecl) },
    { ALT: () => this.SUBRULE(this.triggerDecl) },
    { ALT: () => this.SUBRULE(this.targetDecl) },
  ];

  /**
   * pipelineMember = description | paramDecl | secretDecl | datasetDecl | stepDecl | gateDecl
   *                | deployDecl | sweepDecl | scheduleDecl | triggerDecl | targetDecl ;
   */
  pipelineMember = this.RULE("pipelineMember", (): A.PipelineMember | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.pipelineMemberAlts));
    return this.close();
  }, this.recovery);

  /** description = "description" StringLiteral ; */
  description = this.RULE("description", (): A.Description | undefined => {
    this.open(B.description);
    this.tok(this.CONSUME(T.Description));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  /** `= value` after a declared type (params and component inputs). */
  private readonly defaultValue = (): void => {
    this.tok(this.CONSUME(T.Equals));
    this.put(this.at(Slot.Two), this.SUBRULE(this.expression));
  };

  /** paramDecl = "param" Identifier ":" typeRef [ "=" expression ] ; */
  paramDecl = this.RULE("paramDecl", (): A.ParamDecl | undefined => {
    this.open(B.paramDecl);
    this.tok(this.CONSUME(T.Param));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.typeRef));
    this.OPTION(this.defaultValue);
    return this.close();
  }, this.recovery);

  /** secretDecl = "secret" Identifier ; */
  secretDecl = this.RULE("secretDecl", (): A.SecretDecl | undefined => {
    this.open(B.secretDecl);
    this.tok(this.CONSUME(T.Secret));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    return this.close();
  }, this.recovery);

  /** datasetDecl = "dataset" Identifier ":" typeRef "=" StringLiteral ; */
  datasetDecl = this.RULE("datasetDecl", (): A.DatasetDecl | undefined => {
    this.open(B.datasetDecl);
    this.tok(this.CONSUME(T.Dataset));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.typeRef));
    this.tok(this.CONSUME(T.Equals));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  private readonly stepLoop = this.blockLines(() => this.SUBRULE(this.stepMember), STEP_MEMBERS, PIPELINE_MEMBERS, (alts) => this.OR2(alts));

  private readonly stepForms = [
    {
      ALT: (): void => {
        this.tok(this.CONSUME(T.Equals));
        // `two` marks the `= call` form, even when the call cannot be built.
        this.cur.two = true;
        this.put(this.at(Slot.One), this.SUBRULE(this.callExpr));
      },
    },
    {
      ALT: (): void => {
        this.tok(this.CONSUME(T.LCurly));
        this.MANY(this.stepLoop);
        this.tok(this.CONSUME(T.RCurly));
      },
    },
  ];

  private readonly stepWords = [{ ALT: () => this.CONSUME(T.Step) }, { ALT: () => this.CONSUME(T.Finally) }];

  /** stepDecl = ( "step" | "finally" ) Identifier ( "=" callExpr | "{" { stepMember | unknownMember | NL } "}" ) ; */
  stepDecl = this.RULE("stepDecl", (): A.StepDecl | undefined => {
    this.open(B.stepDecl);
    this.cur.token = this.tok(this.OR1(this.stepWords));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.OR(this.stepForms);
    return this.close();
  }, this.recovery);

  private readonly gateLoop = (): unknown =>
    this.OR([{ ALT: () => this.put(this.at(Slot.Member), this.SUBRULE(this.expression)) }, this.newlineAlt]);

  private readonly gateWords = [{ ALT: () => this.CONSUME(T.Gate) }, { ALT: () => this.CONSUME(T.Assert) }];

  /** gateDecl = ( "gate" | "assert" ) Identifier "{" { expression | NL } "}" ; */
  gateDecl = this.RULE("gateDecl", (): A.GateDecl | undefined => {
    this.open(B.gateDecl);
    this.cur.token = this.tok(this.OR1(this.gateWords));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.gateLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  private readonly deployLoop = this.blockLines(() => this.SUBRULE(this.deployMember), DEPLOY_MEMBERS, PIPELINE_MEMBERS, (alts) => this.OR(alts));

  /** deployDecl = "deploy" Identifier "{" { deployMember | unknownMember | NL } "}" ; */
  deployDecl = this.RULE("deployDecl", (): A.DeployDecl | undefined => {
    this.open(B.deployDecl);
    this.tok(this.CONSUME(T.Deploy));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.deployLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  private readonly sweepLoop = this.blockLines(() => this.SUBRULE(this.sweepMember), SWEEP_MEMBERS, PIPELINE_MEMBERS, (alts) => this.OR3(alts));

  /** sweepDecl = "sweep" Identifier "{" { sweepMember | unknownMember | NL } "}" ; */
  sweepDecl = this.RULE("sweepDecl", (): A.SweepDecl | undefined => {
    this.open(B.sweepDecl);
    this.tok(this.CONSUME(T.Sweep));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.sweepLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  private readonly sweepMemberAlts = [
    { ALT: () => this.SUBRULE(this.overDecl) },
    { ALT: () => this.SUBRULE(this.stepDecl) },
    { ALT: () => this.SUBRULE(this.gateDecl) },
    { ALT: () => this.SUBRULE(this.bestDecl) },
    { ALT: () => this.SUBRULE(this.sweepDecl) },
  ];

  /** sweepMember = overDecl | stepDecl | gateDecl | bestDecl | sweepDecl ; */
  sweepMember = this.RULE("sweepMember", (): A.SweepMember | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.sweepMemberAlts));
    return this.close();
  }, this.recovery);

  /** overDecl = "over" Identifier ":" expression ; */
  overDecl = this.RULE("overDecl", (): A.OverDecl | undefined => {
    this.open(B.overDecl);
    this.tok(this.CONSUME(T.Over));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  /** bestDecl = "best" Identifier expression ;  (the Identifier is `max` or `min`, checked later) */
  bestDecl = this.RULE("bestDecl", (): A.BestDecl | undefined => {
    this.open(B.bestDecl);
    this.tok(this.CONSUME(T.Best));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  private readonly deployMemberAlts = [
    { ALT: () => this.SUBRULE(this.deployModel) },
    { ALT: () => this.SUBRULE(this.afterMember) },
    { ALT: () => this.SUBRULE(this.approvalMember) },
    { ALT: () => this.SUBRULE(this.secretsMember) },
    { ALT: () => this.SUBRULE(this.deployTo) },
  ];

  /** deployMember = deployModel | afterMember | approvalMember | secretsMember | deployTo ; */
  deployMember = this.RULE("deployMember", (): A.DeployMember | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.deployMemberAlts));
    return this.close();
  }, this.recovery);

  /** deployModel = "model" expression ; */
  deployModel = this.RULE("deployModel", (): A.DeployModel | undefined => {
    this.open(B.deployModel);
    this.tok(this.CONSUME(T.ModelKw));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  /** approvalMember = "approval" "required" ; */
  approvalMember = this.RULE("approvalMember", (): A.ApprovalMember | undefined => {
    this.open(B.approvalMember);
    this.tok(this.CONSUME(T.Approval));
    this.cur.token = this.tok(this.CONSUME(T.Required));
    return this.close();
  }, this.recovery);

  private readonly deployOptions = (): unknown =>
    this.OR([
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.keyValueBlock)) },
      { ALT: () => (this.cur.token = this.tok(this.CONSUME(T.StringLiteral))) },
    ]);

  /** deployTo = "to" Identifier [ keyValueBlock | StringLiteral ] ; */
  deployTo = this.RULE("deployTo", (): A.DeployTo | undefined => {
    this.open(B.deployTo);
    this.tok(this.CONSUME(T.To));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.OPTION(this.deployOptions);
    return this.close();
  }, this.recovery);

  /** scheduleDecl = "schedule" StringLiteral ; */
  scheduleDecl = this.RULE("scheduleDecl", (): A.ScheduleDecl | undefined => {
    this.open(B.scheduleDecl);
    this.tok(this.CONSUME(T.Schedule));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  private readonly triggerAlts = [
    { ALT: () => this.SUBRULE(this.changeTrigger) },
    { ALT: () => this.SUBRULE(this.globTrigger) },
  ];

  /** triggerDecl = "trigger" "on" ( changeTrigger | globTrigger ) ; */
  triggerDecl = this.RULE("triggerDecl", (): A.TriggerDecl | undefined => {
    this.open(B.triggerDecl);
    const f = this.cur;
    this.tok(this.CONSUME(T.Trigger));
    this.tok(this.CONSUME(T.On));
    this.put(f, this.OR(this.triggerAlts));
    return this.close();
  }, this.recovery);

  /** changeTrigger = "change" "(" Identifier ")" ; */
  changeTrigger = this.RULE("changeTrigger", (): { kind: "ChangeTrigger"; dataset: A.Identifier } | undefined => {
    this.open(B.changeTrigger);
    this.tok(this.CONSUME(T.Change));
    this.tok(this.CONSUME(T.LParen));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.RParen));
    return this.close();
  }, this.recovery);

  private readonly globTriggerWords = [{ ALT: () => this.CONSUME(T.Push) }, { ALT: () => this.CONSUME(T.PullRequest) }];

  /** globTrigger = ( "push" | "pull_request" ) "(" StringLiteral { "," StringLiteral } [ "," ] ")" ; */
  globTrigger = this.RULE("globTrigger", (): { kind: "PushTrigger" | "PullRequestTrigger"; globs: A.StringLiteral[] } | undefined => {
    this.open(B.globTrigger);
    this.cur.token = this.tok(this.OR1(this.globTriggerWords));
    this.tok(this.CONSUME(T.LParen));
    this.keep(this.CONSUME(T.StringLiteral));
    this.MANY(this.moreStrings);
    this.OPTION(this.trailingComma);
    this.tok(this.CONSUME(T.RParen));
    return this.close();
  }, this.recovery);

  /** targetDecl = "target" Identifier keyValueBlock ; */
  targetDecl = this.RULE("targetDecl", (): A.TargetDecl | undefined => {
    this.open(B.targetDecl);
    this.tok(this.CONSUME(T.Target));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.put(this.at(Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close();
  }, this.recovery);

  // --- step and component members -----------------------------------------------------------

  /** The members steps and components share: all but `inputs`. */
  private readonly sharedMemberAlts = [
    { ALT: () => this.SUBRULE(this.description) },
    { ALT: () => this.SUBRULE(this.outputsMember) },
    { ALT: () => this.SUBRULE(this.metricsMember) },
    { ALT: () => this.SUBRULE(this.runMember) },
    { ALT: () => this.SUBRULE(this.imageMember) },
    { ALT: () => this.SUBRULE(this.codeMember) },
    { ALT: () => this.SUBRULE(this.envMember) },
    { ALT: () => this.SUBRULE(this.secretsMember) },
    { ALT: () => this.SUBRULE(this.resourcesMember) },
    { ALT: () => this.SUBRULE(this.retryMember) },
    { ALT: () => this.SUBRULE(this.timeoutMember) },
    { ALT: () => this.SUBRULE(this.cacheMember) },
    { ALT: () => this.SUBRULE(this.afterMember) },
  ];

  private readonly stepMemberAlts = [{ ALT: () => this.SUBRULE(this.stepInputs) }, ...this.sharedMemberAlts];

  /**
   * stepMember = stepInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  stepMember = this.RULE("stepMember", (): A.StepMember | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.stepMemberAlts));
    return this.close();
  }, this.recovery);

  private readonly componentMemberAlts = [{ ALT: () => this.SUBRULE(this.componentInputs) }, ...this.sharedMemberAlts];

  /**
   * componentMember = componentInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  componentMember = this.RULE("componentMember", (): A.StepMember | undefined => {
    this.open(B.only);
    const f = this.cur;
    this.put(f, this.OR(this.componentMemberAlts));
    return this.close();
  }, this.recovery);

  private readonly stepInputsLoop = this.entryLines(() => this.SUBRULE(this.inputBinding));

  /** stepInputs = "inputs" "{" { inputBinding | "," | NL } "}" ; */
  stepInputs = this.RULE("stepInputs", (): A.InputsMember | undefined => {
    this.open(B.inputs);
    this.tok(this.CONSUME(T.Inputs));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.stepInputsLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  /** inputBinding = Identifier ":" expression ; */
  inputBinding = this.RULE("inputBinding", (): A.InputEntry | undefined => {
    this.open(B.inputBinding);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  private readonly componentInputsLoop = this.entryLines(() => this.SUBRULE(this.inputDecl));

  /** componentInputs = "inputs" "{" { inputDecl | "," | NL } "}" ; */
  componentInputs = this.RULE("componentInputs", (): A.InputsMember | undefined => {
    this.open(B.inputs);
    this.tok(this.CONSUME(T.Inputs));
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.componentInputsLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  /** inputDecl = Identifier ":" typeRef [ "=" expression ] ; */
  inputDecl = this.RULE("inputDecl", (): A.InputEntry | undefined => {
    this.open(B.inputDecl);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.typeRef));
    this.OPTION(this.defaultValue);
    return this.close();
  }, this.recovery);

  /** outputsMember = "outputs" typedEntryBlock ; */
  outputsMember = this.RULE("outputsMember", (): A.OutputsMember | undefined => {
    this.open(B.outputsMember);
    this.tok(this.CONSUME(T.Outputs));
    this.put(this.at(Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close();
  }, this.recovery);

  /** metricsMember = "metrics" typedEntryBlock ; */
  metricsMember = this.RULE("metricsMember", (): A.MetricsMember | undefined => {
    this.open(B.metricsMember);
    this.tok(this.CONSUME(T.Metrics));
    this.put(this.at(Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close();
  }, this.recovery);

  /** runMember = "run" StringLiteral ; */
  runMember = this.RULE("runMember", (): A.RunMember | undefined => {
    this.open(B.runMember);
    this.tok(this.CONSUME(T.Run));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  /** imageMember = "image" StringLiteral ; */
  imageMember = this.RULE("imageMember", (): A.ImageMember | undefined => {
    this.open(B.imageMember);
    this.tok(this.CONSUME(T.Image));
    this.cur.token = this.tok(this.CONSUME(T.StringLiteral));
    return this.close();
  }, this.recovery);

  /** codeMember = "code" StringLiteral { "," StringLiteral } ; */
  codeMember = this.RULE("codeMember", (): A.CodeMember | undefined => {
    this.open(B.codeMember);
    this.tok(this.CONSUME(T.Code));
    this.keep(this.CONSUME(T.StringLiteral));
    this.MANY(this.moreStrings);
    return this.close();
  }, this.recovery);

  /** envMember = "env" keyValueBlock ; */
  envMember = this.RULE("envMember", (): A.EnvMember | undefined => {
    this.open(B.envMember);
    this.tok(this.CONSUME(T.Env));
    this.put(this.at(Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close();
  }, this.recovery);

  private readonly secretNames = (): void => {
    this.keep(this.CONSUME(T.Identifier));
    this.MANY(this.moreNames);
    this.OPTION2(this.trailingComma);
  };

  /** secretsMember = "secrets" "[" [ Identifier { "," Identifier } [ "," ] ] "]" ; */
  secretsMember = this.RULE("secretsMember", (): A.SecretsMember | undefined => {
    this.open(B.secretsMember);
    this.tok(this.CONSUME(T.Secrets));
    this.tok(this.CONSUME(T.LBracket));
    this.OPTION(this.secretNames);
    this.tok(this.CONSUME(T.RBracket));
    return this.close();
  }, this.recovery);

  /** resourcesMember = "resources" keyValueBlock ; */
  resourcesMember = this.RULE("resourcesMember", (): A.ResourcesMember | undefined => {
    this.open(B.resourcesMember);
    this.tok(this.CONSUME(T.Resources));
    this.put(this.at(Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close();
  }, this.recovery);

  /** retryMember = "retry" expression ; */
  retryMember = this.RULE("retryMember", (): A.RetryMember | undefined => {
    this.open(B.retryMember);
    this.tok(this.CONSUME(T.Retry));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  /** timeoutMember = "timeout" expression ; */
  timeoutMember = this.RULE("timeoutMember", (): A.TimeoutMember | undefined => {
    this.open(B.timeoutMember);
    this.tok(this.CONSUME(T.Timeout));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  private readonly onOff = [{ ALT: () => this.CONSUME(T.On) }, { ALT: () => this.CONSUME(T.Off) }];

  /** cacheMember = "cache" ( "on" | "off" ) ; */
  cacheMember = this.RULE("cacheMember", (): A.CacheMember | undefined => {
    this.open(B.cacheMember);
    this.tok(this.CONSUME(T.Cache));
    this.cur.token = this.tok(this.OR(this.onOff));
    return this.close();
  }, this.recovery);

  private readonly afterNot = (): void => {
    this.cur.token = this.tok(this.CONSUME(T.Not));
  };

  /** afterMember = "after" [ "not" ] Identifier { "," Identifier } ; */
  afterMember = this.RULE("afterMember", (): A.AfterMember | undefined => {
    this.open(B.afterMember);
    this.tok(this.CONSUME(T.After));
    this.OPTION(this.afterNot);
    this.keep(this.CONSUME(T.Identifier));
    this.MANY(this.moreNames);
    return this.close();
  }, this.recovery);

  // --- blocks of entries ---
  //
  // Entries are separated by `,` or a line end. The grammar accepts any mix of entries and
  // separators so that one bad entry cannot derail the block; `layout-checks.ts` reports a
  // missing separator (`{ a: 1 b: 2 }`) or a stray comma (`{ , a: 1 }`) as MLP1002.

  private readonly typedEntryLoop = this.entryLines(() => this.SUBRULE(this.typedEntry));

  /** typedEntryBlock = "{" { typedEntry | "," | NL } "}" ; */
  typedEntryBlock = this.RULE("typedEntryBlock", (): A.TypedEntry[] => {
    this.open(B.entryBlock);
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.typedEntryLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  /** typedEntry = Identifier ":" typeRef ; */
  typedEntry = this.RULE("typedEntry", (): A.TypedEntry | undefined => {
    this.open(B.typedEntry);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.typeRef));
    return this.close();
  }, this.recovery);

  private readonly keyValueLoop = this.entryLines(() => this.SUBRULE(this.keyValue));

  /** keyValueBlock = "{" { keyValue | "," | NL } "}" ; */
  keyValueBlock = this.RULE("keyValueBlock", (): A.KeyValue[] => {
    this.open(B.entryBlock);
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.keyValueLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  /** keyValue = Identifier ":" expression ; */
  keyValue = this.RULE("keyValue", (): A.KeyValue | undefined => {
    this.open(B.keyValue);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);

  // --- error productions -------------------------------------------------------------------

  /** The next word is not a member of an enclosing block only (gate of a block's member loop). */
  private staysInBlock(leaves: readonly boolean[]): boolean {
    return leaves[this.LA(1).tokenTypeIdx] !== true;
  }

  private readonly unknownLineLoop = (): unknown =>
    this.OR([
      { ALT: () => this.tok(this.CONSUME(T.LineToken)) },
      { ALT: () => this.put(this.at(Slot.Skip), this.SUBRULE(this.skippedBlock)) },
    ]);

  /**
   * unknownMember = Identifier { LineToken | skippedBlock } ;
   * Error production: a line starting with a word that is no member here, skipped with any
   * block it opens, so recovery resumes on the next line; the enclosing block reports MLP1006.
   */
  unknownMember = this.RULE("unknownMember", (): IToken | undefined => {
    this.open(B.unknownMember);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.MANY(this.unknownLineLoop);
    return this.close();
  }, this.recovery);

  private readonly skippedBlockLoop = (): unknown =>
    this.OR([
      { ALT: () => this.tok(this.CONSUME(T.LineToken)) },
      this.newlineAlt,
      { ALT: () => this.put(this.at(Slot.Skip), this.SUBRULE(this.skippedBlock)) },
    ]);

  /** skippedBlock = "{" { LineToken | NL | skippedBlock } "}" ; */
  skippedBlock = this.RULE("skippedBlock", (): undefined => {
    this.open(B.nothing);
    this.tok(this.CONSUME(T.LCurly));
    this.MANY(this.skippedBlockLoop);
    this.tok(this.CONSUME(T.RCurly));
    return this.close();
  }, this.recovery);

  // --- types --------------------------------------------------------------------------------

  private readonly typeNames = [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.TypeWord) }];
  private readonly moreTypeArgs = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.put(this.at(Slot.List), this.SUBRULE2(this.typeRef));
  };
  private readonly typeArgs = (): void => {
    this.tok(this.CONSUME(T.Less));
    this.put(this.at(Slot.List), this.SUBRULE(this.typeRef));
    this.MANY(this.moreTypeArgs);
    this.tok(this.CONSUME(T.Greater));
  };
  private readonly optionalMark = (): unknown => (this.cur.token = this.tok(this.CONSUME(T.Question)));

  /** typeRef = ( Identifier | TypeWord ) [ "<" typeRef { "," typeRef } ">" ] [ "?" ] ; */
  typeRef = this.RULE("typeRef", (): A.TypeRef | undefined => {
    this.open(B.typeRef);
    this.cur.name = this.tok(this.OR(this.typeNames));
    this.OPTION(this.typeArgs);
    this.OPTION2(this.optionalMark);
    return this.close();
  }, this.recovery);

  // --- expressions --------------------------------------------------------------------------
  //
  // Operators are parsed flat (`operand { binaryOperator operand }`) and precedence is applied
  // by `precedence.ts`: a rule per precedence level would cost eleven rule invocations for every
  // bare name, and rule invocations dominate parse time on large files. Precedence, loosest
  // first (documented in grammar/mlp.ebnf and grammar/README.md):
  //   or < and < not (prefix) < comparisons (non-chaining) < + - < * / < ?? < - (prefix)

  private readonly moreOperands = (): void => {
    this.put(this.at(Slot.Operator), this.SUBRULE(this.binaryOperator));
    this.put(this.at(Slot.Operand), this.SUBRULE2(this.operand));
  };

  /** expression = operand { binaryOperator operand } ; */
  expression = this.RULE("expression", (): A.Expr | undefined => {
    this.open(B.expression);
    this.put(this.at(Slot.Operand), this.SUBRULE(this.operand));
    this.MANY(this.moreOperands);
    return this.close();
  }, this.recovery);

  private readonly binaryOperators = [
    { ALT: () => this.CONSUME(T.Or) },
    { ALT: () => this.CONSUME(T.And) },
    { ALT: () => this.CONSUME(T.Less) },
    { ALT: () => this.CONSUME(T.LessEq) },
    { ALT: () => this.CONSUME(T.Greater) },
    { ALT: () => this.CONSUME(T.GreaterEq) },
    { ALT: () => this.CONSUME(T.EqEq) },
    { ALT: () => this.CONSUME(T.NotEq) },
    { ALT: () => this.CONSUME(T.Plus) },
    { ALT: () => this.CONSUME(T.Minus) },
    { ALT: () => this.CONSUME(T.Star) },
    { ALT: () => this.CONSUME(T.Slash) },
    { ALT: () => this.CONSUME(T.QuestionQuestion) },
  ];

  /**
   * binaryOperator = "or" | "and" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "+" | "-" | "*" | "/"
   *                | "??" ;
   */
  binaryOperator = this.RULE("binaryOperator", (): IToken | undefined => {
    this.open(B.binaryOperator);
    this.cur.token = this.tok(this.OR(this.binaryOperators));
    return this.close();
  }, this.recovery);

  private readonly prefixOperator = (): void =>
    this.keep(
      this.OR([
        { ALT: () => this.CONSUME(T.Not, PREFIX) },
        { ALT: () => this.CONSUME(T.Minus, PREFIX) },
      ]),
    );

  private readonly primaries = {
    // `deployed(x).m` and a call `deployed(x: 1)` differ at the fourth token.
    MAX_LOOKAHEAD: 4,
    DEF: [
      { ALT: () => this.literal(this.CONSUME(T.NumberLiteral, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.DurationLiteral, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.QuantityLiteral, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.BadNumber, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.StringLiteral, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.True, LITERAL)) },
      { ALT: () => this.literal(this.CONSUME(T.False, LITERAL)) },
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.listLiteral)) },
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.parenExpr)) },
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.deployedExpr)) },
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.collectExpr)) },
      { ALT: () => this.put(this.at(Slot.One), this.SUBRULE(this.refOrCall)) },
    ],
  };

  private literal(t: IToken): void {
    this.cur.token = this.tok(t);
  }

  /**
   * operand = { "not" | "-" } ( NumberLiteral | DurationLiteral | QuantityLiteral | BadNumber
   *         | StringLiteral | "true" | "false" | listLiteral | parenExpr | deployedExpr
   *         | collectExpr | refOrCall ) ;
   */
  operand = this.RULE("operand", (): A.Expr | Prefixed | undefined => {
    this.open(B.operand);
    this.MANY(this.prefixOperator);
    this.OR2(this.primaries);
    return this.close();
  }, this.recovery);

  private readonly moreItems = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.put(this.at(Slot.List), this.SUBRULE2(this.expression));
  };
  private readonly listItems = (): void => {
    this.put(this.at(Slot.List), this.SUBRULE(this.expression));
    this.MANY(this.moreItems);
    this.OPTION2(this.trailingComma);
  };

  /** listLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ; */
  listLiteral = this.RULE("listLiteral", (): A.ListLiteral | undefined => {
    this.open(B.listLiteral);
    this.tok(this.CONSUME(T.LBracket));
    this.OPTION(this.listItems);
    this.tok(this.CONSUME(T.RBracket));
    return this.close();
  }, this.recovery);

  /** parenExpr = "(" expression ")" ; */
  parenExpr = this.RULE("parenExpr", (): A.ParenExpr | undefined => {
    this.open(B.parenExpr);
    this.tok(this.CONSUME(T.LParen));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    this.tok(this.CONSUME(T.RParen));
    return this.close();
  }, this.recovery);

  private readonly deployedFrom = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.tok(this.CONSUME(T.From));
    this.tok(this.CONSUME(T.Colon));
    this.keep(this.CONSUME3(T.Identifier));
  };

  /** deployedExpr = "deployed" "(" Identifier [ "," "from" ":" Identifier ] ")" "." Identifier ; */
  deployedExpr = this.RULE("deployedExpr", (): A.DeployedExpr | undefined => {
    this.open(B.deployedExpr);
    this.tok(this.CONSUME(T.Deployed));
    this.tok(this.CONSUME(T.LParen));
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.OPTION(this.deployedFrom);
    this.tok(this.CONSUME(T.RParen));
    this.tok(this.CONSUME(T.Dot));
    this.cur.token = this.tok(this.CONSUME2(T.Identifier));
    return this.close();
  }, this.recovery);

  /** collectExpr = "collect" "(" expression ")" ; */
  collectExpr = this.RULE("collectExpr", (): A.CollectExpr | undefined => {
    this.open(B.collectExpr);
    this.tok(this.CONSUME(T.Collect));
    this.tok(this.CONSUME(T.LParen));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    this.tok(this.CONSUME(T.RParen));
    return this.close();
  }, this.recovery);

  private readonly callOfRef = (): void => {
    // `two` marks a call, even when its arguments cannot be built.
    this.cur.two = true;
    this.put(this.at(Slot.One), this.SUBRULE(this.callArguments));
  };

  /** refOrCall = Identifier { "." Identifier } [ callArguments ] ; */
  refOrCall = this.RULE("refOrCall", (): A.RefExpr | A.CallExpr | undefined => {
    this.open(B.refOrCall);
    this.keep(this.CONSUME(T.Identifier));
    this.MANY(this.dottedName);
    this.OPTION(this.callOfRef);
    return this.close();
  }, this.recovery);

  /** callExpr = Identifier { "." Identifier } callArguments ; */
  callExpr = this.RULE("callExpr", (): A.CallExpr | undefined => {
    this.open(B.callExpr);
    this.keep(this.CONSUME(T.Identifier));
    this.MANY(this.dottedName);
    this.put(this.at(Slot.One), this.SUBRULE(this.callArguments));
    return this.close();
  }, this.recovery);

  private readonly moreArguments = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.put(this.at(Slot.List), this.SUBRULE2(this.argument));
  };
  private readonly argumentList = (): void => {
    this.put(this.at(Slot.List), this.SUBRULE(this.argument));
    this.MANY(this.moreArguments);
    this.OPTION2(this.trailingComma);
  };

  /** callArguments = "(" [ argument { "," argument } [ "," ] ] ")" ; */
  callArguments = this.RULE("callArguments", (): A.Argument[] => {
    this.open(B.entryBlock);
    this.tok(this.CONSUME(T.LParen));
    this.OPTION(this.argumentList);
    this.tok(this.CONSUME(T.RParen));
    return this.close();
  }, this.recovery);

  /** argument = Identifier ":" expression ; */
  argument = this.RULE("argument", (): A.Argument | undefined => {
    this.open(B.argument);
    this.cur.name = this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Colon));
    this.put(this.at(Slot.One), this.SUBRULE(this.expression));
    return this.close();
  }, this.recovery);
}

/** The one parser instance (building a Chevrotain parser analyses the whole grammar). */
export const mlpParser = new MlpParser();
