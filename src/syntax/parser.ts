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
import { EmbeddedActionsParser, tokenMatcher, type IParserErrorMessageProvider, type TokenType, type IToken, type IRecognitionException } from "chevrotain";
import type * as A from "./ast.js";
import * as T from "./tokens.js";
import { BuildContext, isReal } from "./build-context.js";
import { Frame, Sep, Slot, type NodeBuilder } from "./frame.js";
import { NODE_BUILDERS as B } from "./node-builders.js";
import { checkComma, checkEntry, checkOwnLine } from "./layout-checks.js";
import type { Prefixed } from "./precedence.js";
import { SpanMaker } from "./positions.js";

/** The words that start a member of each kind of block (for the gates of the member loops). */
const PIPELINE_MEMBERS: ReadonlySet<TokenType> = new Set([
  T.Description, T.Param, T.Secret, T.Dataset, T.Step, T.Gate, T.Deploy, T.Schedule, T.Trigger, T.Target,
]);
const STEP_MEMBERS: ReadonlySet<TokenType> = new Set([
  T.Description, T.Inputs, T.Outputs, T.Metrics, T.Run, T.Image, T.Code, T.Env, T.Secrets,
  T.Resources, T.Retry, T.Timeout, T.Cache, T.After,
]);
const DEPLOY_MEMBERS: ReadonlySet<TokenType> = new Set([T.ModelKw, T.After, T.Approval, T.To]);
const NO_MEMBERS: ReadonlySet<TokenType> = new Set();

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

/** The context between parses. */
const IDLE_CONTEXT = new BuildContext(new SpanMaker("", ""));

/** A frame for the grammar recording phase, where no node is built. */
const RECORDING_FRAME = new Frame(B.nothing, 0);

/** The `.mlp` parser. Build it once (`mlpParser`); `parseTokens` parses one file. */
export class MlpParser extends EmbeddedActionsParser {
  /** Spans and diagnostics of the file being parsed. */
  private cx = IDLE_CONTEXT;
  /** The frame of each rule invocation on the stack, by depth (entries above the stack are stale). */
  private readonly frames: Frame[] = [];
  /** First and last real tokens of the rule that just ended. */
  private childFirst: IToken | undefined = undefined;
  private childLast: IToken | undefined = undefined;

  /**
   * The value of a rule that error recovery abandons: its node, built from what it had read, with
   * the partial nodes of the sub-rules abandoned with it (the rules between it and the error).
   */
  private readonly recovered = (): unknown => {
    // Chevrotain's index of the recovering rule on its rule stack (not in its typings).
    const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
    const frames = this.frames;
    let top = depth;
    while (top + 1 < frames.length && !frames[top + 1]!.closed) top++;
    for (let d = top; d > depth; d--) {
      const child = frames[d]!;
      this.attach(frames[d - 1]!, this.close(child), child.first, child.last);
    }
    return this.close(frames[depth]!);
  };

  private readonly recovery = { recoveryValueFunc: <R>(): R => this.recovered() as R };

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      // LL(2) suffices everywhere (trailing commas) except `deployed(ENV).metric`, whose
      // alternative sets its own lookahead; a larger global k makes grammar analysis explode
      // through the catch-all `LineToken` of the error productions.
      maxLookahead: 2,
      errorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  /**
   * Parses one file's tokens into its top-level declarations and the parser's raw errors; the
   * diagnostics of the AST builders go to `cx`. Keeps no reference to the file afterwards.
   */
  parseTokens(tokens: IToken[], cx: BuildContext): { declarations: A.TopLevelDecl[]; errors: IRecognitionException[] } {
    this.input = tokens;
    this.cx = cx;
    this.frames.length = 0;
    try {
      const declarations = this.file();
      return { declarations, errors: this.errors };
    } finally {
      // Let the tokens and the builders' state go before the checker runs.
      this.input = [];
      this.cx = IDLE_CONTEXT;
      this.frames.length = 0;
      this.childFirst = this.childLast = undefined;
    }
  }

  // --- frames ---------------------------------------------------------------------------------

