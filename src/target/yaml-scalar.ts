/**
 * The escaping layer of every YAML file a target emits: a string or number as one YAML scalar
 * that any YAML 1.2 reader (the `yaml` package) and any YAML 1.1 reader (go-yaml in GitHub
 * Actions, actionlint, kubectl and Argo; PyYAML) reads back as exactly that value.
 *
 * The choice of style is the `yaml` package's own (`stringifyString` with `lineWidth: 0`, never
 * folding, and the `yaml-1.1` compat schema, so `yes`, `on`, `010`, `1:20`, `~` are quoted),
 * reimplemented here without its per-call context objects, which cost more than the rest of a
 * 10,000-step emit: plain when nothing reads it as another type or as syntax, a literal block
 * (`|`) for multi-line text, single quotes when the text holds `"` but no `'`, double quotes
 * otherwise. Tests compare this function with `stringifyString` on arbitrary strings, byte for
 * byte, and round-trip it through both readers.
 *
 * Where the `yaml` package is wrong, this layer differs: text made only of whitespace and line
 * breaks is quoted instead of written as a block (a block without a content line cannot fix its
 * indentation, so ` \n` would read back as `\n`), and a line holding one space inside a long
 * double-quoted string is written `\ ` once (the package doubles the backslash).
 *
 * On top of the `yaml` package: characters YAML 1.1 treats as line breaks or forbids raw (DEL,
 * C1 controls with NEL, LS, PS, BOM, non-characters U+FFFE and U+FFFF) force double quotes and are written as `\uXXXX`, because the
 * `yaml` package would write them raw.
 */
import { Document } from "yaml";

/** Characters that force double quotes in the `yaml` package: C0/C1 controls, DEL, lone surrogates. */
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Characters a YAML 1.1 reader refuses raw or reads as a line break, escaped inside double quotes. */
const YAML11_RAW = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const YAML11_RAW_ALL = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Text a plain scalar may not hold (the `yaml` package's rule): indicators first, `: `, ` #`, edges. */
const PLAIN_FORBIDDEN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** A line starting like a document marker or directive. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const INDENT_STEP = "  ";

/**
 * The tests of the tags a reader resolves plain scalars to (YAML 1.2 core plus YAML 1.1: bools,
 * ints in four bases, floats, null, sexagesimals, timestamps, `<<`), taken from the `yaml`
 * package's own schema so the two never disagree.
 */
const TYPED_PLAIN: readonly RegExp[] = (() => {
  const schema = new Document(null, { compat: "yaml-1.1" }).schema;
  const out: RegExp[] = [];
  for (const tag of [...schema.tags, ...(schema.compat ?? [])]) {
    const t = tag as { default?: unknown; tag?: string; test?: RegExp };
    if (t.default && t.tag !== "tag:yaml.org,2002:str" && t.test instanceof RegExp) out.push(t.test);
  }
  return out;
})();

/** First characters with which some tag test can match (digits, signs, `.`, `~`, `<`, bool and null letters). */
const MAYBE_TYPED_START = /^[-+.0-9~<yYnNtTfFoO]|^$/;

function readAsNonString(s: string): boolean {
  if (!MAYBE_TYPED_START.test(s)) return false;
  for (const re of TYPED_PLAIN) if (re.test(s)) return true;
  return false;
}

function hex4(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function doubleQuoted(value: string, ctxIndent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const indent = ctxIndent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : "");
  let str = "";
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
      // A space before a line break is escaped so the break cannot fold it away.
      str += json.slice(start, i) + "\\ ";
      i += 1;
      start = i;
      ch = "\\";
    }
    if (ch !== "\\") continue;
    switch (json[i + 1]) {
      case "u": {
        str += json.slice(start, i);
        const code = json.substr(i + 2, 4);
        switch (code) {
          case "0000":
            str += "\\0";
            break;
          case "0007":
            str += "\\a";
            break;
          case "000b":
            str += "\\v";
            break;
          case "001b":
            str += "\\e";
            break;
          default:
            str += code.startsWith("00") ? `\\x${code.substr(2)}` : json.substr(i, 6);
        }
        i += 5;
        start = i + 1;
        break;
      }
      case "n":
        if (implicitKey || json[i + 2] === '"' || json.length < 40) {
          i += 1;
        } else {
          // A multi-line double-quoted scalar: a real line break (doubled, since folding eats one).
          str += json.slice(start, i) + "\n\n";
          while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
            str += "\n";
            i += 2;
          }
          str += indent;
          if (json[i + 2] === " ") {
            // A space after the break is escaped so folding keeps it; written here whole, so the
            // rule above cannot escape it a second time when a break follows (the `yaml`
            // package writes `\\ ` there, which reads as a backslash).
            str += "\\ ";
            i += 2;
          } else i += 1;
          start = i + 1;
        }
        break;
      default:
        i += 1;
    }
  }
  str = start ? str + json.slice(start) : json;
  return YAML11_RAW.test(str) ? str.replace(YAML11_RAW_ALL, hex4) : str;
}

function singleQuoted(value: string, ctxIndent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes("\n")) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, ctxIndent, implicitKey);
  const indent = ctxIndent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : "");
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
}

function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  return hasDouble && !value.includes("'") ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

