/**
 * What the rules that look inside step and component bodies share: an index of the bodies and
 * of their members by kind (built once, before the `names` rules run), the span of a member's
 * leading keyword, where a repeated member is reported, and a repeat finder.
 */
import type { EnvMember, InputsMember, MetricsMember, OutputsMember, ResourcesMember, StepMember } from "../syntax/ast.js";

export type PortsMember = OutputsMember | MetricsMember;
import type { Span } from "../source/span.js";
import type { CheckContext } from "./context.js";

/** `component` or `step`, with its name: the words a diagnostic uses for the body. */
export type BodyOwner = "component" | "step";

export interface Body {
  readonly members: readonly StepMember[];
  readonly owner: BodyOwner;
  readonly name: string;
}

/**
 * The bodies the checker checks — every component in the program-wide namespace (a component
 * declared twice is checked once), then every step body of every pipeline — and their members
 * of the kinds several rules look at, gathered in one walk: reading a member's kind is a
 * megamorphic load, and 10,000 steps have some 80,000 members.
 */
export interface BodyIndex {
  readonly bodies: readonly Body[];
  readonly inputs: readonly InputsMember[];
  readonly resources: readonly ResourcesMember[];
  readonly env: readonly EnvMember[];
  /** The `outputs` and `metrics` blocks of each body that declares two or more ports (only they can repeat a name). */
  readonly ports: readonly (readonly PortsMember[])[];
}

export function indexBodies(ctx: CheckContext): BodyIndex {
  const index = { bodies: [] as Body[], inputs: [] as InputsMember[], resources: [] as ResourcesMember[], env: [] as EnvMember[], ports: [] as PortsMember[][] };
  const add = (body: Body): void => {
    index.bodies.push(body);
    let ports = 0;
    let blocks: PortsMember[] | undefined;
    const members = body.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      switch (m.kind) {
        case "Inputs":
          index.inputs.push(m);
          break;
        case "Resources":
          index.resources.push(m);
          break;
        case "Env":
          index.env.push(m);
          break;
        case "Outputs":
        case "Metrics":
          ports += m.entries.length;
          // `[m]`, not `[]` then push: a pushed-to empty array keeps room for 16
          if (blocks === undefined) blocks = [m];
          else blocks.push(m);
          break;
        default:
          break;
      }
    }
    if (ports > 1) index.ports.push(blocks!);
  };
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind === "component") add({ members: sym.decl.members, owner: "component", name: sym.decl.name.name });
  }
  for (const scope of ctx.scopes()) {
    const members = scope.flat;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind === "Step" && m.call === undefined) add({ members: m.members ?? NO_MEMBERS, owner: "step", name: m.name.name });
    }
  }
  return index;
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
