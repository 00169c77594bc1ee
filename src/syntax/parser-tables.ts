/**
 * The parser's grammar and lookahead, read from tables worked out at development time instead
 * of from the rules in every process. Recording the grammar (running every rule once in
 * Chevrotain's recording mode) and Chevrotain's LL(k) analysis (every decision's lookahead
 * paths, through the whole grammar) were most of building the parser.
 *
 * `parser-tables.generated.ts` holds the recorded grammar (`rules`), and for each decision (an
 * `OR`, `MANY`, `OPTION`, …) the token paths Chevrotain's `getLookaheadPaths` gives for it, with
 * a fingerprint of the grammar they were worked out from. How far they are trusted
 * (`TableUse`):
 * - `verify` (running from the TypeScript sources: tests, development): the rules are recorded
 *   and the lookahead tables used only when the recording has their fingerprint; after a grammar
 *   change they are ignored (the parser stays right, only slower);
 * - `trust` (built code, `dist/`): the recorded grammar and lookahead come from the tables, no
 *   rule is recorded; `npm run build` refuses stale tables (`grammar/check-tables.mjs`);
 * - `off`: everything worked out from the rules (the generator).
 * `npm run gen:grammar` writes the tables; `test/syntax/parser-tables.test.ts` fails while they
 * are stale.
 */
import {
  Alternation,
  Alternative,
  EOF,
  getLookaheadPaths,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IOrAlt,
  type IProduction,
  type IProductionWithOccurrence,
  type OptionalProductionType,
  type Rule,
  type TokenType,
} from "chevrotain";

/** Token paths by alternative (for an optional production: the one alternative of entering it). */
export type LookaheadPaths = TokenType[][][];

/** How far the tables are trusted (see the top of this file). */
export type TableUse = "trust" | "verify" | "off";

/** A recorded production as the tables keep it: its kind, fields and children. */
export interface StoredProduction {
  readonly kind: string;
  readonly fields?: Readonly<Record<string, string | number | boolean>>;
  readonly children?: readonly StoredProduction[];
}

/** What `parser-tables.generated.ts` holds. */
export interface ParserTables {
  /** `grammarFingerprint` of the grammar the tables were worked out from. */
  readonly grammar: string;
  /** The recorded grammar: each rule's productions, by rule name. */
  readonly rules: Readonly<Record<string, readonly StoredProduction[]>>;
  /** Chevrotain's follow sets for error recovery (token names), by its keys. */
  readonly follows: Readonly<Record<string, readonly string[]>>;
  /** Token names of each decision's paths, by `decisionKey`. */
  readonly lookahead: Readonly<Record<string, readonly (readonly (readonly string[])[])[]>>;
}

type ProductionType = "Alternation" | OptionalProductionType;

/** The key of a decision in the tables: rule, production type, occurrence and lookahead depth. */
export function decisionKey(rule: string, type: ProductionType, occurrence: number, maxLookahead: number): string {
  return `${rule} ${type} ${occurrence} ${maxLookahead}`;
}

/**
 * A lookahead strategy that takes each decision's paths from `tables` when the grammar is the
 * one they describe, and works them out with Chevrotain's `getLookaheadPaths` otherwise. Every
 * decision it worked out is kept in `computed` (the generator writes the tables from it).
 */
export class TabledLookahead implements ILookaheadStrategy {
  /** The paths worked out in this parser (none when the tables were used). */
  readonly computed = new Map<string, LookaheadPaths>();
  private readonly llk: ILookaheadStrategy;
  private table: ParserTables["lookahead"] | undefined = undefined;
  readonly tokensByName: ReadonlyMap<string, TokenType>;

  constructor(
    private readonly tables: ParserTables | undefined,
    private readonly tokens: readonly TokenType[],
    maxLookahead: number,
    /** Use the tables without checking the grammar's fingerprint. */
    public trusted = false,
  ) {
    this.llk = new LLkLookaheadStrategy({ maxLookahead });
    this.tokensByName = tokensByName(tokens);
  }

  /** Whether the tables were used (the grammar had their fingerprint). */
  get usedTables(): boolean {
    return this.table !== undefined;
  }

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.llk.validate(options);
  }

  initialize(options: { rules: Rule[] }): void {
    const tables = this.tables;
    this.table = tables !== undefined && (this.trusted || grammarFingerprint(options.rules, this.tokens) === tables.grammar) ? tables.lookahead : undefined;
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = this.paths(options.rule, "Alternation", options.prodOccurrence, options.maxLookahead);
    return alternativesLookahead(paths, options.hasPredicates);
  }

  buildLookaheadForOptional(options: { prodOccurrence: number; prodType: OptionalProductionType; rule: Rule; maxLookahead: number }): () => boolean {
    const paths = this.paths(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead);
    return optionalLookahead(paths[0]!);
  }

  private paths(rule: Rule, type: ProductionType, occurrence: number, maxLookahead: number): LookaheadPaths {
    const key = decisionKey(rule.name, type, occurrence, maxLookahead);
    const names = this.table?.[key];
    if (names !== undefined) return names.map((alt) => alt.map((path) => path.map((name) => this.tokensByName.get(name)!)));
    const paths = getLookaheadPaths({ occurrence, rule, prodType: type, maxLookahead });
    this.computed.set(key, paths);
    return paths;
  }
}

