/**
 * A small, fast YAML printer for the JSON-shaped documents this target emits.
 *
 * Why not `yaml.stringify`: on a 10,000-step pipeline (~10 MB of YAML) it takes seconds, far over
 * the 1 s budget; this printer takes a fraction of that. It stays an escaping layer, not string
 * pasting: every scalar is printed as either
 * - a plain scalar, only when it matches a conservative pattern that neither YAML 1.2 nor YAML 1.1
 *   (go-yaml, used by kubectl and Argo) reads as anything but that string;
 * - a literal block (`|`, `|-`, `|+`) for multi-line text made only of printable characters, with
 *   no line that is blank-but-not-empty and no leading space on the first line;
 * - otherwise a double-quoted scalar produced by `JSON.stringify` (JSON strings are YAML 1.2
 *   double-quoted scalars), with the characters YAML 1.1 treats as line breaks or non-printable
 *   (NEL, LS, PS, C1 controls, DEL, BOM) escaped as `\uXXXX`.
 * Tests parse every emitted file back with `yaml` (1.2) and `js-yaml` (1.1 rules) and compare, and
 * a property test round-trips arbitrary strings.
 */

const PLAIN = /^[A-Za-z/][A-Za-z0-9_./:@+=-]*$/;
const RESERVED = new Set(["y", "yes", "n", "no", "true", "false", "on", "off", "null"]);
// Characters that may not appear raw in a literal block (besides `\n`): C0 controls except tab,
// DEL, C1 controls (NEL included), LS, PS, BOM, lone surrogates.
const NOT_BLOCK_SAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const QUOTE_EXTRA = /[\x7f-\x9f\u2028\u2029\ufeff]/g;

const inlineCache = new Map<string, string>();

/** `s` as a YAML scalar on one line (plain or double-quoted). */
export function inlineScalar(s: string): string {
  const hit = inlineCache.get(s);
  if (hit !== undefined) return hit;
  const out =
    PLAIN.test(s) && !s.endsWith(":") && !RESERVED.has(s.toLowerCase())
      ? s
      : JSON.stringify(s).replace(QUOTE_EXTRA, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (s.length <= 64 && inlineCache.size < 100_000) inlineCache.set(s, out);
  return out;
}

/** The literal-block header and body lines for `s`, or undefined when `s` must be quoted. */
function literalBlock(s: string): { header: string; lines: string[] } | undefined {
  if (!s.includes("\n") || NOT_BLOCK_SAFE.test(s) || s.startsWith(" ") || s.startsWith("\t") || s.startsWith("\n")) return undefined;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 10) end--;
  const trailing = s.length - end;
  const lines = s.slice(0, end).split("\n");
  for (const l of lines) if (l.length > 0 && l.trim().length === 0) return undefined;
  const header = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
  for (let i = 1; i < trailing; i++) lines.push("");
  return { header, lines };
}

/** Appends YAML text for values to one buffer. */
class Printer {
  out = "";
  /** Finished chunks: flushing `out` now and then keeps V8's string ropes shallow. */
  readonly chunks: string[] = [];

  flush(): void {
    if (this.out.length > 0) this.chunks.push(this.out);
    this.out = "";
  }

  /** A scalar after `lead` (`key:` or `-`), on the same line or as a literal block. */
  scalar(lead: string, s: string, blockIndent: string): void {
    const block = literalBlock(s);
    if (block === undefined) {
      this.out += lead + " " + inlineScalar(s) + "\n";
      return;
    }
    this.out += lead + " " + block.header + "\n";
    for (const l of block.lines) {
      if (l.length > 0) this.out += blockIndent + l;
      this.out += "\n";
    }
  }

  value(lead: string, v: unknown, indent: string): void {
    if (typeof v === "string") this.scalar(lead, v, indent + "  ");
    else if (v === null) this.out += lead + " null\n";
    else if (typeof v === "boolean") this.out += lead + (v ? " true\n" : " false\n");
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error("internal: non-finite number in YAML output");
      this.out += lead + " " + String(v) + "\n";
    } else if (Array.isArray(v)) {
      if (v.length === 0) this.out += lead + " []\n";
      else {
        this.out += lead + "\n";
        for (const item of v) this.item(item, indent + "  ");
      }
    } else {
      const m = v as Record<string, unknown>;
      if (!hasKeys(m)) this.out += lead + " {}\n";
      else {
        this.out += lead + "\n";
        this.mapping(m, indent + "  ", undefined);
      }
    }
  }

  /** One sequence entry at `indent`. */
  item(v: unknown, indent: string): void {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && hasKeys(v as Record<string, unknown>)) {
      this.mapping(v as Record<string, unknown>, indent + "  ", `${indent}- `);
    } else if (Array.isArray(v) && v.length > 0) {
      this.out += indent + "-\n";
      for (const x of v) this.item(x, indent + "  ");
    } else this.value(`${indent}-`, v, indent);
  }

  /** A mapping whose keys sit at `indent`; `firstLead` replaces the first key's indentation. */
  mapping(m: Record<string, unknown>, indent: string, firstLead: string | undefined): void {
    let first = true;
    for (const k in m) {
      const v = m[k];
      if (v === undefined) continue;
      const lead = `${first && firstLead !== undefined ? firstLead : indent}${inlineScalar(k)}:`;
      first = false;
      this.value(lead, v, indent);
    }
  }
}

function hasKeys(m: Record<string, unknown>): boolean {
  for (const k in m) if (m[k] !== undefined) return true;
  return false;
}

/** `doc` (plain objects, arrays, strings, finite numbers, booleans, null) as one YAML document. */
export function printYaml(doc: unknown): string {
  const p = new Printer();
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && hasKeys(doc as Record<string, unknown>)) {
    p.mapping(doc as Record<string, unknown>, "", undefined);
  } else if (Array.isArray(doc) && doc.length > 0) {
    for (const item of doc) p.item(item, "");
  } else {
    p.value("", doc, "");
    return p.out.replace(/^ /, "");
  }
  p.flush();
  return p.chunks.join("");
}
