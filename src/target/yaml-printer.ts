/**
 * The one YAML printer of the targets: block-style YAML for JSON-shaped trees (plain objects,
 * arrays, strings, finite numbers, booleans, null), fast enough for a 10,000-step workflow.
 *
 * Why not `yaml.stringify`: building a `yaml` Document for a 10,000-job workflow takes seconds.
 * This printer writes only structure (indentation, `key:`, `- `, comments); every key and value
 * goes through the escaping layer `yaml-scalar.ts`, and every comment through `yamlComment`, so
 * no string is pasted into the output unquoted. The output is what `yaml`'s
 * `Document#toString({ lineWidth: 0, indentSeq: true })` prints for the same tree (tests compare
 * them), except for the YAML 1.1 escapes of `yaml-scalar.ts` and keys listed in `bareKeys`.
 *
 * Hooks let a target keep its own template syntax inert without a second pass over the tree:
 * `data` rewrites every string (keys and values), and `leaf` prints an object of the target's
 * own class (e.g. a GitHub expression) as the string it stands for.
 */
import { isSimplePlain, yamlNumber, yamlString } from "./yaml-scalar.js";

/** How to print one tree (all optional). */
export interface YamlPrintOptions {
  /** Comment lines before the document, then a blank line (e.g. a "generated, do not edit" note). */
  readonly header?: string;
  /** Rewrites every data string (keys and values) before quoting, e.g. to neutralise `${{`. */
  readonly data?: (s: string) => string;
  /** The string an object that is not a plain object or array stands for; others are refused. */
  readonly leaf?: (v: object) => string | undefined;
  /**
   * Top-level keys printed without quotes although YAML 1.1 reads them as booleans (GitHub's
   * `on`); only keys made of letters are accepted here.
   */
  readonly bareKeys?: ReadonlySet<string>;
  /** Comment lines before entries of a top-level mapping: by top-level key, then entry key. */
  readonly entryComments?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** A trailing comment after a string value, by its key and value (a pinned action's version). */
  readonly trailingComment?: (key: string, value: string) => string | undefined;
}

/**
 * A mapping whose entries are made while it is printed, one at a time: a large document's parts
 * (a 10,000-job workflow's jobs) are built, printed and dropped in turn instead of all living at
 * once, which spares the garbage collector from copying them. Printed exactly as a plain object
 * with the same entries (in the order given; `undefined` values left out).
 */
export class YamlEntries {
  constructor(readonly entries: () => Iterable<readonly [string, unknown]>) {}
}

const NO_OPTIONS: YamlPrintOptions = {};
/** YAML forbids implicit keys longer than 1024 characters; longer keys are written `? key`. */
const MAX_IMPLICIT_KEY = 1024;

/** Comment text cannot hold a line break other than `\n` (it would end the comment) or YAML 1.1 specials. */
function commentSafe(s: string): string {
  return s.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/g, "?");
}

/** `text` as comment lines at `indent`, one `#` line per line of text (an empty line as a bare `#`). */
export function yamlComment(text: string, indent = ""): string {
  let out = "";
  for (const l of commentSafe(text).split("\n")) out += l === "" ? `${indent}#\n` : `${indent}# ${l}\n`;
  return out;
}

/** `text` as a trailing comment on one line (` #text`, line breaks made spaces). */
function trailing(text: string): string {
  return ` #${commentSafe(text).replace(/\n/g, " ")}`;
}

const BARE_KEY = /^[A-Za-z]+$/;
const CACHE_LIMIT = 50_000;
/** Strings printed as they are (checked by `isSimplePlain` in `yaml-scalar.ts`), skipping the cache. */
const SHORT = 80;
/** Printed scalars kept per indentation before the cache starts over. */
const SCALAR_CACHE_LIMIT = 256;
/** Bytes of text turned into one string at a time. */
const BLOCK_BYTES = 1 << 20;
/** Pieces longer than this are copied by `Buffer#write` after one scan for non-Latin-1 text. */
const LONG_PIECE = 64;
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/**
 * Appends YAML text to one buffer. The output is made of few, mostly cached pieces: key prefixes
 * (`<indent>key:` and `<indent>- key:`) and printed scalars are cached by indentation.
 *
 * The pieces are copied as Latin-1 bytes into one reused block, which becomes a string every
 * megabyte: no rope of millions of small strings survives to be copied from GC space to GC space,
 * and the text is copied into fresh memory only once more, when the blocks are joined (touching
 * new memory is what a large output costs most). A piece with a character beyond U+00FF is kept
 * as a string of its own.
 */