/**
 * The parser as a lookahead function sees it (`this`): the token `i` ahead, 1-based, without
 * bounds checks (Chevrotain's own lookahead functions read tokens the same way).
 */
interface TokenSource {
  LA_FAST(i: number): { readonly tokenTypeIdx: number };
}

/** Whether a token of type index `idx` is `expected` or one of its category's members. */
function matches(idx: number, expected: TokenType): boolean {
  return idx === expected.tokenTypeIdx || (expected.isParent === true && expected.categoryMatchesMap![idx] === true);
}

/** The index of the first alternative whose paths match the next tokens (and whose gate is open). */
function alternativesLookahead(alts: LookaheadPaths, hasPredicates: boolean): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
  if (!hasPredicates && alts.every((alt) => alt.every((path) => path.length === 1))) {
    // One token decides: a table from token type index to the first alternative it starts.
    const choice: Record<number, number> = {};
    alts.forEach((alt, i) => {
      for (const [type] of alt) {
        choice[type!.tokenTypeIdx!] ??= i;
        for (const member of type!.categoryMatches ?? []) choice[member] ??= i;
      }
    });
    return function (this: TokenSource) {
      return choice[this.LA_FAST(1).tokenTypeIdx];
    };
  }
  if (!hasPredicates && alts.every((alt) => alt.every((path) => path.length > 0))) {
    // A path can match only if its first token does: only the alternatives with a path that
    // starts with the next token are tried, in their order (`deployed(x).m` against a call, the
    // entries of a block, …), instead of every path of every alternative before them.
    const candidates: number[][] = [];
    alts.forEach((alt, i) => {
      for (const path of alt) {
        for (const idx of [path[0]!.tokenTypeIdx!, ...(path[0]!.categoryMatches ?? [])]) {
          const list = (candidates[idx] ??= []);
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
    });
    return function (this: TokenSource) {
      const tried = candidates[this.LA_FAST(1).tokenTypeIdx];
      if (tried === undefined) return undefined;
      for (let k = 0; k < tried.length; k++) if (anyPathMatches(this, alts[tried[k]!]!)) return tried[k];
      return undefined;
    };
  }
  return function (this: TokenSource, orAlts?: IOrAlt<unknown>[]) {
    for (let t = 0; t < alts.length; t++) {
      if (hasPredicates) {
        const gate = (orAlts![t] as { GATE?: () => boolean }).GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
      }
      if (anyPathMatches(this, alts[t]!)) return t;
    }
    return undefined;
  };
}

/** Whether the next tokens start the optional production (`paths`: the ways into it). */
function optionalLookahead(paths: TokenType[][]): () => boolean {
  if (paths.every((path) => path.length === 1)) {
    const starts: boolean[] = [];
    for (const [type] of paths) {
      starts[type!.tokenTypeIdx!] = true;
      for (const member of type!.categoryMatches ?? []) starts[member] = true;
    }
    return function (this: TokenSource) {
      return starts[this.LA_FAST(1).tokenTypeIdx] === true;
    };
  }
  if (paths.every((path) => path.length > 0)) {
    // No path matches unless its first token does.
    const firsts: boolean[] = [];
    for (const [type] of paths) {
      firsts[type!.tokenTypeIdx!] = true;
      for (const member of type!.categoryMatches ?? []) firsts[member] = true;
    }
    return function (this: TokenSource) {
      return firsts[this.LA_FAST(1).tokenTypeIdx] === true && anyPathMatches(this, paths);
    };
  }
  return function (this: TokenSource) {
    return anyPathMatches(this, paths);
  };
}

function anyPathMatches(source: TokenSource, paths: TokenType[][]): boolean {
  next: for (const path of paths) {
    for (let i = 0; i < path.length; i++) if (!matches(source.LA_FAST(i + 1).tokenTypeIdx, path[i]!)) continue next;
    return true;
  }
  return false;
}

/**
 * A fingerprint of everything the lookahead paths depend on: the recorded grammar (productions,
 * occurrences, separators, lookahead depths) and the token categories.
 */
export function grammarFingerprint(rules: readonly Rule[], tokens: readonly TokenType[]): string {
  const parts: string[] = [];
  for (const t of tokens) parts.push(t.name, ":", (t.CATEGORIES ?? []).map((c) => c.name).join(","), ";");
  for (const rule of rules) {
    parts.push("\n", rule.name, "=");
    describe(rule.definition, parts);
  }
  return hash(parts.join(""));
}

function describe(definition: readonly IProduction[], parts: string[]): void {
  for (const p of definition) {
    if (p instanceof Terminal) {
      parts.push(" T", p.terminalType.name, String(p.idx));
      continue;
    }
    if (p instanceof NonTerminal) {
      parts.push(" N", p.nonTerminalName, String(p.idx));
      continue;
    }
    const q = p as IProduction & { idx?: number; maxLookahead?: number; separator?: TokenType; definition: IProduction[] };
    parts.push(" ", kind(p), String(q.idx ?? ""), "/", String(q.maxLookahead ?? ""), "/", q.separator?.name ?? "");
    parts.push("(");
    describe(q.definition, parts);
    parts.push(")");
  }
}

/** A production's kind (not its class name, which a bundler may change). */
function kind(p: IProduction): string {
  // `hasPredicates` is in Chevrotain's recorded grammar but not in its typings.
  if (p instanceof Alternation) return (p as Alternation & { hasPredicates?: boolean }).hasPredicates === true ? "OR?" : "OR";
  if (p instanceof Option) return "OPTION";
  if (p instanceof Repetition) return "MANY";
  if (p instanceof RepetitionMandatory) return "AT_LEAST_ONE";
  if (p instanceof RepetitionWithSeparator) return "MANY_SEP";
  if (p instanceof RepetitionMandatoryWithSeparator) return "AT_LEAST_ONE_SEP";
  return "ALT"; // an alternative of an alternation
}

/** cyrb53: a 53-bit string hash (no cryptography needed: this only tells versions apart). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

// --- the recorded grammar ------------------------------------------------------------------

const KINDS = {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
} as const;

type Kind = keyof typeof KINDS;

/** The kind of a recorded production (not its class name, which a bundler may change). */
function kindOf(p: IProduction): Kind {
  for (const [name, cls] of Object.entries(KINDS)) if (p.constructor === cls) return name as Kind;
  throw new Error("internal: unknown grammar production " + p.constructor.name);
}

/** A production of kind `kind` with its constructor's defaults (fields equal to them are not stored). */
function newProduction(kind: Kind): IProductionWithOccurrence & { definition: IProduction[] } {
  const cls = KINDS[kind] as unknown as new (options: object) => IProductionWithOccurrence & { definition: IProduction[] };
  return new cls(kind === "Terminal" || kind === "NonTerminal" ? {} : { definition: [] });
}

/** A rule's recorded productions as the tables keep them. */
export function storeProductions(definition: readonly IProduction[]): StoredProduction[] {
  return definition.map((p) => {
    const fields: Record<string, string | number | boolean> = {};
    const fresh = newProduction(kindOf(p)) as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(p)) {
      if (name === "_definition" || name === "referencedRule" || value === undefined || value === fresh[name]) continue;
      // Token types are kept by name.
      fields[name] = typeof value === "object" ? (value as TokenType).name : (value as string | number | boolean);
    }
    const children = p instanceof Terminal || p instanceof NonTerminal ? [] : storeProductions((p as IProduction & { definition: IProduction[] }).definition);
    return { kind: kindOf(p), ...(Object.keys(fields).length > 0 ? { fields } : {}), ...(children.length > 0 ? { children } : {}) };
  });
}

