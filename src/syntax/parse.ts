/**
 * The entry point of the syntax layer: `.mlp` text in, plain AST plus diagnostics out. Never
 * throws on any input: lexical problems, syntax errors and over-deep nesting all become MLP1xxx
 * diagnostics, and a broken file still yields every declaration that could be recovered.
 */
import type { IToken } from "chevrotain";
import type { FileNode, Comment } from "./ast.js";
import type { TopLevelDecl } from "./ast.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkNesting, lex, MAX_NESTING } from "./lexer.js";
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
  // One line table and position cache for the whole file: tokens, nodes and diagnostics.
  const spans = new SpanMaker(path, text);
  const diagnostics: Diagnostic[] = [];
  let declarations: TopLevelDecl[] = [];
  let comments: Comment[] = [];
  try {
    const lexed = lex(text);
    comments = lexed.comments.map((t) => comment(t, spans));
    for (const e of lexed.errors) diagnostics.push(unexpectedCharacter(text, e.offset, e.length, spans));
    for (const t of lexed.reservedNames) {
      diagnostics.push(reservedWordDiagnostic(t.image, spans.span(t.startOffset, t.startOffset + t.image.length)));
    }

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
  const file: FileNode = {
    kind: "File",
    path,
    declarations,
    comments,
    span: spans.span(0, text.length),
  };
  return { file, diagnostics: sortDiagnostics(diagnostics) };
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
