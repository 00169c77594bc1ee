/**
 * The words that open a declaration or a member, by the block they belong to: the one list the
 * parser's member loops, the lexer's line-end rules, the "unknown member" messages, the
 * checker's "duplicate member" messages and the TextMate grammar are derived from. (Each word is
 * also a token in `tokens.ts`, the lexer's vocabulary; `tokenOfWord` finds it.)
 *
 * Lists are in the order messages show them. A new member word: add it here, give it a token,
 * add the parser rule, then `npm run gen:grammar` (`test/syntax/member-words.test.ts` fails
 * until the TextMate grammar lists it).
 */
import type { TokenType } from "chevrotain";
import type { DeployMember, PipelineMember, StepMember } from "./ast.js";
import * as T from "./tokens.js";

export const BLOCK_MEMBER_WORDS = {
  file: ["import", "schema", "component", "pipeline"],
  pipeline: ["description", "param", "secret", "dataset", "step", "gate", "assert", "deploy", "sweep", "finally", "schedule", "trigger", "target"],
  /**
   * A `sweep` may hold a `sweep`, an `assert` or a `finally` only so that the checker can say they
   * are not supported there.
   */
  sweep: ["over", "step", "gate", "assert", "finally", "best", "sweep"],
  /** Also the members of a `component` body. */
  step: ["inputs", "outputs", "metrics", "run", "image", "code", "env", "secrets", "resources", "retry", "timeout", "cache", "after", "description"],
  deploy: ["model", "after", "approval", "secrets", "to"],
} as const;

export type BlockKind = keyof typeof BLOCK_MEMBER_WORDS;
export type StepWord = (typeof BLOCK_MEMBER_WORDS.step)[number];
export type PipelineWord = (typeof BLOCK_MEMBER_WORDS.pipeline)[number];
export type DeployWord = (typeof BLOCK_MEMBER_WORDS.deploy)[number];

/** The word each kind of step (or component) member starts with. */
export const STEP_MEMBER_WORD: Readonly<Record<StepMember["kind"], StepWord>> = {
  Description: "description",
  Inputs: "inputs",
  Outputs: "outputs",
  Metrics: "metrics",
  Run: "run",
  Image: "image",
  Code: "code",
  Env: "env",
  Secrets: "secrets",
  Resources: "resources",
  Retry: "retry",
  Timeout: "timeout",
  Cache: "cache",
  After: "after",
};

/** The word each kind of pipeline member starts with (both triggers start with `trigger`). */
export const PIPELINE_MEMBER_WORD: Readonly<Record<PipelineMember["kind"], PipelineWord>> = {
  Description: "description",
  Param: "param",
  Secret: "secret",
  Dataset: "dataset",
  Step: "step",
  Gate: "gate",
  Deploy: "deploy",
  Sweep: "sweep",
  Schedule: "schedule",
  ChangeTrigger: "trigger",
  PushTrigger: "trigger",
  PullRequestTrigger: "trigger",
  Target: "target",
};

/**
 * The other word some kinds of pipeline member start with: an `assert` is a gate that fails the
 * run, a `finally` a step that runs at the end of every run.
 */
export const PIPELINE_MEMBER_ALT_WORD = { Gate: "assert", Step: "finally" } as const satisfies Partial<Record<PipelineMember["kind"], PipelineWord>>;

/** The word member `m` starts with (`assert` for an assert, `finally` for a finally step). */
export function pipelineMemberWord(m: { readonly kind: PipelineMember["kind"]; readonly assert?: true; readonly finally?: true }): PipelineWord {
  if (m.kind === "Gate" && m.assert === true) return PIPELINE_MEMBER_ALT_WORD.Gate;
  if (m.kind === "Step" && m.finally === true) return PIPELINE_MEMBER_ALT_WORD.Step;
  return PIPELINE_MEMBER_WORD[m.kind];
}

/** The word each kind of deploy member starts with. */
export const DEPLOY_MEMBER_WORD: Readonly<Record<DeployMember["kind"], DeployWord>> = {
  DeployModel: "model",
  After: "after",
  Approval: "approval",
  Secrets: "secrets",
  DeployTo: "to",
};

/** Members a block may hold more than once (`after a` then `after b`); every other member at most once. */
export const REPEATABLE_MEMBER_WORDS: ReadonlySet<string> = new Set(["after"]);

/** Every word that opens a declaration or a member. */
export const ALL_MEMBER_WORDS: readonly string[] = [...new Set(Object.values(BLOCK_MEMBER_WORDS).flat())];

/** The token of each word that opens a declaration or a member (the token whose pattern is the word). */
const TOKEN_OF_WORD: ReadonlyMap<string, TokenType> = new Map(
  T.allTokens.filter((t) => t.PATTERN instanceof RegExp && ALL_MEMBER_WORDS.includes(t.PATTERN.source)).map((t) => [(t.PATTERN as RegExp).source, t]),
);

/** The token of a member word; throws on a word without one (a definition bug, caught by tests). */
export function tokenOfWord(word: string): TokenType {
  const t = TOKEN_OF_WORD.get(word);
  if (t === undefined) throw new Error(`member word \`${word}\` has no token`);
  return t;
}

/** The tokens of the words opening the members of `kind`. */
export function memberTokens(kind: BlockKind): ReadonlySet<TokenType> {
  return new Set(BLOCK_MEMBER_WORDS[kind].map(tokenOfWord));
}
