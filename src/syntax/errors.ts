/**
 * Turns Chevrotain's recognition errors into house-style MLP1xxx diagnostics. The parser records
 * only what it expected (`RawParseError`); the wording needs context found here by looking at the
 * token stream around the error: the block a `}` would close, the member words each block
 * accepts, reserved words used as names.
 */
import { EOF, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type { Span } from "../source/span.js";
import { editDistance, isSuggestible } from "../source/edit-distance.js";
import { isIdentifier } from "../source/identifier.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { RawParseError } from "./parser.js";
import type { SpanMaker } from "./positions.js";
import { BLOCK_MEMBER_WORDS, type BlockKind } from "./member-words.js";
import * as T from "./tokens.js";

/** Member words accepted by each kind of block, for "unknown member" messages. */
const BLOCK_MEMBERS = BLOCK_MEMBER_WORDS;

export type { BlockKind };

const LABELS = new Map<string, string>(
  [...T.allTokens, EOF].map((t) => [t.name, t.LABEL ?? "`" + t.name + "`"]),
);
LABELS.set("EOF", "end of file");

const RESERVED_TYPES = new Set<TokenType>([
  T.Import, T.Schema, T.Component, T.Pipeline, T.True, T.False, T.And, T.Or, T.Not,
  T.IntType, T.FloatType, T.StringType, T.BoolType, T.DurationType, T.TableType, T.FileType,
  T.DirType, T.ModelType,
]);

/** What a rule expects, when listing its alternatives' first tokens would be noise. */
const RULE_EXPECTS: Record<string, string> = {
  expression: "an expression",
  operand: "an expression",
  binaryOperator: "an operator",
  typeRef: "a type",
  topLevelDecl: "`import`, `schema`, `component` or `pipeline`",
  pipelineMember: "a pipeline member",
  stepMember: "a step member",
  componentMember: "a component member",
  deployMember: "a deploy member",
  triggerDecl: "`change(…)`, `push(…)` or `pull_request(…)`",
  cacheMember: "`on` or `off`",
  stepDecl: "`=` or `{`",
};

const ENTRY_BLOCK_RULES = new Set(["typedEntryBlock", "keyValueBlock", "stepInputs", "componentInputs"]);

const CLOSERS: Record<string, { open: TokenType; close: TokenType; text: string }> = {
  RCurly: { open: T.LCurly, close: T.RCurly, text: "}" },
  RParen: { open: T.LParen, close: T.RParen, text: ")" },
  RBracket: { open: T.LBracket, close: T.RBracket, text: "]" },
};

/** Builds diagnostics for parser errors over one file's token stream. */
export class SyntaxErrorReporter {
  constructor(
    private readonly text: string,
    private readonly spans: SpanMaker,
    private readonly tokens: readonly IToken[],
  ) {}

  /** One diagnostic per distinct error position, in source order. */
  report(errors: readonly IRecognitionException[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Set<number>();
    for (const e of errors) {
      const d = this.one(e);
      if (seen.has(d.span.start.offset)) continue;
      seen.add(d.span.start.offset);
      out.push(d);
    }
    return out;
  }

  private one(e: IRecognitionException): Diagnostic {
    let raw: RawParseError;
    try {
      raw = JSON.parse(e.message) as RawParseError;
    } catch {
      raw = { kind: "mismatch", expected: [], rule: "file" };
    }
    const tok = e.token;
    const isEof = tok.tokenType === EOF || !Number.isFinite(tok.startOffset);
    const index = isEof ? this.tokens.length : this.indexOf(tok);
    const span = isEof ? this.eofSpan() : this.tokenSpan(tok);
    const prev = index > 0 ? this.tokens[index - 1] : undefined;
    const found = isEof ? "end of file" : describe(tok);

    // A reserved word where a name was expected.
    if (!isEof && raw.expected.includes("Identifier") && RESERVED_TYPES.has(tok.tokenType)) {
      return reservedWordDiagnostic(tok.image, span);
    }

    // Garbage at the top level.
    if (raw.kind === "notAllInput" || (raw.expected.length === 1 && raw.expected[0] === "EOF")) {
      return this.topLevel(tok, span, found);
    }

    // A closer was expected: unclosed block, unknown member, or a missing separator.
    const closer = raw.expected.length === 1 ? CLOSERS[raw.expected[0]!] : undefined;
    if (closer !== undefined) {
      const opener = this.findOpener(index, closer.open, closer.close);
      const header = opener === undefined || closer.text !== "}" ? undefined : this.header(opener.index);
      const what = header !== undefined ? "`" + header.text + "`" : this.bracketName(opener);
      const atLineStart = prev === undefined || prev.tokenType === T.Newline || prev.tokenType === T.LCurly;
      if (closer.text === "}" && !isEof && header !== undefined && atLineStart && tok.tokenType !== T.RCurly) {
        const kind = blockKind(header.first);
        const word = tok.image;
        if (kind !== undefined && isWord(tok)) {
          const outer = this.enclosingKinds(opener!.index);
          if (!outer.some((k) => (BLOCK_MEMBERS[k] as readonly string[]).includes(word))) {
            return this.unknownMember(tok, span, kind, what);
          }
        }
      }
      const labels =
        opener !== undefined
          ? [{ span: this.tokenSpan(opener.token), message: "`" + opener.token.image + "` opened here" }]
          : [];
      if (ENTRY_BLOCK_RULES.has(raw.rule) && !isEof) {
        return diagnostic("MLP1002", "error", "expected `,` or `}` after an entry of " + what + ", found " + found, span, {
          labels,
          help: ["separate entries with `,` or a new line"],
        });
      }
      return diagnostic(
        "MLP1010",
        "error",
        "expected `" + closer.text + "` to close " + what + ", found " + found,
        span,
        { labels, help: ["add `" + closer.text + "`" + (isEof ? " at the end" : " before " + found)] },
      );
    }

    const expected = RULE_EXPECTS[raw.kind === "mismatch" ? "" : raw.rule] ?? listExpected(raw.expected);
    const after = prev !== undefined && prev.tokenType !== T.Newline ? " after " + describe(prev) : "";
    // Something is missing at the end of a line: point just after the line's last token.
    if (!isEof && prev !== undefined && prev.tokenType !== T.Newline && this.lineOf(tok.startOffset) > this.lineOf(prev.startOffset + prev.image.length)) {
      const at = prev.startOffset + prev.image.length;
      return diagnostic("MLP1002", "error", "expected " + expected + after + ", found end of line", this.spans.span(at, at), {
        label: "expected " + expected,
      });
    }
    return diagnostic("MLP1002", "error", "expected " + expected + after + ", found " + found, span, {
      label: "expected " + expected,
    });
  }

  private topLevel(tok: IToken, span: Span, found: string): Diagnostic {
    return unknownDeclarationDiagnostic(tok.image, span, found, tok.tokenType === T.RCurly);
  }

  private unknownMember(tok: IToken, span: Span, kind: BlockKind, what: string): Diagnostic {
    return unknownMemberDiagnostic(tok.image, span, kind, what);
  }

  /** How an unclosed `(` or `[` is named: `` `f(` `` after a name, else the bracket itself. */
  private bracketName(opener: { token: IToken; index: number } | undefined): string {
    if (opener === undefined) return "this block";
    const before = this.tokens[opener.index - 1];
    if (opener.token.tokenType === T.LParen && before !== undefined && /^[A-Za-z_]/.test(before.image)) {
      return "`" + before.image + "(`";
    }
    return "`" + opener.token.image + "`";
  }

  /** Kinds of the blocks enclosing the opener at `index` (outermost last), plus the file. */
  private enclosingKinds(index: number): BlockKind[] {
    const kinds: BlockKind[] = [];
    let i = index;
    for (;;) {
      const opener = this.findOpener(i, T.LCurly, T.RCurly);
      if (opener === undefined) break;
      const header = this.header(opener.index);
      const k = header === undefined ? undefined : blockKind(header.first);
      if (k !== undefined) kinds.push(k);
      i = opener.index;
    }
    kinds.push("file");
    return kinds;
  }

  /** The unmatched `open` before token index `index`. */
  private findOpener(index: number, open: TokenType, close: TokenType): { token: IToken; index: number } | undefined {
    let depth = 0;
    for (let i = index - 1; i >= 0; i--) {
      const type = this.tokens[i]!.tokenType;
      if (type === close) depth++;
      else if (type === open) {
        if (depth === 0) return { token: this.tokens[i]!, index: i };
        depth--;
      }
    }
    return undefined;
  }

  /** The words before the opener at `index` on its line (`step prepare`, `to kserve`). */
  private header(index: number): { text: string; first: IToken } | undefined {
    const words: IToken[] = [];
    for (let i = index - 1; i >= 0 && words.length < 4; i--) {
      const t = this.tokens[i]!;
      if (t.tokenType === T.Newline || t.tokenType === T.LCurly || t.tokenType === T.RCurly) break;
      words.unshift(t);
    }
    if (words.length === 0) return undefined;
    return { text: words.map((w) => w.image).join(" "), first: words[0]! };
  }

  private indexOf(tok: IToken): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.startOffset < tok.startOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lineOf(offset: number): number {
    return this.spans.lineOf(offset);
  }

  private tokenSpan(t: IToken): Span {
    return this.spans.span(t.startOffset, t.startOffset + t.image.length);
  }

  private eofSpan(): Span {
    const last = this.tokens[this.tokens.length - 1];
    const at = last === undefined ? this.text.length : last.startOffset + last.image.length;
    return this.spans.span(at, at);
  }
}

/** MLP1012 for the reserved word `word` written where a name belongs. */
export function reservedWordDiagnostic(word: string, span: Span): Diagnostic {
  return diagnostic("MLP1012", "error", "`" + word + "` is a reserved word and cannot be used as a name", span, {
    label: "reserved word",
    help: ["rename it, for example `" + word + "_`"],
    notes: ["reserved words: " + T.RESERVED_WORDS.map((w) => "`" + w + "`").join(", ")],
  });
}

/** MLP1002 for something at the top level that starts no declaration. */
export function unknownDeclarationDiagnostic(word: string, span: Span, found: string, strayBrace = false): Diagnostic {
  const notes: string[] = [];
  for (const kind of ["pipeline", "step", "deploy"] as const) {
    if ((BLOCK_MEMBERS[kind] as readonly string[]).includes(word)) {
      notes.push("`" + word + "` is a member of a `" + (kind === "step" ? "step` or `component" : kind) + "` block");
      break;
    }
  }
  const help: string[] = [];
  if (strayBrace) help.push("remove this `}`: it closes nothing");
  const suggestion = notes.length === 0 ? closest(word, BLOCK_MEMBERS.file) : undefined;
  if (suggestion !== undefined) help.push("did you mean `" + suggestion + "`?");
  return diagnostic("MLP1002", "error", "expected `import`, `schema`, `component` or `pipeline`, found " + found, span, {
    label: "not a declaration",
    notes,
    help,
  });
}

/** MLP1006 for a line in a block of `kind` (named `what`) that starts with `word`. */
export function unknownMemberDiagnostic(word: string, span: Span, kind: BlockKind, what: string): Diagnostic {
  const allowed = BLOCK_MEMBERS[kind] as readonly string[];
  const elsewhere = (Object.keys(BLOCK_MEMBERS) as BlockKind[]).find(
    (k) => k !== kind && k !== "file" && (BLOCK_MEMBERS[k] as readonly string[]).includes(word),
  );
  const help: string[] = [];
  const suggestion = closest(word, allowed);
  if (suggestion !== undefined) help.push("did you mean `" + suggestion + "`?");
  help.push("members of " + what + ": " + allowed.map((w) => "`" + w + "`").join(", "));
  const where = elsewhere === "step" ? "step` or `component" : elsewhere;
  return diagnostic(
    "MLP1006",
    "error",
    elsewhere !== undefined ? "`" + word + "` is not a member of " + what : "unknown member `" + word + "` in " + what,
    span,
    {
      label: elsewhere !== undefined ? "not allowed here" : "unknown member",
      notes: elsewhere !== undefined ? ["`" + word + "` is a member of a `" + where + "` block"] : [],
      help,
    },
  );
}

function blockKind(first: IToken): BlockKind | undefined {
  switch (first.tokenType) {
    case T.Pipeline:
      return "pipeline";
    case T.Step:
    case T.Component:
      return "step";
    case T.Deploy:
      return "deploy";
    case T.Sweep:
      return "sweep";
    default:
      return undefined;
  }
}

function isWord(t: IToken): boolean {
  return isIdentifier(t.image);
}

/** How a token is named in a message: `` `step` ``, `a string`, `end of line`. */
export function describe(t: IToken): string {
  const type = t.tokenType;
  if (type === EOF) return "end of file";
  if (type === T.Newline) return "end of line";
  if (type === T.PlainString || type === T.TripleString || type === T.UnterminatedString || type === T.UnterminatedTripleString) {
    return "a string";
  }
  const image = t.image.length > 24 ? t.image.slice(0, 24) + "…" : t.image;
  return "`" + image + "`";
}

function listExpected(names: readonly string[]): string {
  const labels = [...new Set(names.map((n) => LABELS.get(n) ?? n))];
  if (labels.length === 0) return "something else";
  if (labels.length === 1) return labels[0]!;
  return labels.slice(0, -1).join(", ") + " or " + labels[labels.length - 1];
}

/**
 * The candidate closest to `word` by edit distance, if close enough to suggest. A word over
 * `MAX_SUGGESTED_NAME_LENGTH` characters gets no suggestion (bounded cost; see edit-distance.ts).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (!isSuggestible(word)) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c, limit);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