/** The fields that hold a token type (kept by name). */
const TOKEN_FIELDS = new Set(["terminalType", "separator"]);

/** Rebuilds the recorded productions of a rule; `NonTerminal`s are linked by Chevrotain's resolver. */
export function loadProductions(stored: readonly StoredProduction[], tokensByName: ReadonlyMap<string, TokenType>): IProduction[] {
  return stored.map((s) => {
    const p = newProduction(s.kind as Kind);
    for (const [name, value] of Object.entries(s.fields ?? {})) {
      (p as unknown as Record<string, unknown>)[name] = TOKEN_FIELDS.has(name) ? tokensByName.get(value as string) : value;
    }
    if (s.children !== undefined) p.definition = loadProductions(s.children, tokensByName);
    return p;
  });
}

/** The token types of the parser by name (with Chevrotain's `EOF`). */
export function tokensByName(tokens: readonly TokenType[]): Map<string, TokenType> {
  return new Map([...tokens, EOF].map((t) => [t.name, t]));
}

/** The follow sets error recovery uses, from their names in the tables. */
export function loadFollows(follows: ParserTables["follows"], tokensByName: ReadonlyMap<string, TokenType>): Record<string, TokenType[]> {
  const out: Record<string, TokenType[]> = {};
  for (const [key, names] of Object.entries(follows)) out[key] = names.map((name) => tokensByName.get(name)!);
  return out;
}
