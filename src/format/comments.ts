/**
 * Attaches comments to the items of a block so the formatter can move items (canonical member
 * order) without losing a comment: own-line comments before an item lead it, a comment on the
 * line where an item ends trails it, and what is left before the closing brace dangles.
 */
import type { Comment } from "../syntax/ast.js";
import type { Span } from "../source/span.js";

export interface Attached<T> {
  readonly item: T;
  readonly leading: readonly Comment[];
  readonly trailing?: Comment;
  /** A blank line separated this item (or its first leading comment) from what came before. */
  readonly blankBefore: boolean;
}

/** Tracks which comments have been printed, so the formatter can prove it kept them all. */
export class CommentPool {
  private readonly used = new Set<Comment>();

  constructor(
    private readonly comments: readonly Comment[],
    private readonly text: string,
  ) {}

  /** Unprinted comments that start inside [start, end). */
  take(start: number, end: number): Comment[] {
    const out: Comment[] = [];
    for (const c of this.comments) {
      const o = c.span.start.offset;
      if (o >= start && o < end && !this.used.has(c)) out.push(c);
    }
    return out;
  }

  markUsed(c: Comment): void {
    this.used.add(c);
  }

  /** Every comment of the file was printed. */
  allUsed(): boolean {
    return this.used.size === this.comments.length;
  }

  /** True when the source between two offsets contains an empty line. */
  hasBlankLine(start: number, end: number): boolean {
    return /\n[ \t\r]*\n/.test(this.text.slice(start, end));
  }

  /**
   * Splits the comments between `blockStart` and `blockEnd` (offsets just inside the braces)
   * among `items` (in source order).
   */
  attach<T extends { readonly span: Span }>(
    items: readonly T[],
    blockStart: number,
    blockEnd: number,
  ): { attached: Attached<T>[]; dangling: Comment[] } {
    const attached: Attached<T>[] = [];
    let cursor = blockStart;
    let previousEndLine = -1;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const leading: Comment[] = [];
      for (const c of this.take(cursor, item.span.start.offset)) {
        this.markUsed(c);
        const prev = attached[i - 1];
        if (prev && prev.trailing === undefined && c.span.start.line === previousEndLine) {
          attached[i - 1] = { ...prev, trailing: c };
        } else leading.push(c);
      }
      const firstStart = leading[0]?.span.start.offset ?? item.span.start.offset;
      const blankBefore = i > 0 && this.hasBlankLine(cursor, firstStart);
      attached.push({ item, leading, blankBefore });
      cursor = item.span.end.offset;
      previousEndLine = item.span.end.line;
    }
    const rest = this.take(cursor, blockEnd);
    const dangling: Comment[] = [];
    for (const c of rest) {
      this.markUsed(c);
      if (attached.length > 0 && c.span.start.line === previousEndLine && attached.at(-1)!.trailing === undefined) {
        const last = attached.pop()!;
        attached.push({ ...last, trailing: c });
      } else dangling.push(c);
    }
    return { attached, dangling };
  }
}
