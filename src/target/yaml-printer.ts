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
import { yamlNumber, yamlString } from "./yaml-scalar.js";

/** How to print one tree (all optional). */
export interface YamlPrintOptions {
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

const NO_OPTIONS: YamlPrintOptions = {};
/** YAML forbids implicit keys longer than 1024 characters; longer keys are written `? key`. */
const MAX_IMPLICIT_KEY = 1024;

/** Comment text cannot hold a line break other than `\n` (it would end the comment) or YAML 1.1 specials. */
function commentSafe(s: string): string {
  return s.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]/g, "?");
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
const KEY_CACHE_LIMIT = 50_000;

/** Appends YAML text to one buffer; finished chunks keep V8's string ropes shallow. */
class Printer {
  private out = "";
  private readonly chunks: string[] = [];
  /** Printed keys by indentation depth: a tree repeats the same few keys at the same depths. */
  private readonly keyCaches: Map<string, string>[] = [];
  private readonly data: ((s: string) => string) | undefined;
  private readonly leaf: ((v: object) => string | undefined) | undefined;
  private readonly trailingComment: ((key: string, value: string) => string | undefined) | undefined;

  constructor(private readonly options: YamlPrintOptions) {
    this.data = options.data;
    this.leaf = options.leaf;
    this.trailingComment = options.trailingComment;
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > 16_384) {
      this.chunks.push(this.out);
      this.out = "";
    }
  }

  text(): string {
    this.chunks.push(this.out);
    this.out = "";
    return this.chunks.join("");
  }

  /** The printed key and its `:`, or `? key` and `:` on the next line for a very long key. */
  private key(k: string, childIndent: string, lead: string): string {
    const cache = (this.keyCaches[childIndent.length] ??= new Map());
    let text = cache.get(k);
    if (text === undefined) {
      text = yamlString(this.data !== undefined ? this.data(k) : k, childIndent, true);
      if (cache.size < KEY_CACHE_LIMIT) cache.set(k, text);
    }
    if (text.length <= MAX_IMPLICIT_KEY) return `${lead}${text}:`;
    const indent = childIndent.slice(INDENT.length);
    return `${lead}? ${text}\n${indent}:`;
  }

  /** A non-collection as a scalar string, or undefined for a plain object or array. */
  private scalar(v: unknown, childIndent: string): string | undefined {
    switch (typeof v) {
      case "string":
        return yamlString(this.data !== undefined ? this.data(v) : v, childIndent, false);
      case "number":
        return yamlNumber(v);
      case "boolean":
        return v ? "true" : "false";
      case "object": {
        if (v === null) return "null";
        if (Array.isArray(v)) return undefined;
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto === Object.prototype || proto === null) return undefined;
        const s = this.leaf?.(v);
        if (s === undefined) throw new TypeError(`internal: cannot print an object of class ${(v as object).constructor?.name ?? "?"} as YAML`);
        return yamlString(s, childIndent, false);
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
      this.write(c === undefined ? ` ${s}\n` : ` ${s}${trailing(c)}\n`);
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
    const m = v as Record<string, unknown>;
    if (!hasEntries(m)) {
      this.write(" {}\n");
      return;
    }
    this.write("\n");
    this.mapping(m, childIndent, undefined, comments);
  }

  /** The entries of `m` with keys at `indent`; `firstLead` replaces the first key's indentation (`- `). */
  mapping(m: Record<string, unknown>, indent: string, firstLead: string | undefined, comments?: ReadonlyMap<string, string>, top = false): void {
    const childIndent = indent + INDENT;
    let first = true;
    for (const k in m) {
      const v = m[k];
      if (v === undefined) continue;
      if (comments !== undefined) {
        const c = comments.get(k);
        if (c !== undefined) this.write(yamlComment(c, indent));
      }
      const lead = first && firstLead !== undefined ? firstLead : indent;
      first = false;
      if (top && BARE_KEY.test(k) && this.options.bareKeys?.has(k)) this.write(`${lead}${k}:`);
      else this.write(this.key(k, childIndent, lead));
      this.value(v, childIndent, k, top ? this.options.entryComments?.get(k) : undefined);
    }
  }

  /** The items of a non-empty sequence at `indent`. */
  sequence(items: readonly unknown[], indent: string): void {
    const inner = indent + INDENT;
    for (const item of items) {
      if (item !== null && typeof item === "object" && !Array.isArray(item) && isPlainObject(item) && hasEntries(item as Record<string, unknown>)) {
        // `- key: value`, the other keys aligned under the first.
        this.mapping(item as Record<string, unknown>, inner, `${indent}- `);
      } else {
        this.write(`${indent}-`);
        this.value(item, inner, undefined, undefined);
      }
    }
  }

  /** A document that is a scalar or an empty collection. */
  root(v: unknown): void {
    const s = this.scalar(v, "");
    if (s !== undefined) this.write(`${s}\n`);
    else this.write(Array.isArray(v) ? "[]\n" : "{}\n");
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
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && isPlainObject(doc) && hasEntries(doc as Record<string, unknown>)) {
    p.mapping(doc as Record<string, unknown>, "", undefined, undefined, true);
  } else if (Array.isArray(doc) && doc.length > 0) {
    p.sequence(doc, "");
  } else {
    p.root(doc);
  }
  return p.text();
}
