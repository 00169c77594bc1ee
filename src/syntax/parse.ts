/**
 * The entry point of the syntax layer: `.mlp` text in, plain AST plus diagnostics out. Never
 * throws on any input: lexical problems, syntax errors and over-deep nesting all become MLP1xxx
 * diagnostics, and a broken file still yields every declaration that could be recovered.
 */
import type { IToken } from "chevrotain";
import type { FileNode, Comment } from "./ast.js";
import type { TopLevelDecl } from "./ast.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkNesting, LaidOutTokens, lex, MAX_NESTING, type LexError } from "./lexer.js";
import { mlpParser } from "./parser.js";
import { SpanMaker } from "./positions.js";
import { BuildContext } from "./build-context.js";
import { reservedWordDiagnostic, SyntaxErrorReporter } from "./errors.js";

/** The result of parsing one file. */
export interface ParseResult {
  readonly file: FileNode;
  readonly diagnostics: Diagnostic[];
}

/** Parses `text`, the contents of the file at `path` (used only in spans). */
export function parse(text: string, path: string): ParseResult {
  return parseStreamed(text, path) ?? parseTokenArray(text, path);
}

/**
 * Parses `text` with the parser reading the lexer's tokens as it goes (`LaidOutTokens`), so no
 * array of them outlives the parse. Undefined when the file has a syntax error or nests too
 * deep: error recovery rewinds, so such a file is parsed again by `parseTokenArray`, which
 * reports. `parse` returns the same either way (`test/syntax/streamed-parse.test.ts`).
 */
export function parseStreamed(text: string, path: string): ParseResult | undefined {
  const spans = new SpanMaker(path, text);
  const stream = new LaidOutTokens(text, { limitNesting: true });
  const cx = new BuildContext(spans);
  let declarations: TopLevelDecl[];
  try {
    declarations = mlpParser.parseStream(stream, cx);
  } catch {
    // A syntax error, nesting too deep, or a bug: the token-array parse reports each its way.
    return undefined;
  }
  const diagnostics = lexDiagnostics(text, stream.errors, stream.reservedNames, spans);
  for (const item of cx.diagnostics) diagnostics.push(item);
  return { file: fileNode(path, text, declarations, stream.comments, spans), diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses `text` from an array of its tokens, with Chevrotain's error recovery. */
export function parseTokenArray(text: string, path: string): ParseResult {
  // One line table and position cache for the whole file: tokens, nodes and diagnostics.
  const spans = new SpanMaker(path, text);
  let diagnostics: Diagnostic[] = [];
  let declarations: TopLevelDecl[] = [];
  let comments: IToken[] = [];
  try {
    const lexed = lex(text);
    comments = lexed.comments;
    diagnostics = lexDiagnostics(text, lexed.errors, lexed.reservedNames, spans);

    const nesting = checkNesting(lexed.tokens);
    if (nesting !== undefined) {
      // The recursive parser would overflow its stack: report once and stop here.
      diagnostics.push(
        diagnostic(
          "MLP1008",
          "error",
          "nesting is too deep: more than " + MAX_NESTING + " levels",
          spans.span(nesting.token.startOffset, nesting.token.startOffset + nesting.token.image.length),
          {
            label: "level " + (MAX_NESTING + 1) + " starts here",
            notes: ["brackets, blocks, type arguments and prefix operators nest at most " + MAX_NESTING + " levels deep"],
            help: ["split the expression or block into smaller named parts (params, steps)"],
          },
        ),
      );
    } else {
      const cx = new BuildContext(spans);
      const parsed = mlpParser.parseTokens(lexed.tokens, cx);
      declarations = parsed.declarations;
      const errors = parsed.errors;
      const parseErrors = errors.length === 0 ? [] : new SyntaxErrorReporter(text, spans, lexed.tokens).report(errors);
      for (const item of parseErrors) diagnostics.push(item);
      // One diagnostic per root cause: where the parser already complained, a diagnostic of
      // the AST builders at the same place (the rest of a broken line, parsed as an unknown
      // member) is a consequence, not news.
      const reported = new Set(parseErrors.map((d) => d.span.start.offset));
      for (const item of cx.diagnostics.filter((d) => !reported.has(d.span.start.offset))) diagnostics.push(item);
    }
  } catch (err) {
    // A bug in the parser itself, never a problem with the input.
    diagnostics.push(
      diagnostic("MLP9001", "error", "internal error while parsing this file, please report it", spans.span(0, 0), {
        notes: [err instanceof Error ? err.message : String(err)],
      }),
    );
  }
  return { file: fileNode(path, text, declarations, comments, spans), diagnostics: sortDiagnostics(diagnostics) };
}

/** The diagnostics of lexing: characters that start no token, reserved words used as names. */
function lexDiagnostics(text: string, errors: readonly LexError[], reservedNames: readonly IToken[], spans: SpanMaker): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const e of errors) diagnostics.push(unexpectedCharacter(text, e.offset, e.length, spans));
  for (const t of reservedNames) {
    diagnostics.push(reservedWordDiagnostic(t.image, spans.span(t.startOffset, t.startOffset + t.image.length)));
  }
  return diagnostics;
}

function fileNode(path: string, text: string, declarations: TopLevelDecl[], comments: readonly IToken[], spans: SpanMaker): FileNode {
  return {
    kind: "File",
    path,
    declarations,
    comments: comments.map((t) => comment(t, spans)),
    span: spans.span(0, text.length),
  };
}

function comment(t: IToken, spans: SpanMaker): Comment {
  return {
    kind: "Comment",
    text: t.image.slice(1),
    span: spans.span(t.startOffset, t.startOffset + t.image.length),
  };
}

/** Hints for characters people commonly bring from other languages. */
const CHARACTER_HELP: Record<string, string> = {
  ";": "members end at the end of the line; remove the `;`",
  "'": "strings use double quotes: `\"…\"`",
  "`": "strings use double quotes: `\"…\"`",
  "!": "write `not` for negation; `!=` compares",
  "&": "write `and`",
  "|": "write `or`",
  "@": "remove it",
};

function unexpectedCharacter(text: string, offset: number, length: number, spans: SpanMaker): Diagnostic {
  const chars = text.slice(offset, offset + length);
  const first = String.fromCodePoint(chars.codePointAt(0) ?? 0);
  const help = CHARACTER_HELP[first];
  return diagnostic(
    "MLP1001",
    "error",
    "unexpected character `" + (first === "`" ? "\\`" : first) + "`",
    spans.span(offset, offset + length),
    { label: "not part of the language", help: help === undefined ? [] : [help] },
  );
}
