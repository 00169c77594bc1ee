/**
 * The `.mlp` grammar as a Chevrotain CST parser. Grammar only: no semantics here, `lower.ts`
 * builds the AST. Each rule's doc comment is its production in `grammar/mlp.ebnf`, and rule names
 * equal production names (checked by `test/syntax/grammar-sync.test.ts`).
 *
 * EBNF notation: `"word"` a keyword or punctuation, `Name` a token, `NL` a significant line end
 * (see `layoutTokens` in `lexer.ts`), `x?` optional, `x*` repeated, `a | b` alternatives.
 */
import { CstParser, tokenMatcher, type CstNode, type IParserErrorMessageProvider, type TokenType, type IToken } from "chevrotain";
import * as T from "./tokens.js";

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

/** The `.mlp` parser. Build it once (`mlpParser`); `parse.ts` resets its input per file. */
export class MlpParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      // LL(2) suffices everywhere (trailing commas) except `deployed(ENV).metric`, whose
      // alternative sets its own lookahead; a larger global k makes grammar analysis explode
      // through the catch-all `LineToken` of the error productions.
      maxLookahead: 2,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  // --- file and top level -------------------------------------------------------------------

  /** file = { topLevelDecl | unknownMember | NL } ; */
  file = this.RULE("file", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.topLevelDecl) },
        // Any name at the top level starts an unknown declaration (`pipelin p { … }`, or a
        // member such as `step` outside a pipeline).
        { ALT: () => this.SUBRULE(this.unknownMember), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
  });

  /** topLevelDecl = importDecl | schemaDecl | componentDecl | pipelineDecl ; */
  topLevelDecl = this.RULE("topLevelDecl", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.schemaDecl) },
      { ALT: () => this.SUBRULE(this.componentDecl) },
      { ALT: () => this.SUBRULE(this.pipelineDecl) },
    ]);
  });

  /** importDecl = "import" StringLiteral ; */
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  /** schemaDecl = "schema" Identifier typedEntryBlock ; */
  schemaDecl = this.RULE("schemaDecl", () => {
    this.CONSUME(T.Schema);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.typedEntryBlock);
  });

  /** componentDecl = "component" Identifier "{" { componentMember | unknownMember | NL } "}" ; */
  componentDecl = this.RULE("componentDecl", () => {
    this.CONSUME(T.Component);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.staysIn.component,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.SUBRULE(this.componentMember) },
            { GATE: this.unknownIn.component, ALT: () => this.SUBRULE(this.unknownMember), IGNORE_AMBIGUITIES: true },
            { ALT: () => this.CONSUME(T.Newline) },
          ],
        }),
    });
    this.CONSUME(T.RCurly);
  });

  /** pipelineDecl = "pipeline" Identifier "{" { pipelineMember | unknownMember | NL } "}" ; */
  pipelineDecl = this.RULE("pipelineDecl", () => {
    this.CONSUME(T.Pipeline);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.staysIn.pipeline,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.SUBRULE(this.pipelineMember) },
            { GATE: this.unknownIn.pipeline, ALT: () => this.SUBRULE(this.unknownMember), IGNORE_AMBIGUITIES: true },
            { ALT: () => this.CONSUME(T.Newline) },
          ],
        }),
    });
    this.CONSUME(T.RCurly);
  });

  // --- pipeline members ---------------------------------------------------------------------

  /**
   * pipelineMember = description | paramDecl | secretDecl | datasetDecl | stepDecl | gateDecl
   *                | deployDecl | scheduleDecl | triggerDecl | targetDecl ;
   */
  pipelineMember = this.RULE("pipelineMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.description) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.secretDecl) },
      { ALT: () => this.SUBRULE(this.datasetDecl) },
      { ALT: () => this.SUBRULE(this.stepDecl) },
      { ALT: () => this.SUBRULE(this.gateDecl) },
      { ALT: () => this.SUBRULE(this.deployDecl) },
      { ALT: () => this.SUBRULE(this.scheduleDecl) },
      { ALT: () => this.SUBRULE(this.triggerDecl) },
      { ALT: () => this.SUBRULE(this.targetDecl) },
    ]);
  });

  /** description = "description" StringLiteral ; */
  description = this.RULE("description", () => {
    this.CONSUME(T.Description);
    this.CONSUME(T.StringLiteral);
  });

  /** paramDecl = "param" Identifier ":" typeRef [ "=" expression ] ; */
  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  /** secretDecl = "secret" Identifier ; */
  secretDecl = this.RULE("secretDecl", () => {
    this.CONSUME(T.Secret);
    this.CONSUME(T.Identifier);
  });

  /** datasetDecl = "dataset" Identifier ":" typeRef "=" StringLiteral ; */
  datasetDecl = this.RULE("datasetDecl", () => {
    this.CONSUME(T.Dataset);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.Equals);
    this.CONSUME(T.StringLiteral);
  });

  /** stepDecl = "step" Identifier ( "=" callExpr | "{" { stepMember | unknownMember | NL } "}" ) ; */
  stepDecl = this.RULE("stepDecl", () => {
    this.CONSUME(T.Step);
    this.CONSUME(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.callExpr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY({
            GATE: this.staysIn.step,
            DEF: () =>
              this.OR2({
                // Members differ in their first word; the catch-all `unknownMember` is gated.
                MAX_LOOKAHEAD: 1,
                DEF: [
                  { ALT: () => this.SUBRULE(this.stepMember) },
                  { GATE: this.unknownIn.step, ALT: () => this.SUBRULE(this.unknownMember), IGNORE_AMBIGUITIES: true },
                  { ALT: () => this.CONSUME(T.Newline) },
                ],
              }),
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  /** gateDecl = "gate" Identifier "{" { expression | NL } "}" ; */
  gateDecl = this.RULE("gateDecl", () => {
    this.CONSUME(T.Gate);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.expression) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  /** deployDecl = "deploy" Identifier "{" { deployMember | unknownMember | NL } "}" ; */
  deployDecl = this.RULE("deployDecl", () => {
    this.CONSUME(T.Deploy);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: this.staysIn.deploy,
      DEF: () =>
        this.OR({
          // Members differ in their first word; the catch-all `unknownMember` is gated.
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.SUBRULE(this.deployMember) },
            { GATE: this.unknownIn.deploy, ALT: () => this.SUBRULE(this.unknownMember), IGNORE_AMBIGUITIES: true },
            { ALT: () => this.CONSUME(T.Newline) },
          ],
        }),
    });
    this.CONSUME(T.RCurly);
  });

  /** deployMember = deployModel | afterMember | approvalMember | deployTo ; */
  deployMember = this.RULE("deployMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.deployModel) },
      { ALT: () => this.SUBRULE(this.afterMember) },
      { ALT: () => this.SUBRULE(this.approvalMember) },
      { ALT: () => this.SUBRULE(this.deployTo) },
    ]);
  });

  /** deployModel = "model" expression ; */
  deployModel = this.RULE("deployModel", () => {
    this.CONSUME(T.ModelKw);
    this.SUBRULE(this.expression);
  });

  /** approvalMember = "approval" "required" ; */
  approvalMember = this.RULE("approvalMember", () => {
    this.CONSUME(T.Approval);
    this.CONSUME(T.Required);
  });

  /** deployTo = "to" Identifier [ keyValueBlock | StringLiteral ] ; */
  deployTo = this.RULE("deployTo", () => {
    this.CONSUME(T.To);
    this.CONSUME(T.Identifier);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.keyValueBlock) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
      ]),
    );
  });

  /** scheduleDecl = "schedule" StringLiteral ; */
  scheduleDecl = this.RULE("scheduleDecl", () => {
    this.CONSUME(T.Schedule);
    this.CONSUME(T.StringLiteral);
  });

  /** triggerDecl = "trigger" "on" ( changeTrigger | pushTrigger ) ; */
  triggerDecl = this.RULE("triggerDecl", () => {
    this.CONSUME(T.Trigger);
    this.CONSUME(T.On);
    this.OR([
      { ALT: () => this.SUBRULE(this.changeTrigger) },
      { ALT: () => this.SUBRULE(this.pushTrigger) },
    ]);
  });

  /** changeTrigger = "change" "(" Identifier ")" ; */
  changeTrigger = this.RULE("changeTrigger", () => {
    this.CONSUME(T.Change);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.RParen);
  });

  /** pushTrigger = "push" "(" StringLiteral { "," StringLiteral } [ "," ] ")" ; */
  pushTrigger = this.RULE("pushTrigger", () => {
    this.CONSUME(T.Push);
    this.CONSUME(T.LParen);
    this.CONSUME(T.StringLiteral);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.StringLiteral);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
    this.CONSUME(T.RParen);
  });

  /** targetDecl = "target" Identifier keyValueBlock ; */
  targetDecl = this.RULE("targetDecl", () => {
    this.CONSUME(T.Target);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.keyValueBlock);
  });

  // --- step and component members -----------------------------------------------------------

  /**
   * stepMember = stepInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  stepMember = this.RULE("stepMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.stepInputs) },
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
    ]);
  });

  /**
   * componentMember = componentInputs | description | outputsMember | metricsMember | runMember |
   *   imageMember | codeMember | envMember | secretsMember | resourcesMember | retryMember |
   *   timeoutMember | cacheMember | afterMember ;
   */
  componentMember = this.RULE("componentMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.componentInputs) },
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
    ]);
  });

  /** stepInputs = "inputs" "{" { inputBinding | "," | NL } "}" ; */
  stepInputs = this.RULE("stepInputs", () => {
    this.CONSUME(T.Inputs);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.inputBinding) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  /** inputBinding = Identifier ":" expression ; */
  inputBinding = this.RULE("inputBinding", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** componentInputs = "inputs" "{" { inputDecl | "," | NL } "}" ; */
  componentInputs = this.RULE("componentInputs", () => {
    this.CONSUME(T.Inputs);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  /** inputDecl = Identifier ":" typeRef [ "=" expression ] ; */
  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  /** outputsMember = "outputs" typedEntryBlock ; */
  outputsMember = this.RULE("outputsMember", () => {
    this.CONSUME(T.Outputs);
    this.SUBRULE(this.typedEntryBlock);
  });

  /** metricsMember = "metrics" typedEntryBlock ; */
  metricsMember = this.RULE("metricsMember", () => {
    this.CONSUME(T.Metrics);
    this.SUBRULE(this.typedEntryBlock);
  });

  /** runMember = "run" StringLiteral ; */
  runMember = this.RULE("runMember", () => {
    this.CONSUME(T.Run);
    this.CONSUME(T.StringLiteral);
  });

  /** imageMember = "image" StringLiteral ; */
  imageMember = this.RULE("imageMember", () => {
    this.CONSUME(T.Image);
    this.CONSUME(T.StringLiteral);
  });

  /** codeMember = "code" StringLiteral { "," StringLiteral } ; */
  codeMember = this.RULE("codeMember", () => {
    this.CONSUME(T.Code);
    this.CONSUME(T.StringLiteral);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.StringLiteral);
    });
  });

  /** envMember = "env" keyValueBlock ; */
  envMember = this.RULE("envMember", () => {
    this.CONSUME(T.Env);
    this.SUBRULE(this.keyValueBlock);
  });

  /** secretsMember = "secrets" "[" [ Identifier { "," Identifier } [ "," ] ] "]" ; */
  secretsMember = this.RULE("secretsMember", () => {
    this.CONSUME(T.Secrets);
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME2(T.Identifier);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  /** resourcesMember = "resources" keyValueBlock ; */
  resourcesMember = this.RULE("resourcesMember", () => {
    this.CONSUME(T.Resources);
    this.SUBRULE(this.keyValueBlock);
  });

  /** retryMember = "retry" expression ; */
  retryMember = this.RULE("retryMember", () => {
    this.CONSUME(T.Retry);
    this.SUBRULE(this.expression);
  });

  /** timeoutMember = "timeout" expression ; */
  timeoutMember = this.RULE("timeoutMember", () => {
    this.CONSUME(T.Timeout);
    this.SUBRULE(this.expression);
  });

  /** cacheMember = "cache" ( "on" | "off" ) ; */
  cacheMember = this.RULE("cacheMember", () => {
    this.CONSUME(T.Cache);
    this.OR([
      { ALT: () => this.CONSUME(T.On) },
      { ALT: () => this.CONSUME(T.Off) },
    ]);
  });

  /** afterMember = "after" Identifier { "," Identifier } ; */
  afterMember = this.RULE("afterMember", () => {
    this.CONSUME(T.After);
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
  });

  // --- blocks of entries ---
  //
  // Entries are separated by `,` or a line end. The grammar accepts any mix of entries and
  // separators so that one bad entry cannot derail the block; `lower.ts` reports a missing
  // separator (`{ a: 1 b: 2 }`) or a stray comma (`{ , a: 1 }`) as MLP1002.-----------------------------------------------------------------

  /** typedEntryBlock = "{" { typedEntry | "," | NL } "}" ; */
  typedEntryBlock = this.RULE("typedEntryBlock", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.typedEntry) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  /** typedEntry = Identifier ":" typeRef ; */
  typedEntry = this.RULE("typedEntry", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  });

  /** keyValueBlock = "{" { keyValue | "," | NL } "}" ; */
  keyValueBlock = this.RULE("keyValueBlock", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.keyValue) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.Newline) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  /** keyValue = Identifier ":" expression ; */
  keyValue = this.RULE("keyValue", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

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
   * block it opens, so recovery resumes on the next line; `lower.ts` reports MLP1006.
   */
  unknownMember = this.RULE("unknownMember", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.LineToken) },
        { ALT: () => this.SUBRULE(this.skippedBlock) },
      ]),
    );
  });

  /** skippedBlock = "{" { LineToken | NL | skippedBlock } "}" ; */
  skippedBlock = this.RULE("skippedBlock", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.LineToken) },
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.SUBRULE(this.skippedBlock) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  // --- types --------------------------------------------------------------------------------

  /** typeRef = ( Identifier | TypeWord ) [ "<" typeRef { "," typeRef } ">" ] [ "?" ] ; */
  typeRef = this.RULE("typeRef", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.TypeWord) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Less);
      this.SUBRULE(this.typeRef);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.typeRef);
      });
      this.CONSUME(T.Greater);
    });
    this.OPTION2(() => this.CONSUME(T.Question));
  });

  // --- expressions --------------------------------------------------------------------------
  //
  // Operators are parsed flat (`operand { binaryOperator operand }`) and precedence is applied
  // in `lower.ts`: a rule per precedence level would cost eleven rule invocations for every
  // bare name, and rule invocations dominate parse time on large files. Precedence, loosest
  // first (documented in grammar/mlp.ebnf and grammar/README.md):
  //   or < and < not (prefix) < comparisons (non-chaining) < + - < * / < ?? < - (prefix)

  /** expression = operand { binaryOperator operand } ; */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.SUBRULE(this.binaryOperator);
      this.SUBRULE2(this.operand);
    });
  });

  /**
   * binaryOperator = "or" | "and" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "+" | "-" | "*" | "/"
   *                | "??" ;
   */
  binaryOperator = this.RULE("binaryOperator", () => {
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
    ]);
  });

  /**
   * operand = { "not" | "-" } ( NumberLiteral | DurationLiteral | QuantityLiteral | BadNumber
   *         | StringLiteral | "true" | "false" | listLiteral | parenExpr | deployedExpr
   *         | refOrCall ) ;
   */
  operand = this.RULE("operand", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Not, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: "prefix" }) },
      ]),
    );
    this.OR2({
      // `deployed(x).m` and a call `deployed(x: 1)` differ at the fourth token.
      MAX_LOOKAHEAD: 4,
      DEF: [
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.DurationLiteral, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.QuantityLiteral, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.BadNumber, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.True, { LABEL: "literal" }) },
        { ALT: () => this.CONSUME(T.False, { LABEL: "literal" }) },
        { ALT: () => this.SUBRULE(this.listLiteral) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.deployedExpr) },
        { ALT: () => this.SUBRULE(this.refOrCall) },
      ],
    });
  });

  /** listLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ; */
  listLiteral = this.RULE("listLiteral", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  /** parenExpr = "(" expression ")" ; */
  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  /** deployedExpr = "deployed" "(" Identifier ")" "." Identifier ; */
  deployedExpr = this.RULE("deployedExpr", () => {
    this.CONSUME(T.Deployed);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.RParen);
    this.CONSUME(T.Dot);
    this.CONSUME2(T.Identifier);
  });

  /** refOrCall = Identifier { "." Identifier } [ callArguments ] ; */
  refOrCall = this.RULE("refOrCall", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
    this.OPTION(() => this.SUBRULE(this.callArguments));
  });

  /** callExpr = Identifier { "." Identifier } callArguments ; */
  callExpr = this.RULE("callExpr", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
    this.SUBRULE(this.callArguments);
  });

  /** callArguments = "(" [ argument { "," argument } [ "," ] ] ")" ; */
  callArguments = this.RULE("callArguments", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  /** argument = Identifier ":" expression ; */
  argument = this.RULE("argument", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });
}

/** The one parser instance (building a Chevrotain parser analyses the whole grammar). */
export const mlpParser = new MlpParser();

/** The CST of one file, plus the parser's raw errors. */
export interface CstResult {
  readonly cst: CstNode;
  readonly errors: readonly { readonly raw: RawParseError; readonly token: IToken; readonly previous?: IToken; readonly resynced: readonly IToken[] }[];
}