/** Only spaces, tabs and line breaks, with at least one space or tab. */
const WHITESPACE_ONLY = /^[\t\n ]*[\t ][\t\n ]*$/;

/** Line-break runs not at the end of the text (the `yaml` package's `blockEndNewlines`). */
const INNER_BREAKS = /(^|(?<!\n))\n+(?!\n|$)/g;

function literalBlock(value: string, ctxIndent: string, implicitKey: boolean, forceIndent: boolean): string {
  // A block cannot end in a whitespace-only line: quote those. Nor can a block without any
  // content line set its indentation (the `yaml` package writes ` \n` as a block read as `\n`).
  if (implicitKey || /\n[\t ]+$/.test(value) || WHITESPACE_ONLY.test(value)) return quoted(value, ctxIndent, implicitKey);
  const indent = ctxIndent || (forceIndent || DOCUMENT_MARKER.test(value) ? INDENT_STEP : "");
  if (!value) return "|\n";
  // Chomping from the trailing whitespace: strip (`-`), clip, or keep (`+`).
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== "\n" && ch !== "\t" && ch !== " ") break;
    endStart--;
  }
  let end = value.substring(endStart);
  const endNl = end.indexOf("\n");
  const chomp = endNl === -1 ? "-" : value === end || endNl !== end.length - 1 ? "+" : "";
  let body = value;
  if (end) {
    body = body.slice(0, -end.length);
    if (end[end.length - 1] === "\n") end = end.slice(0, -1);
    end = end.replace(INNER_BREAKS, `$&${indent}`);
  }
  // An indentation indicator when the text starts with spaces.
  let startWithSpace = false;
  let startEnd = 0;
  let startNl = -1;
  for (; startEnd < body.length; ++startEnd) {
    const ch = body[startEnd];
    if (ch === " ") startWithSpace = true;
    else if (ch === "\n") startNl = startEnd;
    else break;
  }
  let start = body.substring(0, startNl < startEnd ? startNl + 1 : startEnd);
  if (start) {
    body = body.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? "2" : "1") : "") + chomp;
  return `|${header}\n${indent}${start}${body.replace(/\n+/g, `$&${indent}`)}${end}`;
}

function plainOrOther(value: string, indent: string, implicitKey: boolean): string {
  const multiLine = value.includes("\n");
  if (implicitKey && multiLine) return quoted(value, indent, implicitKey);
  if (PLAIN_FORBIDDEN.test(value)) return implicitKey || !multiLine ? quoted(value, indent, implicitKey) : literalBlock(value, indent, implicitKey, false);
  if (multiLine) return literalBlock(value, indent, implicitKey, false);
  if (DOCUMENT_MARKER.test(value)) {
    if (indent === "") return literalBlock(value, indent, implicitKey, true);
    if (implicitKey && indent === INDENT_STEP) return quoted(value, indent, implicitKey);
  }
  return readAsNonString(value) ? quoted(value, indent, implicitKey) : value;
}

/**
 * Printable ASCII a plain scalar can hold: starts with a letter, `_`, `$`, `/` or `(`; no `#`; a
 * space or `:` only before another such character (so no `: `, ` #`, or space or `:` at the end).
 */
const SIMPLE_PLAIN = /^[A-Za-z_$/(][!-"$-9;-~]*(?:[ :][!-"$-9;-~]+)*$/;

/** True when `value` is printed as it is: a fast check for the common case, agreeing with `yamlString`. */
export function isSimplePlain(value: string): boolean {
  return SIMPLE_PLAIN.test(value) && !readAsNonString(value);
}

/**
 * `value` as a YAML scalar. `indent` is the indentation of the scalar's continuation lines (the
 * children's indentation of the entry that holds it, for a key as for a value); `implicitKey`
 * when the scalar is a mapping key (then it stays on one line). A multi-line result starts with
 * its block header (`|-`), to be printed after `key: `.
 */
export function yamlString(value: string, indent: string, implicitKey: boolean): string {
  if (FORCE_DOUBLE.test(value) || YAML11_RAW.test(value)) return doubleQuoted(value, indent, implicitKey);
  return plainOrOther(value, indent, implicitKey);
}

/** A finite number as YAML (`-0` kept); anything else is not JSON data and is refused. */
export function yamlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`internal: cannot print the non-finite number ${n} as YAML data`);
  return Object.is(n, -0) ? "-0" : JSON.stringify(n);
}

/** One line of printable text: no line break, control, DEL, C1, LS, PS, BOM or lone surrogate. */
const ONE_PRINTABLE_LINE = /^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\u{D800}-\u{DFFF}]*$/u;

/**
 * `value` single-quoted (`'` doubled) when it is one printable line, so text substituted into it
 * later (an Argo tag's JSON value, with `"` and `\`) stays literal; otherwise as `yamlString`
 * prints a key (one line, escapes in double quotes), since a single-quoted scalar cannot hold
 * escapes and folds its line breaks. Either way the result is one line, valid at any depth.
 */
export function yamlSingleQuoted(value: string): string {
  return ONE_PRINTABLE_LINE.test(value) ? `'${value.replace(/'/g, "''")}'` : yamlString(value, INDENT_STEP, true);
}
