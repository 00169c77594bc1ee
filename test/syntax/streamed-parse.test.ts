/**
 * The streamed parse (`parseStreamed`: the parser reads `LaidOutTokens` one token at a time) gives
 * exactly what the parse from an array of tokens gives (`parseTokenArray`: same tree, same
 * diagnostics), it is the one taken for files without syntax errors, and it steps aside for
 * `parseTokenArray` at the first syntax error or over-deep nesting. The stream's passes give
 * the tokens the array passes gave (`array-lexer.ts`, the oracle).
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { IToken } from "chevrotain";
import { parse, parseStreamed, parseTokenArray } from "../../src/syntax/parse.js";
import { checkNesting, LaidOutTokens, lex, MAX_NESTING, NestingTooDeep } from "../../src/syntax/lexer.js";
import { FRAME_GENERATION, mlpParser } from "../../src/syntax/parser.js";
import { BuildContext } from "../../src/syntax/build-context.js";
import { Frame } from "../../src/syntax/frame.js";
import { SpanMaker } from "../../src/syntax/positions.js";
import { arbitraryText, mutatedKitchenSink, mutatedSweep, tokenSoup } from "./generators.js";
import { lexWithArrayPasses } from "./array-lexer.js";
import { mlpFiles } from "../helpers/mlp-files.js";

const repo = new URL("../../", import.meta.url).pathname;
const repoFiles = [...mlpFiles(join(repo, "examples")), ...mlpFiles(join(repo, "test"))];

/** A parse result as text: the tree with every span, and every diagnostic. */
function shown(result: ReturnType<typeof parse>): string {
  return JSON.stringify(result);
}

function tokensShown(tokens: readonly IToken[]): string[] {
  return tokens.map((t) => t.tokenType.name + "@" + t.startOffset + ":" + t.image);
}

/** Both parses agree, and `parse` returns what they give. */
function sameParses(text: string): void {
  const fromArray = shown(parseTokenArray(text, "x.mlp"));
  const streamed = parseStreamed(text, "x.mlp");
  if (streamed !== undefined) expect(shown(streamed)).toBe(fromArray);
  expect(shown(parse(text, "x.mlp"))).toBe(fromArray);
}

/** The stream's tokens and renamed words are those of the array passes. */
function sameTokens(text: string): void {
  const oracle = lexWithArrayPasses(text);
  const lexed = lex(text);
  expect(tokensShown(lexed.tokens)).toEqual(tokensShown(oracle.tokens));
  expect(tokensShown(lexed.reservedNames)).toEqual(tokensShown(oracle.reservedNames));
}

