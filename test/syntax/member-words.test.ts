/**
 * The member words (`src/syntax/member-words.ts`) are the one definition: each has a token that
 * matches exactly it, the AST-kind tables cover each block's words, and the TextMate grammar's
 * member-keyword pattern is generated from them (`npm run gen:grammar` rewrites it; this test
 * fails when it drifts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ALL_MEMBER_WORDS,
  BLOCK_MEMBER_WORDS,
  DEPLOY_MEMBER_WORD,
  PIPELINE_MEMBER_WORD,
  PIPELINE_MEMBER_ALT_WORD,
  STEP_MEMBER_WORD,
  memberTokens,
  tokenOfWord,
} from "../../src/syntax/member-words.js";
import { MEMBER_WORDS } from "../../src/syntax/parser.js";
import { lex } from "../../src/syntax/lexer.js";

const TM_PATH = "grammar/mlp.tmLanguage.json";

/** The TextMate pattern of a member keyword: the words of every block but the top level, longest first. */
function memberPattern(): string {
  const words = [...new Set([...BLOCK_MEMBER_WORDS.pipeline, ...BLOCK_MEMBER_WORDS.step, ...BLOCK_MEMBER_WORDS.deploy])];
  words.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return `(?:^|(?<=\\{))\\s*\\b(${words.join("|")})\\b(?!\\s*:)`;
}

/** The `"match"` line of the member-keyword pattern in the grammar file (as JSON text). */
const MATCH_LINE = /^(\s*"match": )"\(\?:\^\|\(\?<=\\\\\{\)\)\\\\s\*\\\\b\([a-z|]+\)\\\\b\(\?!\\\\s\*:\)",$/m;

describe("member words", () => {
  it("each word is a token that matches exactly that word", () => {
    for (const word of ALL_MEMBER_WORDS) {
      const tokens = lex(word).tokens;
      expect(tokens.map((t) => t.tokenType), word).toEqual([tokenOfWord(word)]);
    }
  });

  it("the AST-kind tables name exactly the words of their block", () => {
    expect(new Set(Object.values(STEP_MEMBER_WORD))).toEqual(new Set(BLOCK_MEMBER_WORDS.step));
    expect(new Set([...Object.values(PIPELINE_MEMBER_WORD), ...Object.values(PIPELINE_MEMBER_ALT_WORD)])).toEqual(new Set(BLOCK_MEMBER_WORDS.pipeline));
    expect(new Set(Object.values(DEPLOY_MEMBER_WORD))).toEqual(new Set(BLOCK_MEMBER_WORDS.deploy));
  });

  it("the parser's member loops use the same words", () => {
    expect(MEMBER_WORDS.stepMember).toEqual(memberTokens("step"));
    expect(MEMBER_WORDS.componentMember).toEqual(memberTokens("step"));
    expect(MEMBER_WORDS.pipelineMember).toEqual(memberTokens("pipeline"));
    expect(MEMBER_WORDS.deployMember).toEqual(memberTokens("deploy"));
  });

  it(`${TM_PATH} highlights exactly the member words (npm run gen:grammar regenerates it)`, () => {
    const text = readFileSync(TM_PATH, "utf8");
    const line = MATCH_LINE.exec(text);
    expect(line, "the member-keyword pattern is missing from the grammar").not.toBeNull();
    const wanted = `${line![1]}${JSON.stringify(memberPattern())},`;
    if (process.env.MLP_UPDATE_GRAMMAR === "1" && line![0] !== wanted) writeFileSync(TM_PATH, text.replace(line![0], wanted));
    else expect(line![0]).toBe(wanted);
  });
});