class Printer {
  private readonly block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private size = 0;
  private readonly chunks: string[] = [];
  /** `<indent>key:` by indentation (plain lead) and by `- ` lead, then by key. */
  private readonly keyLines: Map<string, string>[] = [];
  private readonly itemKeyLines: Map<string, string>[] = [];
  /** Printed strings by indentation of their continuation lines: data strings, leaf strings. */
  private readonly dataScalars: Map<string, string>[] = [];
  private readonly leafScalars: Map<string, string>[] = [];
  private readonly data: ((s: string) => string) | undefined;
  private readonly leaf: ((v: object) => string | undefined) | undefined;
  private readonly trailingComment: ((key: string, value: string) => string | undefined) | undefined;

  constructor(private readonly options: YamlPrintOptions) {
    this.data = options.data;
    this.leaf = options.leaf;
    this.trailingComment = options.trailingComment;
  }

  private write(s: string): void {
    const n = s.length;
    let at = this.size;
    if (at + n > BLOCK_BYTES) {
      this.flush();
      at = 0;
      if (n > BLOCK_BYTES) {
        this.chunks.push(s);
        return;
      }
    }
    const block = this.block;
    if (n > LONG_PIECE && !BEYOND_LATIN1.test(s)) {
      this.size = at + block.write(s, at, n, "latin1");
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) {
        // Not Latin-1: the bytes so far go out as they are, this piece as a string of its own.
        this.size = at - i;
        this.flush();
        this.chunks.push(s);
        return;
      }
      block[at++] = c;
    }
    this.size = at;
  }

  /** The block so far as one string. */
  private flush(): void {
    if (this.size === 0) return;
    this.chunks.push(this.block.toString("latin1", 0, this.size));
    this.size = 0;
  }

  text(): string {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join("");
  }

  /** `<lead>key:` (or `<lead>? key` and `:` on the next line for a very long key), cached. */
  private keyLine(k: string, indent: string, dash: boolean): string {
    const caches = dash ? this.itemKeyLines : this.keyLines;
    const cache = (caches[indent.length] ??= new Map());
    let line = cache.get(k);
    if (line !== undefined) return line;
    const lead = dash ? `${indent.slice(INDENT.length)}- ` : indent;
    const text = yamlString(this.data !== undefined ? this.data(k) : k, indent + INDENT, true);
    line = text.length <= MAX_IMPLICIT_KEY ? `${lead}${text}:` : `${lead}? ${text}\n${indent}:`;
    if (cache.size < CACHE_LIMIT) cache.set(k, line);
    return line;
  }

  /**
   * A string as a scalar whose continuation lines sit at `childIndent`, cached by the string as
   * given: data strings go through the `data` hook first, leaf strings (`asData` false) do not,
   * and the two have separate caches so an expression never takes a data string's text.
   */
  private string(raw: string, childIndent: string, asData: boolean): string {
    const data = asData ? this.data : undefined;
    if (raw.length <= SHORT) {
      const s = data !== undefined ? data(raw) : raw;
      if (isSimplePlain(s)) return s;
    }
    const caches = asData ? this.dataScalars : this.leafScalars;
    const cache = (caches[childIndent.length] ??= new Map());
    let text = cache.get(raw);
    if (text === undefined) {
      text = yamlString(data !== undefined ? data(raw) : raw, childIndent, false);
      // Emptied when full: what repeats nearby (a job's retried step) or everywhere stays cached,
      // while strings seen once do not pile up on the heap.
      if (cache.size >= SCALAR_CACHE_LIMIT) cache.clear();
      cache.set(raw, text);
    }
    return text;
  }

  /** A non-collection as a scalar string, or undefined for a plain object or array. */
  private scalar(v: unknown, childIndent: string): string | undefined {
    switch (typeof v) {
      case "string":
        return this.string(v, childIndent, true);
      case "number":
        return yamlNumber(v);
      case "boolean":
        return v ? "true" : "false";
      case "object": {
        if (v === null) return "null";
        if (Array.isArray(v)) return undefined;
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto === Object.prototype || proto === null || v instanceof YamlEntries) return undefined;
        const s = this.leaf?.(v);
        if (s === undefined) throw new TypeError(`internal: cannot print an object of class ${(v as object).constructor?.name ?? "?"} as YAML`);
        return this.string(s, childIndent, false);
      }
      default:
        throw new TypeError(`internal: cannot print a ${typeof v} as YAML`);
    }
  }

  /** Writes ` value` (or the collection on the following lines) after a `key:` or `-` already written. */
  private value(v: unknown, childIndent: string, key: string | undefined, comments: ReadonlyMap<string, string> | undefined): void {
    const s = this.scalar(v, childIndent);
    if (s !== undefined) {
      let c: string | undefined;
      if (key !== undefined && typeof v === "string" && this.trailingComment !== undefined) c = this.trailingComment(key, v);
      this.write(" ");
      this.write(s);
      this.write(c === undefined ? "\n" : `${trailing(c)}\n`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) this.write(" []\n");
      else {
        this.write("\n");
        this.sequence(v, childIndent);
      }
      return;
    }
    if (!this.mapping(v as Record<string, unknown> | YamlEntries, childIndent, false, "\n", comments)) this.write(" {}\n");
  }

  /**
   * The entries of `m` with keys at `indent`, `opener` written before the first one; with `dash`,
   * the first key follows a `- `. False when `m` has no entries (nothing is written).
   */
  mapping(m: Record<string, unknown> | YamlEntries, indent: string, dash: boolean, opener: string, comments?: ReadonlyMap<string, string>, top = false): boolean {
    const childIndent = indent + INDENT;
    let first = true;
    if (m instanceof YamlEntries) {
      for (const [k, v] of m.entries()) {
        if (v === undefined) continue;
        this.entry(k, v, indent, childIndent, first && dash, first ? opener : "", comments, top);
        first = false;
      }
      return !first;
    }
    for (const k in m) {
      const v = m[k];
      if (v === undefined) continue;
      this.entry(k, v, indent, childIndent, first && dash, first ? opener : "", comments, top);
      first = false;
    }
    return !first;
  }

  /** One `key: value` entry of a mapping, after `opener` and the entry's comment. */
  private entry(k: string, v: unknown, indent: string, childIndent: string, dash: boolean, opener: string, comments: ReadonlyMap<string, string> | undefined, top: boolean): void {
    if (opener !== "") this.write(opener);
    if (comments !== undefined) {
      const c = comments.get(k);
      if (c !== undefined) this.write(yamlComment(c, indent));
    }
    if (top && BARE_KEY.test(k) && this.options.bareKeys?.has(k)) this.write(`${k}:`);
    else this.write(this.keyLine(k, indent, dash));
    this.value(v, childIndent, k, top ? this.options.entryComments?.get(k) : undefined);
  }

  /** The items of a non-empty sequence at `indent`. */
  sequence(items: readonly unknown[], indent: string): void {
    const inner = indent + INDENT;
    const dash = `${indent}-`;
    for (const item of items) {
      // `- key: value`, the other keys aligned under the first.
      if (item !== null && typeof item === "object" && !Array.isArray(item) && (isPlainObject(item) || item instanceof YamlEntries)) {
        if (!this.mapping(item as Record<string, unknown> | YamlEntries, inner, true, "")) this.write(`${dash} {}\n`);
      } else {
        this.write(dash);
        this.value(item, inner, undefined, undefined);
      }
    }
  }

  /** Comment lines and a blank line. */
  comment(text: string): void {
    this.write(`${yamlComment(text)}\n`);
  }

  /**
   * A document that is a scalar or an empty collection. A string is written as a key would be:
   * on one line, and quoted when it looks like a document marker (a block's indentation
   * indicator would count from a parent indentation the document does not have).
   */
  root(v: unknown): void {
    const s = this.scalar(v, INDENT);
    if (s === undefined) this.write(Array.isArray(v) ? "[]\n" : "{}\n");
    else if (typeof v !== "string" && (v === null || typeof v !== "object")) this.write(`${s}\n`);
    else {
      const text = typeof v === "string" ? (this.data !== undefined ? this.data(v) : v) : this.leaf!(v as object)!;
      this.write(`${yamlString(text, INDENT, true)}\n`);
    }
  }
}

const INDENT = "  ";

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasEntries(m: Record<string, unknown>): boolean {
  for (const k in m) if (m[k] !== undefined) return true;
  return false;
}

/**
 * `doc` as one block-style YAML document (ending in a line break). Keys keep their insertion
 * order and entries whose value is `undefined` are left out, as in JSON.
 */
export function printYaml(doc: unknown, options: YamlPrintOptions = NO_OPTIONS): string {
  const p = new Printer(options);
  if (options.header !== undefined) p.comment(options.header);
  if (doc instanceof YamlEntries) {
    if (!p.mapping(doc, "", false, "", undefined, true)) p.root({});
  } else if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && isPlainObject(doc) && hasEntries(doc as Record<string, unknown>)) {
    p.mapping(doc as Record<string, unknown>, "", false, "", undefined, true);
  } else if (Array.isArray(doc) && doc.length > 0) {
    p.sequence(doc, "");
  } else {
    p.root(doc);
  }
  return p.text();
}