describe("the streamed parse", () => {
  it("gives the tree and diagnostics of the token-array parse on every .mlp file of the repository", () => {
    expect(repoFiles.length).toBeGreaterThan(20);
    for (const file of repoFiles) sameParses(readFileSync(file, "utf8"));
  });

  it("is the parse taken for every file without syntax errors, and only for those", () => {
    let streamed = 0;
    for (const file of repoFiles) {
      const text = readFileSync(file, "utf8");
      const tokens = lex(text).tokens;
      const syntaxError =
        checkNesting(tokens) !== undefined || mlpParser.parseTokens(tokens, new BuildContext(new SpanMaker(file, text))).errors.length > 0;
      const result = parseStreamed(text, file);
      if (syntaxError) {
        expect(result, file).toBeUndefined();
      } else {
        expect(result, file).toBeDefined();
        streamed++;
      }
    }
    expect(streamed).toBeGreaterThan(20);
  });

  it("steps aside at a syntax error, even at the very end of a file", () => {
    const valid = readFileSync(join(repo, "test/fixtures/kitchen-sink.mlp"), "utf8");
    expect(parseStreamed(valid, "k.mlp")).toBeDefined();
    for (const broken of [valid + "\n}", valid + "\npipeline {", "pipeline p {\n  step s {\n" + valid]) {
      expect(parseStreamed(broken, "k.mlp")).toBeUndefined();
      const result = parse(broken, "k.mlp");
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(shown(result)).toBe(shown(parseTokenArray(broken, "k.mlp")));
    }
  });

  it("steps aside before nesting too deep, and the token-array parse reports MLP1008", () => {
    const deep = "pipeline p {\n  param x: int = " + "(".repeat(MAX_NESTING + 1) + "1" + ")".repeat(MAX_NESTING + 1) + "\n}\n";
    expect(parseStreamed(deep, "d.mlp")).toBeUndefined();
    expect(parse(deep, "d.mlp").diagnostics.map((d) => d.code)).toEqual(["MLP1008"]);
    const stream = new LaidOutTokens(deep, { limitNesting: true });
    expect(() => {
      while (stream.next() !== undefined);
    }).toThrow(NestingTooDeep);
    // Exactly at the limit (the pipeline's `{` is one level), it parses streamed.
    const atLimit = deep.replace("(".repeat(MAX_NESTING + 1), "(".repeat(MAX_NESTING - 1)).replace(")".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING - 1));
    expect(parseStreamed(atLimit, "d.mlp")).toBeDefined();
  });

  it("parses a file far longer than the parser's window of tokens", () => {
    const steps = Array.from({ length: 400 }, (_, i) => `  step s${i} {\n    run "echo ${i}"\n  }\n`).join("");
    const text = "pipeline p {\n" + steps + "}\n";
    const streamed = parseStreamed(text, "long.mlp");
    expect(streamed).toBeDefined();
    expect(shown(streamed!)).toBe(shown(parseTokenArray(text, "long.mlp")));
  });

  it("builds the same tree wherever the parser replaces its frames (every FRAME_GENERATION rules)", () => {
    // Each import line is two rule invocations, so the replacement falls at a different place of
    // the kitchen sink's nested rules for each count of imports in front of it.
    const sink = readFileSync(join(repo, "test/fixtures/kitchen-sink.mlp"), "utf8").repeat(8);
    // Every rule invocation starts a frame: the file runs through a few generations of frames.
    const starts = vi.spyOn(Frame.prototype, "reset");
    expect(parseStreamed(sink, "k.mlp")).toBeDefined();
    expect(starts.mock.calls.length).toBeGreaterThan(2 * FRAME_GENERATION);
    starts.mockRestore();
    for (let imports = 0; imports < 48; imports++) {
      const text = 'import "a.mlp"\n'.repeat(imports) + sink;
      const streamed = parseStreamed(text, "k.mlp");
      expect(streamed).toBeDefined();
      expect(shown(streamed!)).toBe(shown(parseTokenArray(text, "k.mlp")));
    }
  });

  it("gives the tree and diagnostics of the token-array parse on mutated and random programs", () => {
    fc.assert(fc.property(mutatedKitchenSink, sameParses), { numRuns: 300 });
    fc.assert(fc.property(mutatedSweep, sameParses), { numRuns: 200 });
    fc.assert(fc.property(tokenSoup, sameParses), { numRuns: 300 });
    fc.assert(fc.property(arbitraryText, sameParses), { numRuns: 200 });
  });
});

describe("the lexer's passes, one token at a time", () => {
  it("give the tokens of the array passes on every .mlp file of the repository", () => {
    for (const file of repoFiles) sameTokens(readFileSync(file, "utf8"));
  });

  it("give the tokens of the array passes where the passes act", () => {
    for (const text of [
      "dataset d: Table<Row>= \"x\"\nparam p: Table<Table<int>>= 3",
      "step string {\n}\noutputs { string: File, not: int }\n",
      "f(a,\n\n  b\n)\nstep x = run(\n\n\nstep y = 1\n",
      "x = [1,\n 2\n , 3]\n\n\n# c\n\n",
      "a <b >= c\nTable< int\n>= 2",
    ]) {
      sameTokens(text);
    }
  });

  it("give the tokens of the array passes on mutated and random programs", () => {
    fc.assert(fc.property(mutatedKitchenSink, sameTokens), { numRuns: 300 });
    fc.assert(fc.property(tokenSoup, sameTokens), { numRuns: 300 });
    fc.assert(fc.property(arbitraryText, sameTokens), { numRuns: 300 });
  });
});
