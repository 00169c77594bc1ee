/**
 * Walks shared by the rules that look inside bodies: every member list the checker checks (one
 * per component, the first of each name, and one per step body), and the span of a member's
 * leading keyword, where a repeated member is reported.
 */
import type { StepMember } from "../syntax/ast.js";
import type { Span } from "../source/span.js";
import type { CheckContext } from "./context.js";

/** `component` or `step`, with its name: the words a diagnostic uses for the body. */
export type BodyOwner = "component" | "step";

/**
 * Calls `fn` for the members of every component in the program-wide namespace (a component
 * declared twice is checked once) and then of every step body of every pipeline.
 */
export function forEachBody(ctx: CheckContext, fn: (members: readonly StepMember[], owner: BodyOwner, name: string) => void): void {
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind === "component") fn(sym.decl.members, "component", sym.decl.name.name);
  }
  for (const scope of ctx.scopes()) {
    const members = scope.decl.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind === "Step" && m.call === undefined) fn(m.members ?? NO_MEMBERS, "step", m.name.name);
    }
  }
}

const NO_MEMBERS: readonly StepMember[] = [];

/** The span of a member's leading keyword (`run`, `image`): the member span cut to the word. */
export function memberKeywordSpan(span: Span, word: string): Span {
  return {
    file: span.file,
    start: span.start,
    end: { offset: span.start.offset + word.length, line: span.start.line, column: span.start.column + word.length },
  };
}

/** Above this many entries, repeats are found with a map instead of scanning back. */
export const SCAN_LIMIT = 16;

/**
 * Calls `repeat(i, j)` for each entry `i` of `items` whose key (`keyOf`, `undefined` to skip the
 * entry) an earlier entry `j` has (the first one). Scans back for short lists, a map for long ones.
 */
export function forEachRepeat<T>(items: readonly T[], keyOf: (item: T) => string | undefined, repeat: (i: number, first: number) => void): void {
  const seen = items.length > SCAN_LIMIT ? new Map<string, number>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i]!);
    if (k === undefined) continue;
    let first = -1;
    if (seen !== undefined) {
      const f = seen.get(k);
      if (f === undefined) seen.set(k, i);
      else first = f;
    } else {
      for (let j = 0; j < i; j++) {
        if (keyOf(items[j]!) === k) {
          first = j;
          break;
        }
      }
    }
    if (first >= 0) repeat(i, first);
  }
}
