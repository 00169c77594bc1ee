/**
 * What one rule invocation of the parser has read so far. The parser builds AST nodes directly
 * (no CST), so a frame holds just the parts a rule's node needs until the rule ends; when error
 * recovery abandons a rule half-way, the node is still built from its frame, as far as its parts
 * allow (see `MlpParser.recovered`).
 */
import type { IToken } from "chevrotain";
import type { BuildContext } from "./build-context.js";

/** Builds a rule's node (or nothing, when an essential part is missing) from its frame. */
export type NodeBuilder = (f: Frame, cx: BuildContext) => unknown;

/**
 * Where a rule puts the result of the sub-rule it is calling (set before each `SUBRULE`, so an
 * abandoned sub-rule's partial node lands in the same place).
 */
export const Slot = {
  /** `one`: the single sub-result (a type, an expression, a block). */
  One: 0,
  /** `two`: a second single sub-result (a default value after a type). */
  Two: 1,
  /** `list`: one of a list of sub-results (type arguments, list items, call arguments). */
  List: 2,
  /** `list`, each on its own line (MLP1007): declarations, members, gate conditions. */
  Member: 3,
  /** `list`, separated by `,` or a line end (MLP1002): entries of a `{ … }` block. */
  Entry: 4,
  /** `unknown`: the first word of an unknown member line (MLP1006). */
  Unknown: 5,
  /** `list`: an operand of a flat operator expression. */
  Operand: 6,
  /** `tokens`: a binary operator of a flat operator expression. */
  Operator: 7,
  /** Nothing kept (a skipped block). */
  Skip: 8,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

/** Separator state of a `{ … }` block of entries, for MLP1002 (`Frame.sep`). */
export const Sep = { Start: 0, Entry: 1, Comma: 2, Newline: 3 } as const;

/**
 * The state of one rule invocation. One class for all rules, so property access stays
 * monomorphic; one instance per depth of the rule stack, reused by every rule that runs at
 * that depth (`reset`), so a parse does not make garbage for each rule it enters.
 */
export class Frame {
  build: NodeBuilder = NO_BUILDER;
  /** Diagnostics count when the rule started: a dropped node takes its sub-nodes' diagnostics along. */
  mark = 0;
  /** The frame of the calling rule. */
  parent: Frame | undefined = undefined;
  /** Depth of the rule invocation in the parser's rule stack. */
  depth = -1;
  /** The first token really read (not inserted by recovery) in this rule, sub-rules included. */
  first: IToken | undefined = undefined;
  /**
   * Where the last token really read ends (-1 before the first). An offset, not the token:
   * frames live long, and storing each young token in one cost a write barrier per token.
   */
  end = -1;
  /**
   * The first real token and the end of the sub-rule that just ended, for `put`. Kept here, not
   * in the parser: a young token stored in the long-lived parser cost a write barrier per rule.
   */
  childFirst: IToken | undefined = undefined;
  childEnd = -1;
  /** Where the result of the sub-rule being called goes. */
  slot: Slot = Slot.One;
  /** The rule's name token (the first `Identifier`, or a type word), as consumed. */
  name: IToken | undefined = undefined;
  /** Another significant token: a string, a literal, `?`, `on`/`off`, `required`, the metric. */
  token: IToken | undefined = undefined;
  one: unknown = undefined;
  two: unknown = undefined;
  /** Sub-results, in order (undefined results are left out). Node builders copy it, never keep it. */
  list: unknown[] | undefined = undefined;
  /** Tokens kept in order: strings, names, prefix operators, binary operators. */
  tokens: IToken[] | undefined = undefined;
  /** First words of unknown member lines. */
  unknown: IToken[] | undefined = undefined;
  /** Line the previous member ended on (MLP1007). */
  line = -1;
  /** Separator state of an entry block (MLP1002). */
  sep: number = Sep.Start;
  /** Diagnostics count where an operator expression stopped (its later operands are dropped). */
  cut = -1;

  /** Starts a new rule invocation in this frame. Arrays are replaced, never cleared: nodes may hold them. */
  reset(build: NodeBuilder, mark: number, parent: Frame | undefined, depth: number): void {
    this.build = build;
    this.mark = mark;
    this.parent = parent;
    this.depth = depth;
    this.first = undefined;
    this.end = -1;
    this.childFirst = undefined;
    this.childEnd = -1;
    this.slot = Slot.One;
    this.name = undefined;
    this.token = undefined;
    this.one = undefined;
    this.two = undefined;
    this.list = undefined;
    this.tokens = undefined;
    this.unknown = undefined;
    this.line = -1;
    this.sep = Sep.Start;
    this.cut = -1;
  }
}

function NO_BUILDER(): undefined {
  return undefined;
}