  /** Starts the frame of a rule invocation; `build` makes its node. */
  private open(build: NodeBuilder): Frame {
    if (this.RECORDING_PHASE) return RECORDING_FRAME;
    const f = new Frame(build, this.cx.diagnostics.length);
    this.frames[(this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX] = f;
    return f;
  }

  /** Ends a rule invocation: builds its node. */
  private close<R>(f: Frame): R {
    if (this.RECORDING_PHASE) return undefined as R;
    f.closed = true;
    this.childFirst = f.first;
    this.childLast = f.last;
    return f.build(f, this.cx) as R;
  }

  /** Records a consumed token in the rule's bounds (unless recovery invented it). */
  private tok(f: Frame, t: IToken): IToken {
    if (isReal(t)) {
      if (f.first === undefined) f.first = t;
      f.last = t;
    }
    return t;
  }

  /** Records a consumed token and keeps it in `f.tokens`. */
  private keep(f: Frame, t: IToken): void {
    this.tok(f, t);
    (f.tokens ??= []).push(t);
  }

  /** A `,` between the entries of a block. */
  private comma(f: Frame, t: IToken): void {
    this.tok(f, t);
    if (isReal(t) && !this.RECORDING_PHASE) checkComma(f, t, this.cx);
  }

  /** A line end between the entries of a block. */
  private newline(f: Frame, t: IToken): void {
    this.tok(f, t);
    if (isReal(t)) f.sep = Sep.Newline;
  }

  /** Sets where the next sub-rule's result goes (call before the `SUBRULE`). */
  private at(f: Frame, slot: Slot): Frame {
    f.slot = slot;
    return f;
  }

  /** Takes the result of the sub-rule that just returned. */
  private put(f: Frame, value: unknown): void {
    if (this.RECORDING_PHASE) return;
    this.attach(f, value, this.childFirst, this.childLast);
  }

  private attach(f: Frame, value: unknown, first: IToken | undefined, last: IToken | undefined): void {
    if (first !== undefined) {
      if (f.first === undefined) f.first = first;
      f.last = last;
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
          checkOwnLine(f, first, last!, what, this.cx);
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

  // --- file and top level -------------------------------------------------------------------

  /** file = { topLevelDecl | unknownMember | NL } ; */
  file = this.RULE("file", (): A.TopLevelDecl[] => {
    const f = this.open(B.file);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.topLevelDecl)) },
        // Any name at the top level starts an unknown declaration (`pipelin p { … }`, or a
        // member such as `step` outside a pipeline).
        { ALT: () => this.put(this.at(f, Slot.Unknown), this.SUBRULE(this.unknownMember)), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
      ]),
    );
    return this.close(f);
  }, this.recovery);

  /** topLevelDecl = importDecl | schemaDecl | componentDecl | pipelineDecl ; */
  topLevelDecl = this.RULE("topLevelDecl", (): A.TopLevelDecl | undefined => {
    const f = this.open(B.only);
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.importDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.schemaDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.componentDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.pipelineDecl)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** importDecl = "import" StringLiteral ; */
  importDecl = this.RULE("importDecl", (): A.ImportDecl | undefined => {
    const f = this.open(B.importDecl);
    this.tok(f, this.CONSUME(T.Import));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** schemaDecl = "schema" Identifier typedEntryBlock ; */
  schemaDecl = this.RULE("schemaDecl", (): A.SchemaDecl | undefined => {
    const f = this.open(B.schemaDecl);
    this.tok(f, this.CONSUME(T.Schema));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close(f);
  }, this.recovery);

  /** componentDecl = "component" Identifier "{" { componentMember | unknownMember | NL } "}" ; */
  componentDecl = this.RULE("componentDecl", (): A.ComponentDecl | undefined => {
    const f = this.open(B.componentDecl);
    this.tok(f, this.CONSUME(T.Component));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY({
      GATE: this.staysIn.component,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.componentMember)) },
            {
              GATE: this.unknownIn.component,
              ALT: () => this.put(this.at(f, Slot.Unknown), this.SUBRULE(this.unknownMember)),
              IGNORE_AMBIGUITIES: true,
            },
            { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
          ],
        }),
    });
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** pipelineDecl = "pipeline" Identifier "{" { pipelineMember | unknownMember | NL } "}" ; */
  pipelineDecl = this.RULE("pipelineDecl", (): A.PipelineDecl | undefined => {
    const f = this.open(B.pipelineDecl);
    this.tok(f, this.CONSUME(T.Pipeline));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY({
      GATE: this.staysIn.pipeline,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.pipelineMember)) },
            {
              GATE: this.unknownIn.pipeline,
              ALT: () => this.put(this.at(f, Slot.Unknown), this.SUBRULE(this.unknownMember)),
              IGNORE_AMBIGUITIES: true,
            },
            { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
          ],
        }),
    });
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  // --- pipeline members ---------------------------------------------------------------------

  /**
   * pipelineMember = description | paramDecl | secretDecl | datasetDecl | stepDecl | gateDecl
   *                | deployDecl | scheduleDecl | triggerDecl | targetDecl ;
   */
  pipelineMember = this.RULE("pipelineMember", (): A.PipelineMember | undefined => {
    const f = this.open(B.only);
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.description)) },
      { ALT: () => this.put(f, this.SUBRULE(this.paramDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.secretDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.datasetDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.stepDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.gateDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.deployDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.scheduleDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.triggerDecl)) },
      { ALT: () => this.put(f, this.SUBRULE(this.targetDecl)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** description = "description" StringLiteral ; */
  description = this.RULE("description", (): A.Description | undefined => {
    const f = this.open(B.description);
    this.tok(f, this.CONSUME(T.Description));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** paramDecl = "param" Identifier ":" typeRef [ "=" expression ] ; */
  paramDecl = this.RULE("paramDecl", (): A.ParamDecl | undefined => {
    const f = this.open(B.paramDecl);
    this.tok(f, this.CONSUME(T.Param));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typeRef));
    this.OPTION(() => {
      this.tok(f, this.CONSUME(T.Equals));
      this.put(this.at(f, Slot.Two), this.SUBRULE(this.expression));
    });
    return this.close(f);
  }, this.recovery);

  /** secretDecl = "secret" Identifier ; */
  secretDecl = this.RULE("secretDecl", (): A.SecretDecl | undefined => {
    const f = this.open(B.secretDecl);
    this.tok(f, this.CONSUME(T.Secret));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    return this.close(f);
  }, this.recovery);

  /** datasetDecl = "dataset" Identifier ":" typeRef "=" StringLiteral ; */
  datasetDecl = this.RULE("datasetDecl", (): A.DatasetDecl | undefined => {
    const f = this.open(B.datasetDecl);
    this.tok(f, this.CONSUME(T.Dataset));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typeRef));
    this.tok(f, this.CONSUME(T.Equals));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** stepDecl = "step" Identifier ( "=" callExpr | "{" { stepMember | unknownMember | NL } "}" ) ; */
  stepDecl = this.RULE("stepDecl", (): A.StepDecl | undefined => {
    const f = this.open(B.stepDecl);
    this.tok(f, this.CONSUME(T.Step));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.OR([
      {
        ALT: () => {
          this.tok(f, this.CONSUME(T.Equals));
          // `two` marks the `= call` form, even when the call cannot be built.
          f.two = true;
          this.put(this.at(f, Slot.One), this.SUBRULE(this.callExpr));
        },
      },
      {
        ALT: () => {
          this.tok(f, this.CONSUME(T.LCurly));
          this.MANY({
            GATE: this.staysIn.step,
            DEF: () =>
              this.OR2({
                // Members differ in their first word; the catch-all `unknownMember` is gated.
                MAX_LOOKAHEAD: 1,
                DEF: [
                  { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.stepMember)) },
                  {
                    GATE: this.unknownIn.step,
                    ALT: () => this.put(this.at(f, Slot.Unknown), this.SUBRULE(this.unknownMember)),
                    IGNORE_AMBIGUITIES: true,
                  },
                  { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
                ],
              }),
          });
          this.tok(f, this.CONSUME(T.RCurly));
        },
      },
    ]);
    return this.close(f);
  }, this.recovery);

  /** gateDecl = "gate" Identifier "{" { expression | NL } "}" ; */
  gateDecl = this.RULE("gateDecl", (): A.GateDecl | undefined => {
    const f = this.open(B.gateDecl);
    this.tok(f, this.CONSUME(T.Gate));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.expression)) },
        { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** deployDecl = "deploy" Identifier "{" { deployMember | unknownMember | NL } "}" ; */
  deployDecl = this.RULE("deployDecl", (): A.DeployDecl | undefined => {
    const f = this.open(B.deployDecl);
    this.tok(f, this.CONSUME(T.Deploy));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY({
      GATE: this.staysIn.deploy,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.put(this.at(f, Slot.Member), this.SUBRULE(this.deployMember)) },
            {
              GATE: this.unknownIn.deploy,
              ALT: () => this.put(this.at(f, Slot.Unknown), this.SUBRULE(this.unknownMember)),
              IGNORE_AMBIGUITIES: true,
            },
            { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
          ],
        }),
    });
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** deployMember = deployModel | afterMember | approvalMember | deployTo ; */
  deployMember = this.RULE("deployMember", (): A.DeployMember | undefined => {
    const f = this.open(B.only);
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.deployModel)) },
      { ALT: () => this.put(f, this.SUBRULE(this.afterMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.approvalMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.deployTo)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** deployModel = "model" expression ; */
  deployModel = this.RULE("deployModel", (): A.DeployModel | undefined => {
    const f = this.open(B.deployModel);
    this.tok(f, this.CONSUME(T.ModelKw));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);

  /** approvalMember = "approval" "required" ; */
  approvalMember = this.RULE("approvalMember", (): A.ApprovalMember | undefined => {
    const f = this.open(B.approvalMember);
    this.tok(f, this.CONSUME(T.Approval));
    f.token = this.tok(f, this.CONSUME(T.Required));
    return this.close(f);
  }, this.recovery);

  /** deployTo = "to" Identifier [ keyValueBlock | StringLiteral ] ; */
  deployTo = this.RULE("deployTo", (): A.DeployTo | undefined => {
    const f = this.open(B.deployTo);
    this.tok(f, this.CONSUME(T.To));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.One), this.SUBRULE(this.keyValueBlock)) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.StringLiteral))) },
      ]),
    );
    return this.close(f);
  }, this.recovery);

  /** scheduleDecl = "schedule" StringLiteral ; */
  scheduleDecl = this.RULE("scheduleDecl", (): A.ScheduleDecl | undefined => {
    const f = this.open(B.scheduleDecl);
    this.tok(f, this.CONSUME(T.Schedule));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** triggerDecl = "trigger" "on" ( changeTrigger | pushTrigger ) ; */
  triggerDecl = this.RULE("triggerDecl", (): A.TriggerDecl | undefined => {
    const f = this.open(B.triggerDecl);
    this.tok(f, this.CONSUME(T.Trigger));
    this.tok(f, this.CONSUME(T.On));
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.changeTrigger)) },
      { ALT: () => this.put(f, this.SUBRULE(this.pushTrigger)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** changeTrigger = "change" "(" Identifier ")" ; */
  changeTrigger = this.RULE("changeTrigger", (): { kind: "ChangeTrigger"; dataset: A.Identifier } | undefined => {
    const f = this.open(B.changeTrigger);
    this.tok(f, this.CONSUME(T.Change));
    this.tok(f, this.CONSUME(T.LParen));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.RParen));
    return this.close(f);
  }, this.recovery);

  /** pushTrigger = "push" "(" StringLiteral { "," StringLiteral } [ "," ] ")" ; */
  pushTrigger = this.RULE("pushTrigger", (): { kind: "PushTrigger"; globs: A.StringLiteral[] } | undefined => {
    const f = this.open(B.pushTrigger);
    this.tok(f, this.CONSUME(T.Push));
    this.tok(f, this.CONSUME(T.LParen));
    this.keep(f, this.CONSUME(T.StringLiteral));
    this.MANY(() => {
      this.tok(f, this.CONSUME(T.Comma));
      this.keep(f, this.CONSUME2(T.StringLiteral));
    });
    this.OPTION(() => this.tok(f, this.CONSUME2(T.Comma)));
    this.tok(f, this.CONSUME(T.RParen));
    return this.close(f);
  }, this.recovery);

  /** targetDecl = "target" Identifier keyValueBlock ; */
  targetDecl = this.RULE("targetDecl", (): A.TargetDecl | undefined => {
    const f = this.open(B.targetDecl);
    this.tok(f, this.CONSUME(T.Target));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close(f);
  }, this.recovery);

  // --- step and component members -----------------------------------------------------------

  /**
   * stepMember = stepInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  stepMember = this.RULE("stepMember", (): A.StepMember | undefined => {
    const f = this.open(B.only);
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.stepInputs)) },
      { ALT: () => this.put(f, this.SUBRULE(this.description)) },
      { ALT: () => this.put(f, this.SUBRULE(this.outputsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.metricsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.runMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.imageMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.codeMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.envMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.secretsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.resourcesMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.retryMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.timeoutMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.cacheMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.afterMember)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /**
   * componentMember = componentInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  componentMember = this.RULE("componentMember", (): A.StepMember | undefined => {
    const f = this.open(B.only);
    this.OR([
      { ALT: () => this.put(f, this.SUBRULE(this.componentInputs)) },
      { ALT: () => this.put(f, this.SUBRULE(this.description)) },
      { ALT: () => this.put(f, this.SUBRULE(this.outputsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.metricsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.runMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.imageMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.codeMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.envMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.secretsMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.resourcesMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.retryMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.timeoutMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.cacheMember)) },
      { ALT: () => this.put(f, this.SUBRULE(this.afterMember)) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** stepInputs = "inputs" "{" { inputBinding | "," | NL } "}" ; */
  stepInputs = this.RULE("stepInputs", (): A.InputsMember | undefined => {
    const f = this.open(B.inputs);
    this.tok(f, this.CONSUME(T.Inputs));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Entry), this.SUBRULE(this.inputBinding)) },
        { ALT: () => this.comma(f, this.CONSUME(T.Comma)) },
        { ALT: () => this.newline(f, this.CONSUME(T.Newline)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** inputBinding = Identifier ":" expression ; */
  inputBinding = this.RULE("inputBinding", (): A.InputEntry | undefined => {
    const f = this.open(B.inputBinding);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);

  /** componentInputs = "inputs" "{" { inputDecl | "," | NL } "}" ; */
  componentInputs = this.RULE("componentInputs", (): A.InputsMember | undefined => {
    const f = this.open(B.inputs);
    this.tok(f, this.CONSUME(T.Inputs));
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Entry), this.SUBRULE(this.inputDecl)) },
        { ALT: () => this.comma(f, this.CONSUME(T.Comma)) },
        { ALT: () => this.newline(f, this.CONSUME(T.Newline)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** inputDecl = Identifier ":" typeRef [ "=" expression ] ; */
  inputDecl = this.RULE("inputDecl", (): A.InputEntry | undefined => {
    const f = this.open(B.inputDecl);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typeRef));
    this.OPTION(() => {
      this.tok(f, this.CONSUME(T.Equals));
      this.put(this.at(f, Slot.Two), this.SUBRULE(this.expression));
    });
    return this.close(f);
  }, this.recovery);

  /** outputsMember = "outputs" typedEntryBlock ; */
  outputsMember = this.RULE("outputsMember", (): A.OutputsMember | undefined => {
    const f = this.open(B.outputsMember);
    this.tok(f, this.CONSUME(T.Outputs));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close(f);
  }, this.recovery);

  /** metricsMember = "metrics" typedEntryBlock ; */
  metricsMember = this.RULE("metricsMember", (): A.MetricsMember | undefined => {
    const f = this.open(B.metricsMember);
    this.tok(f, this.CONSUME(T.Metrics));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typedEntryBlock));
    return this.close(f);
  }, this.recovery);

  /** runMember = "run" StringLiteral ; */
  runMember = this.RULE("runMember", (): A.RunMember | undefined => {
    const f = this.open(B.runMember);
    this.tok(f, this.CONSUME(T.Run));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** imageMember = "image" StringLiteral ; */
  imageMember = this.RULE("imageMember", (): A.ImageMember | undefined => {
    const f = this.open(B.imageMember);
    this.tok(f, this.CONSUME(T.Image));
    f.token = this.tok(f, this.CONSUME(T.StringLiteral));
    return this.close(f);
  }, this.recovery);

  /** codeMember = "code" StringLiteral { "," StringLiteral } ; */
  codeMember = this.RULE("codeMember", (): A.CodeMember | undefined => {
    const f = this.open(B.codeMember);
    this.tok(f, this.CONSUME(T.Code));
    this.keep(f, this.CONSUME(T.StringLiteral));
    this.MANY(() => {
      this.tok(f, this.CONSUME(T.Comma));
      this.keep(f, this.CONSUME2(T.StringLiteral));
    });
    return this.close(f);
  }, this.recovery);

  /** envMember = "env" keyValueBlock ; */
  envMember = this.RULE("envMember", (): A.EnvMember | undefined => {
    const f = this.open(B.envMember);
    this.tok(f, this.CONSUME(T.Env));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close(f);
  }, this.recovery);

  /** secretsMember = "secrets" "[" [ Identifier { "," Identifier } [ "," ] ] "]" ; */
  secretsMember = this.RULE("secretsMember", (): A.SecretsMember | undefined => {
    const f = this.open(B.secretsMember);
    this.tok(f, this.CONSUME(T.Secrets));
    this.tok(f, this.CONSUME(T.LBracket));
    this.OPTION(() => {
      this.keep(f, this.CONSUME(T.Identifier));
      this.MANY(() => {
        this.tok(f, this.CONSUME(T.Comma));
        this.keep(f, this.CONSUME2(T.Identifier));
      });
      this.OPTION2(() => this.tok(f, this.CONSUME2(T.Comma)));
    });
    this.tok(f, this.CONSUME(T.RBracket));
    return this.close(f);
  }, this.recovery);

  /** resourcesMember = "resources" keyValueBlock ; */
  resourcesMember = this.RULE("resourcesMember", (): A.ResourcesMember | undefined => {
    const f = this.open(B.resourcesMember);
    this.tok(f, this.CONSUME(T.Resources));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.keyValueBlock));
    return this.close(f);
  }, this.recovery);

  /** retryMember = "retry" expression ; */
  retryMember = this.RULE("retryMember", (): A.RetryMember | undefined => {
    const f = this.open(B.retryMember);
    this.tok(f, this.CONSUME(T.Retry));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);

  /** timeoutMember = "timeout" expression ; */
  timeoutMember = this.RULE("timeoutMember", (): A.TimeoutMember | undefined => {
    const f = this.open(B.timeoutMember);
    this.tok(f, this.CONSUME(T.Timeout));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);

  /** cacheMember = "cache" ( "on" | "off" ) ; */
  cacheMember = this.RULE("cacheMember", (): A.CacheMember | undefined => {
    const f = this.open(B.cacheMember);
    this.tok(f, this.CONSUME(T.Cache));
    this.OR([
      { ALT: () => (f.token = this.tok(f, this.CONSUME(T.On))) },
      { ALT: () => (f.token = this.tok(f, this.CONSUME(T.Off))) },
    ]);
    return this.close(f);
  }, this.recovery);

  /** afterMember = "after" Identifier { "," Identifier } ; */
  afterMember = this.RULE("afterMember", (): A.AfterMember | undefined => {
    const f = this.open(B.afterMember);
    this.tok(f, this.CONSUME(T.After));
    this.keep(f, this.CONSUME(T.Identifier));
    this.MANY(() => {
      this.tok(f, this.CONSUME(T.Comma));
      this.keep(f, this.CONSUME2(T.Identifier));
    });
    return this.close(f);
  }, this.recovery);

  // --- blocks of entries ---
  //
  // Entries are separated by `,` or a line end. The grammar accepts any mix of entries and
  // separators so that one bad entry cannot derail the block; `layout-checks.ts` reports a
  // missing separator (`{ a: 1 b: 2 }`) or a stray comma (`{ , a: 1 }`) as MLP1002.

  /** typedEntryBlock = "{" { typedEntry | "," | NL } "}" ; */
  typedEntryBlock = this.RULE("typedEntryBlock", (): A.TypedEntry[] => {
    const f = this.open(B.entryBlock);
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Entry), this.SUBRULE(this.typedEntry)) },
        { ALT: () => this.comma(f, this.CONSUME(T.Comma)) },
        { ALT: () => this.newline(f, this.CONSUME(T.Newline)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** typedEntry = Identifier ":" typeRef ; */
  typedEntry = this.RULE("typedEntry", (): A.TypedEntry | undefined => {
    const f = this.open(B.typedEntry);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.typeRef));
    return this.close(f);
  }, this.recovery);

  /** keyValueBlock = "{" { keyValue | "," | NL } "}" ; */
  keyValueBlock = this.RULE("keyValueBlock", (): A.KeyValue[] => {
    const f = this.open(B.entryBlock);
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.put(this.at(f, Slot.Entry), this.SUBRULE(this.keyValue)) },
        { ALT: () => this.comma(f, this.CONSUME(T.Comma)) },
        { ALT: () => this.newline(f, this.CONSUME(T.Newline)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  /** keyValue = Identifier ":" expression ; */
  keyValue = this.RULE("keyValue", (): A.KeyValue | undefined => {
    const f = this.open(B.keyValue);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);

  // --- error productions -------------------------------------------------------------------

  /**
   * Gates of the error production, per block: the line starts with a name that is neither a
   * member of this block nor of an enclosing one (`bogus 1`, or `model x` in a step).
   */
  private readonly unknownIn = {
    pipeline: (): boolean => this.isUnknown(PIPELINE_MEMBERS, NO_MEMBERS),
    component: (): boolean => this.isUnknown(STEP_MEMBERS, NO_MEMBERS),
    step: (): boolean => this.isUnknown(STEP_MEMBERS, PIPELINE_MEMBERS),
    deploy: (): boolean => this.isUnknown(DEPLOY_MEMBERS, PIPELINE_MEMBERS),
  };

  /**
   * Gates of the member loops, per block: a member word of an enclosing block that is not one
   * of ours (`step` inside a step) ends the loop, so the missing `}` is reported right there.
   */
  private readonly staysIn = {
    pipeline: (): boolean => true,
    component: (): boolean => true,
    step: (): boolean => this.staysInBlock(STEP_MEMBERS, PIPELINE_MEMBERS),
    deploy: (): boolean => this.staysInBlock(DEPLOY_MEMBERS, PIPELINE_MEMBERS),
  };

  private isUnknown(own: ReadonlySet<TokenType>, outer: ReadonlySet<TokenType>): boolean {
    const next = this.LA(1);
    const type = next.tokenType;
    return tokenMatcher(next, T.Identifier) && !own.has(type) && !outer.has(type);
  }

  private staysInBlock(own: ReadonlySet<TokenType>, outer: ReadonlySet<TokenType>): boolean {
    const type = this.LA(1).tokenType;
    return own.has(type) || !outer.has(type);
  }

  /**
   * unknownMember = Identifier { LineToken | skippedBlock } ;
   * Error production: a line starting with a word that is no member here, skipped with any
   * block it opens, so recovery resumes on the next line; the enclosing block reports MLP1006.
   */
  unknownMember = this.RULE("unknownMember", (): IToken | undefined => {
    const f = this.open(B.unknownMember);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.tok(f, this.CONSUME(T.LineToken)) },
        { ALT: () => this.put(this.at(f, Slot.Skip), this.SUBRULE(this.skippedBlock)) },
      ]),
    );
    return this.close(f);
  }, this.recovery);

  /** skippedBlock = "{" { LineToken | NL | skippedBlock } "}" ; */
  skippedBlock = this.RULE("skippedBlock", (): undefined => {
    const f = this.open(B.nothing);
    this.tok(f, this.CONSUME(T.LCurly));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.tok(f, this.CONSUME(T.LineToken)) },
        { ALT: () => this.tok(f, this.CONSUME(T.Newline)) },
        { ALT: () => this.put(this.at(f, Slot.Skip), this.SUBRULE(this.skippedBlock)) },
      ]),
    );
    this.tok(f, this.CONSUME(T.RCurly));
    return this.close(f);
  }, this.recovery);

  // --- types --------------------------------------------------------------------------------

  /** typeRef = ( Identifier | TypeWord ) [ "<" typeRef { "," typeRef } ">" ] [ "?" ] ; */
  typeRef = this.RULE("typeRef", (): A.TypeRef | undefined => {
    const f = this.open(B.typeRef);
    this.OR([
      { ALT: () => (f.name = this.tok(f, this.CONSUME(T.Identifier))) },
      { ALT: () => (f.name = this.tok(f, this.CONSUME(T.TypeWord))) },
    ]);
    this.OPTION(() => {
      this.tok(f, this.CONSUME(T.Less));
      this.put(this.at(f, Slot.List), this.SUBRULE(this.typeRef));
      this.MANY(() => {
        this.tok(f, this.CONSUME(T.Comma));
        this.put(this.at(f, Slot.List), this.SUBRULE2(this.typeRef));
      });
      this.tok(f, this.CONSUME(T.Greater));
    });
    this.OPTION2(() => (f.token = this.tok(f, this.CONSUME(T.Question))));
    return this.close(f);
  }, this.recovery);

  // --- expressions --------------------------------------------------------------------------
  //
  // Operators are parsed flat (`operand { binaryOperator operand }`) and precedence is applied
  // by `precedence.ts`: a rule per precedence level would cost eleven rule invocations for every
  // bare name, and rule invocations dominate parse time on large files. Precedence, loosest
  // first (documented in grammar/mlp.ebnf and grammar/README.md):
  //   or < and < not (prefix) < comparisons (non-chaining) < + - < * / < ?? < - (prefix)

  /** expression = operand { binaryOperator operand } ; */
  expression = this.RULE("expression", (): A.Expr | undefined => {
    const f = this.open(B.expression);
    this.put(this.at(f, Slot.Operand), this.SUBRULE(this.operand));
    this.MANY(() => {
      this.put(this.at(f, Slot.Operator), this.SUBRULE(this.binaryOperator));
      this.put(this.at(f, Slot.Operand), this.SUBRULE2(this.operand));
    });
    return this.close(f);
  }, this.recovery);

  /**
   * binaryOperator = "or" | "and" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "+" | "-" | "*" | "/"
   *                | "??" ;
   */
  binaryOperator = this.RULE("binaryOperator", (): IToken | undefined => {
    const f = this.open(B.binaryOperator);
    f.token = this.tok(
      f,
      this.OR([
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
      ]),
    );
    return this.close(f);
  }, this.recovery);

  /**
   * operand = { "not" | "-" } ( NumberLiteral | DurationLiteral | QuantityLiteral | BadNumber
   *         | StringLiteral | "true" | "false" | listLiteral | parenExpr | deployedExpr
   *         | refOrCall ) ;
   */
  operand = this.RULE("operand", (): A.Expr | Prefixed | undefined => {
    const f = this.open(B.operand);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.keep(f, this.CONSUME(T.Not, { LABEL: "prefix" })) },
        { ALT: () => this.keep(f, this.CONSUME(T.Minus, { LABEL: "prefix" })) },
      ]),
    );
    this.OR2({
      // `deployed(x).m` and a call `deployed(x: 1)` differ at the fourth token.
      MAX_LOOKAHEAD: 4,
      DEF: [
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.NumberLiteral, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.DurationLiteral, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.QuantityLiteral, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.BadNumber, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.StringLiteral, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.True, { LABEL: "literal" }))) },
        { ALT: () => (f.token = this.tok(f, this.CONSUME(T.False, { LABEL: "literal" }))) },
        { ALT: () => this.put(this.at(f, Slot.One), this.SUBRULE(this.listLiteral)) },
        { ALT: () => this.put(this.at(f, Slot.One), this.SUBRULE(this.parenExpr)) },
        { ALT: () => this.put(this.at(f, Slot.One), this.SUBRULE(this.deployedExpr)) },
        { ALT: () => this.put(this.at(f, Slot.One), this.SUBRULE(this.refOrCall)) },
      ],
    });
    return this.close(f);
  }, this.recovery);

  /** listLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ; */
  listLiteral = this.RULE("listLiteral", (): A.ListLiteral | undefined => {
    const f = this.open(B.listLiteral);
    this.tok(f, this.CONSUME(T.LBracket));
    this.OPTION(() => {
      this.put(this.at(f, Slot.List), this.SUBRULE(this.expression));
      this.MANY(() => {
        this.tok(f, this.CONSUME(T.Comma));
        this.put(this.at(f, Slot.List), this.SUBRULE2(this.expression));
      });
      this.OPTION2(() => this.tok(f, this.CONSUME2(T.Comma)));
    });
    this.tok(f, this.CONSUME(T.RBracket));
    return this.close(f);
  }, this.recovery);

  /** parenExpr = "(" expression ")" ; */
  parenExpr = this.RULE("parenExpr", (): A.ParenExpr | undefined => {
    const f = this.open(B.parenExpr);
    this.tok(f, this.CONSUME(T.LParen));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    this.tok(f, this.CONSUME(T.RParen));
    return this.close(f);
  }, this.recovery);

  /** deployedExpr = "deployed" "(" Identifier ")" "." Identifier ; */
  deployedExpr = this.RULE("deployedExpr", (): A.DeployedExpr | undefined => {
    const f = this.open(B.deployedExpr);
    this.tok(f, this.CONSUME(T.Deployed));
    this.tok(f, this.CONSUME(T.LParen));
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.RParen));
    this.tok(f, this.CONSUME(T.Dot));
    f.token = this.tok(f, this.CONSUME2(T.Identifier));
    return this.close(f);
  }, this.recovery);

  /** refOrCall = Identifier { "." Identifier } [ callArguments ] ; */
  refOrCall = this.RULE("refOrCall", (): A.RefExpr | A.CallExpr | undefined => {
    const f = this.open(B.refOrCall);
    this.keep(f, this.CONSUME(T.Identifier));
    this.MANY(() => {
      this.tok(f, this.CONSUME(T.Dot));
      this.keep(f, this.CONSUME2(T.Identifier));
    });
    this.OPTION(() => {
      // `two` marks a call, even when its arguments cannot be built.
      f.two = true;
      this.put(this.at(f, Slot.One), this.SUBRULE(this.callArguments));
    });
    return this.close(f);
  }, this.recovery);

  /** callExpr = Identifier { "." Identifier } callArguments ; */
  callExpr = this.RULE("callExpr", (): A.CallExpr | undefined => {
    const f = this.open(B.callExpr);
    this.keep(f, this.CONSUME(T.Identifier));
    this.MANY(() => {
      this.tok(f, this.CONSUME(T.Dot));
      this.keep(f, this.CONSUME2(T.Identifier));
    });
    this.put(this.at(f, Slot.One), this.SUBRULE(this.callArguments));
    return this.close(f);
  }, this.recovery);

  /** callArguments = "(" [ argument { "," argument } [ "," ] ] ")" ; */
  callArguments = this.RULE("callArguments", (): A.Argument[] => {
    const f = this.open(B.entryBlock);
    this.tok(f, this.CONSUME(T.LParen));
    this.OPTION(() => {
      this.put(this.at(f, Slot.List), this.SUBRULE(this.argument));
      this.MANY(() => {
        this.tok(f, this.CONSUME(T.Comma));
        this.put(this.at(f, Slot.List), this.SUBRULE2(this.argument));
      });
      this.OPTION2(() => this.tok(f, this.CONSUME2(T.Comma)));
    });
    this.tok(f, this.CONSUME(T.RParen));
    return this.close(f);
  }, this.recovery);

  /** argument = Identifier ":" expression ; */
  argument = this.RULE("argument", (): A.Argument | undefined => {
    const f = this.open(B.argument);
    f.name = this.tok(f, this.CONSUME(T.Identifier));
    this.tok(f, this.CONSUME(T.Colon));
    this.put(this.at(f, Slot.One), this.SUBRULE(this.expression));
    return this.close(f);
  }, this.recovery);
}

/** The one parser instance (building a Chevrotain parser analyses the whole grammar). */
export const mlpParser = new MlpParser();
