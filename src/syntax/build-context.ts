/**
 * What building the AST of one file needs besides the parser: spans, and the list the lowering
 * diagnostics (MLP1002-1011 found while building nodes) go to. One instance per parsed file.
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { Span } from "../source/span.js";
import { diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import type { SpanMaker } from "./positions.js";

/** Spans and diagnostics for the node builders of one file. */
export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The depth of each compound expression built so far (`expr-depth.ts`). */
  readonly depths = new WeakMap<A.Expr, number>();
  /** The last token span made, shared by the nodes that span just that token (`int`, `x`). */
  private lastToken: IToken | undefined = undefined;
  private lastSpan: Span | undefined = undefined;

  constructor(readonly spans: SpanMaker) {}

  span(start: number, end: number): Span {
    return this.spans.span(start, end);
  }

  tokenSpan(t: IToken): Span {
    if (t === this.lastToken) return this.lastSpan!;
    const span = this.spans.span(t.startOffset, t.startOffset + t.image.length);
    this.lastToken = t;
    this.lastSpan = span;
    return span;
  }

  /** The span from the start of `first` to `end`. */
  tokensSpan(first: IToken, end: number): Span {
    if (end === first.startOffset + first.image.length) return this.tokenSpan(first);
    return this.spans.span(first.startOffset, end);
  }

  ident(t: IToken): A.Identifier {
    return { kind: "Identifier", name: t.image, span: this.tokenSpan(t) };
  }

  report(code: string, message: string, span: Span, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(diagnostic(code, "error", message, span, extras));
  }
}

/** A token the parser really read (not one it invented to recover). */
export function isReal(t: IToken | undefined): t is IToken {
  return t !== undefined && t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset);
}
