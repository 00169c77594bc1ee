/**
 * A fast block-style YAML printer for workflow trees (maps, sequences, strings, numbers,
 * booleans, null, and `GhExpr`). Structure — indentation, `key:`, `- ` — is printed here; every
 * scalar is printed by the `yaml` package's own `stringifyString`/`stringifyNumber`, so quoting
 * and escaping of values stay the `yaml` package's job (tests check the output is byte-identical
 * to `yaml`'s `Document#toString`). Building a whole `yaml` Document for a 10,000-job workflow
 * takes an order of magnitude longer than this.
 *
 * Data strings are neutralised on the way out (`${{` made inert, see `gh-expr.ts`); a `GhExpr`
 * is printed as the one expression the compiler meant.
 *
 * Strings holding characters YAML 1.1 parsers treat as line breaks or refuse (NEL, LS, PS, C1
 * controls, BOM) are printed double-quoted with `\uXXXX` escapes, because GitHub's parser and
 * actionlint's go-yaml read YAML 1.1 while the `yaml` package writes those characters raw.
 */
import { Document } from "yaml";
import { stringifyNumber, stringifyString, type StringifyContext } from "yaml/util";
import { GhExpr, neutralise } from "./gh-expr.js";

const YAML11_UNSAFE = /[\u0080-\u009f\u2028\u2029\ufeff]/;
const YAML11_UNSAFE_ALL = /[\u0080-\u009f\u2028\u2029\ufeff]/g;

/** Comments on the printed tree. */
export interface PrintComments {
  /** Lines (without `#`) printed before the whole document. */
  readonly header?: string;
  /** Comment lines before the key `jobs.<id>`, by job id. */
  readonly beforeJob?: ReadonlyMap<string, string>;
  /** A trailing comment for `uses:` values equal to the key (a pinned action's version). */
  readonly afterUses?: ReadonlyMap<string, string>;
}

let baseCtx: StringifyContext | undefined;

function context(): StringifyContext {
  if (baseCtx !== undefined) return baseCtx;
  // `compat: yaml-1.1`: plain scalars that a YAML 1.1 reader would take for a bool, number or
  // null (`yes`, `on`, `010`, `1:20`, `~`) are quoted, so GitHub reads the same string.
  const doc = new Document(null, { compat: "yaml-1.1" });
  // The defaults of `yaml`'s createStringifyContext, with lineWidth 0 (never fold) and indentSeq.
  const options = {
    blockQuote: true,
    defaultKeyType: null,
    defaultStringType: "PLAIN",
    directives: null,
    doubleQuotedAsJSON: false,
    doubleQuotedMinMultiLineLength: 40,
    falseStr: "false",
    flowCollectionPadding: true,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 20,
    nullStr: "null",
    simpleKeys: false,
    singleQuote: null,
    trailingComma: false,
    trueStr: "true",
    verifyAliasOrder: true,
  };
  baseCtx = { anchors: new Set(), doc, flowCollectionPadding: " ", indent: "", indentStep: "  ", inFlow: false, options } as unknown as StringifyContext;
  return baseCtx;
}

/** Comment text cannot hold a line break other than `\n` (it would end the comment) or the characters above. */
export function commentSafe(s: string): string {
  return s.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(YAML11_UNSAFE_ALL, "?");
}

function commentLines(text: string, indent: string): string {
  return commentSafe(text)
    .split("\n")
    .map((l) => `${indent}#${l === "" ? "" : ` ${l}`}\n`)
    .join("");
}

