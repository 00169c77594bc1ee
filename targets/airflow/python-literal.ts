/**
 * The Python printer the Airflow target writes every DAG file through. A `PyExpr` is Python
 * source text; the only ways to make one from a value are the escaping constructors below
 * (`pyStr`, `pyInt`, `pyFloat`, …), so a value from a `.mlp` file can never become code.
 * `pyName` accepts only identifiers the target chose itself and checks them.
 */

import { IDENTIFIER_SOURCE, isIdentifier } from "../../src/source/identifier.js";

declare const pyBrand: unique symbol;

/** Python source text for one expression, produced only by this module. */
export type PyExpr = string & { readonly [pyBrand]: true };

// An ASCII Python identifier has exactly an mlp identifier's form; Python adds the keywords.
const IDENT = new RegExp(`^${IDENTIFIER_SOURCE}(\\.${IDENTIFIER_SOURCE})*$`);

const PY_KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

/**
 * A (dotted) name the target itself chose (`dag`, `datetime.timedelta`); throws on anything
 * else, because reaching this with user text is a compiler bug, not bad input.
 */
export function pyName(name: string): PyExpr {
  if (!IDENT.test(name) || name.split(".").some((p) => PY_KEYWORDS.has(p))) {
    throw new Error(`internal: not a Python name: ${JSON.stringify(name)}`);
  }
  return name as PyExpr;
}

/** Whether `name` can be printed with `pyName` (a plain identifier that is not a keyword). */
export function isPyIdentifier(name: string): boolean {
  return isIdentifier(name) && !PY_KEYWORDS.has(name);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/**
 * A double-quoted Python string literal whose value is exactly `value`. The output is pure
 * printable ASCII: quotes and backslashes are escaped, every control or non-ASCII code unit
 * becomes `\xNN`, `\uNNNN` or `\UNNNNNNNN` (so no newline, bidi control or `"""` survives).
 */
export function pyStr(value: string): PyExpr {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5c) out += "\\\\";
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c >= 0x20 && c < 0x7f) out += value[i];
    else if (c < 0x100) out += "\\x" + hex(c, 2);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        out += "\\U" + hex(cp, 8);
        i++;
      } else out += "\\u" + hex(c, 4);
    } else out += "\\u" + hex(c, 4);
  }
  return (out + '"') as PyExpr;
}

/** A Python `int` literal; throws on a non-integer (a compiler bug: callers check types first). */
export function pyInt(value: number): PyExpr {
  if (!Number.isSafeInteger(value)) throw new Error(`internal: not an integer: ${value}`);
  return String(value) as PyExpr;
}

/** A Python `float` literal (`2` prints as `2.0`; non-finite values as `float("inf")` etc.). */
export function pyFloat(value: number): PyExpr {
  if (Number.isNaN(value)) return 'float("nan")' as PyExpr;
  if (value === Infinity) return 'float("inf")' as PyExpr;
  if (value === -Infinity) return '-float("inf")' as PyExpr;
  if (Object.is(value, -0)) return "-0.0" as PyExpr;
  const s = String(value);
  return (/[.eE]/.test(s) ? s : s + ".0") as PyExpr;
}

/** `True` / `False`. */
export function pyBool(value: boolean): PyExpr {
  return (value ? "True" : "False") as PyExpr;
}

export const pyNone = "None" as PyExpr;

/** A JSON-shaped value as a Python literal (numbers that are integers print as `int`). */
export function pyJson(value: unknown): PyExpr {
  if (value === null || value === undefined) return pyNone;
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "boolean") return pyBool(value);
  if (typeof value === "number") return Number.isSafeInteger(value) ? pyInt(value) : pyFloat(value);
  if (Array.isArray(value)) return pyList(value.map(pyJson));
  if (typeof value === "object") {
    return pyDict(Object.entries(value as Record<string, unknown>).map(([k, v]) => [pyStr(k), pyJson(v)]));
  }
  throw new Error(`internal: not JSON: ${typeof value}`);
}

/** Indentation used between nested brackets when a literal is spread over lines. */
const INDENT = "    ";

function reindent(text: string, indent: string): string {
  return text.includes("\n") ? text.split("\n").join("\n" + indent) : text;
}

/** Width under which a bracketed literal stays on one line. */
const ONE_LINE = 100;

function bracket(open: string, close: string, items: readonly string[], trailingCommaWhenOne = false): PyExpr {
  if (items.length === 0) return (open + close) as PyExpr;
  let width = open.length + close.length + 1;
  for (const it of items) width += it.length + 2;
  if (width <= ONE_LINE + 2 && !items.some((it) => it.includes("\n"))) {
    const flat = open + items.join(", ") + (trailingCommaWhenOne && items.length === 1 ? "," : "") + close;
    if (flat.length <= ONE_LINE) return flat as PyExpr;
  }
  const body = items.map((it) => INDENT + reindent(it, INDENT) + ",").join("\n");
  return `${open}\n${body}\n${close}` as PyExpr;
}

/** `[a, b, …]`, one item a line when long. */
export function pyList(items: readonly PyExpr[]): PyExpr {
  return bracket("[", "]", items);
}

/** `(a, b, …)` (a one-tuple keeps its comma). */
export function pyTuple(items: readonly PyExpr[]): PyExpr {
  return bracket("(", ")", items, true);
}

/** `{k: v, …}` in the order given (callers sort when order is not meaningful). */
export function pyDict(entries: readonly (readonly [PyExpr, PyExpr])[]): PyExpr {
  return bracket("{", "}", entries.map(([k, v]) => `${k}: ${v}`));
}

/** A call `fn(arg, …, key=value, …)`; keyword names must be identifiers. */
export function pyCall(
  fn: PyExpr,
  args: readonly PyExpr[],
  kwargs: readonly (readonly [string, PyExpr])[] = [],
): PyExpr {
  const items = [...args, ...kwargs.map(([k, v]) => `${pyName(k)}=${v}`)];
  return bracket(fn + "(", ")", items);
}

/** `obj.name`: a method or attribute the target chose (`BashOperator.partial(…).expand`). */
export function pyAttr(obj: PyExpr, name: string): PyExpr {
  return `${obj}.${pyName(name)}` as PyExpr;
}

/** `a | b | …`: Python's `|` over calls or names (one operand is itself), for asset conditions. */
export function pyOr(operands: readonly PyExpr[]): PyExpr {
  if (operands.length === 0) throw new Error("internal: pyOr needs an operand");
  return operands.join(" | ") as PyExpr;
}

/**
 * A `# …` comment line. The text is escaped like a string body (no newline can end the
 * comment early) but keeps printable non-ASCII such as the header's em dash.
 */
export function pyComment(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xd800 && c <= 0xdfff)) {
      out += c < 0x100 ? "\\x" + hex(c, 2) : "\\u" + hex(c, 4);
    } else out += ch;
  }
  return "# " + out;
}