function escapeYaml11(printed: string): string {
  return printed.replace(YAML11_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * Printed strings by value, then by indentation and key-ness: a workflow repeats the same
 * scripts, names and paths in every job, and `stringifyString` costs microseconds per call.
 */
const printed = new Map<string, Map<number, string>>();
const MAX_CACHED = 100_000;

/**
 * Strings the `yaml` package prints unchanged as plain scalars under the YAML 1.1 compat schema:
 * an identifier-like start, then words of letters, digits, `_ . / -` separated by single spaces,
 * and not a YAML 1.1 bool or null word. A test checks `stringifyString` returns every such string as is; they skip the call.
 */
const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*$/;
const YAML11_WORDS = /^(?:y|yes|n|no|true|false|on|off|null)$/i;

/** True when `value` is printed as is (see `PLAIN_SAFE`). */
export function isPlainSafe(value: string): boolean {
  return PLAIN_SAFE.test(value) && !YAML11_WORDS.test(value);
}

function stringScalar(value: string, indent: string, implicitKey: boolean): string {
  if (value.length < 200 && isPlainSafe(value)) return value;
  const slot = implicitKey ? -1 - indent.length : indent.length;
  let byIndent = printed.get(value);
  const hit = byIndent?.get(slot);
  if (hit !== undefined) return hit;
  const ctx = { ...context(), indent, implicitKey, actualString: true };
  const text = YAML11_UNSAFE.test(value)
    ? escapeYaml11(stringifyString({ value, type: "QUOTE_DOUBLE" } as never, ctx))
    : stringifyString({ value } as never, ctx);
  if (byIndent === undefined) {
    if (printed.size >= MAX_CACHED) printed.clear();
    printed.set(value, (byIndent = new Map()));
  }
  byIndent.set(slot, text);
  return text;
}

function scalar(value: unknown, indent: string, implicitKey: boolean): string {
  if (typeof value === "string") return stringScalar(neutralise(value), indent, implicitKey);
  if (value instanceof GhExpr) return stringScalar(`\${{ ${value.text} }}`, indent, implicitKey);
  if (typeof value === "number") return stringifyNumber({ value } as never);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) return "null";
  throw new TypeError(`cannot print ${typeof value} as a YAML scalar`);
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(v: unknown): v is Collection {
  return v !== null && typeof v === "object" && !(v instanceof GhExpr);
}

function isEmpty(v: Collection): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const k in v) if (v[k] !== undefined) return false;
  return true;
}

/** Where in the tree a collection sits, for the two comment kinds. */
const enum Where {
  Root,
  Jobs,
  Other,
}

/** Output in flat chunks: a million-entry array of young strings makes the GC crawl. */
class Output {
  private pieces: string[] = [];
  private readonly chunks: string[] = [];
  push(s: string): void {
    this.pieces.push(s);
    if (this.pieces.length >= 2048) {
      this.chunks.push(this.pieces.join(""));
      this.pieces = [];
    }
  }
  join(sep: string): string {
    this.chunks.push(this.pieces.join(""));
    this.pieces = [];
    return this.chunks.join(sep);
  }
}

class Printer {
  private readonly out = new Output();
  constructor(private readonly comments: PrintComments) {}

  /** Appends `value` after `key:` or `-` (already written); `indent` is its children's indentation. */
  private value(value: unknown, indent: string, key: string | undefined, where: Where): void {
    if (!isCollection(value)) {
      const c = key === "uses" && typeof value === "string" ? this.comments.afterUses?.get(value) : undefined;
      this.out.push(` ${scalar(value, indent, false)}${c !== undefined ? ` #${commentSafe(c).replace(/\n/g, " ")}` : ""}\n`);
      return;
    }
    if (isEmpty(value)) {
      this.out.push(Array.isArray(value) ? " []\n" : " {}\n");
      return;
    }
    this.out.push("\n");
    this.collection(value, indent, where);
  }

  collection(value: Collection, indent: string, where: Where): void {
    if (Array.isArray(value)) {
      const inner = `${indent}  `;
      const nested = `${inner}  `;
      for (const item of value) {
        if (isCollection(item) && !Array.isArray(item) && !isEmpty(item)) {
          // `- key: value`, the remaining keys aligned under the first.
          let first = true;
          for (const k in item) {
            const v = item[k];
            if (v === undefined) continue;
            this.out.push(`${first ? `${indent}- ` : inner}${scalar(k, inner, true)}:`);
            first = false;
            this.value(v, nested, k, Where.Other);
          }
        } else {
          this.out.push(`${indent}-`);
          this.value(item, inner, undefined, Where.Other);
        }
      }
      return;
    }
    const childIndent = `${indent}  `;
    for (const k in value) {
      const v = value[k];
      if (v === undefined) continue;
      if (where === Where.Jobs) {
        const c = this.comments.beforeJob?.get(k);
        if (c !== undefined) this.out.push(commentLines(c, indent));
      }
      // The one key printed as is: GitHub's (and go-yaml's) reader keeps a top-level `on` a string.
      this.out.push(`${indent}${where === Where.Root && k === "on" ? "on" : scalar(k, indent, true)}:`);
      this.value(v, childIndent, k, where === Where.Root && k === "jobs" ? Where.Jobs : Where.Other);
    }
  }

  text(): string {
    return this.out.join("");
  }

  header(text: string): void {
    this.out.push(`${commentLines(text, "")}\n`);
  }
}

/** Prints `tree` (a map at the top) as a block-style YAML document. */
export function printYaml(tree: Record<string, unknown>, comments: PrintComments = {}): string {
  const p = new Printer(comments);
  if (comments.header !== undefined) p.header(comments.header);
  p.collection(tree, "", Where.Root);
  return p.text();
}
