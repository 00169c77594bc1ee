/**
 * A small evaluator of expr-lang (github.com/expr-lang/expr), the language of Argo's expression
 * tags `{{=…}}`, for the subset `targets/argo/expr.ts` prints, with Argo's function map. Go and a
 * real expr-lang are not available to the tests (Debian ships Go 1.19 and antonmedv/expr 1.8.9,
 * which predates `??`), so this follows the documented semantics instead:
 *
 * - expr-lang's Language Definition (docs/language-definition.md): literals, `and or not`,
 *   `== != < <= > >=`, `+ - * /`, `??` (nil coalescing), member and index access, calls;
 *   operator precedence as its parser's table (`or` 10, `and` 15, comparisons 20, `+ -` 30,
 *   `* /` 60, `??` 500; unary `not` 50, `-` 90);
 * - its runtime (vm/runtime): `int op int` stays an `int` (64-bit, wrapping), an `int` with a
 *   `float64` gives a `float64`, `/` always converts both sides to `float64` (so a zero divisor
 *   gives ±Inf or NaN, no panic), comparisons and `==` of an `int` with a `float64` compare
 *   values, `==` of different kinds is false, `and`/`or`/`not` panic on a non-bool, reading a
 *   missing map key gives nil, reading a member of nil panics;
 * - builtin `int`/`float` (Argo's `asInt`/`asFloat`, util/expr/env/env.go): a float64 truncates
 *   to an int, a string goes through strconv.Atoi / ParseFloat (panicking on anything else, and on
 *   nil); `fromJSON` is json.Unmarshal into `any` (every number a float64); `toJson` is
 *   json.Marshal (numbers as ES6 prints them, an error for ±Inf and NaN); of sprig (Masterminds/
 *   sprig, GenericFuncMap): `b64enc`, `default(d, v)` (`d` when `v` is empty: nil, "", 0, false),
 *   `toJson` (json.Marshal with the error dropped: "" for ±Inf and NaN), `toString` (`%v` but for
 *   strings), `replace(old, new, s)`, `trimPrefix(prefix, s)`, `ternary(vt, vf, test)`,
 *   `contains(substr, s)`, `dig(key…, default, map)` (the default when a key is missing);
 * - Argo's expressionReplace (util/template/expression_template.go): the tag's value is
 *   `fmt.Sprintf("%v", result)`, and a nil result is an error.
 *
 * Values: a Go `int` is a bigint, a `float64` a number, nil is null, maps are plain objects.
 */

export type GoValue = bigint | number | string | boolean | null | GoValue[] | { readonly [k: string]: GoValue };

/** A panic or an evaluation error: the Argo task (or `when`) fails. */
export class ExprError extends Error {}

type Node =
  | { k: "lit"; v: GoValue }
  | { k: "id"; name: string }
  | { k: "member"; obj: Node; key: Node }
  | { k: "call"; fn: Node; args: Node[] }
  | { k: "unary"; op: string; x: Node }
  | { k: "binary"; op: string; l: Node; r: Node };

const BINARY: Record<string, number> = { or: 10, "||": 10, and: 15, "&&": 15, "==": 20, "!=": 20, "<": 20, ">": 20, "<=": 20, ">=": 20, "+": 30, "-": 30, "*": 60, "/": 60, "??": 500 };
const UNARY: Record<string, number> = { not: 50, "!": 50, "-": 90, "+": 90 };
const TOKEN = /\s+|'(?:[^'\\]|\\.)*'|[A-Za-z_$][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\?\?|<=|>=|==|!=|&&|\|\||[-+*/<>()[\]{},.!]/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (m === null) throw new ExprError(`unexpected character at ${i}: ${JSON.stringify(src.slice(i, i + 10))}`);
    if (!/^\s/.test(m[0])) out.push(m[0]);
    i += m[0].length;
  }
  return out;
}

/** An expr-lang string literal's value: `\uXXXX`, `\UXXXXXXXX` and the usual escapes. */
function unquote(tok: string): string {
  const body = tok.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e[0] === "u" || e[0] === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
    if (simple[e] === undefined) throw new ExprError(`invalid escape \\${e}`);
    return simple[e]!;
  });
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[]) {}

  parse(): Node {
    const n = this.expr(0);
    if (this.i !== this.toks.length) throw new ExprError(`unexpected token ${this.toks[this.i]}`);
    return n;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }

  private take(expected?: string): string {
    const t = this.toks[this.i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new ExprError(`expected ${expected ?? "a token"}, found ${t ?? "the end"}`);
    return t;
  }

  private expr(min: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op !== undefined ? BINARY[op] : undefined;
      if (prec === undefined || prec < min) return left;
      this.i++;
      left = { k: "binary", op: op!, l: left, r: this.expr(prec + 1) };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t !== undefined && UNARY[t] !== undefined) {
      this.i++;
      return { k: "unary", op: t, x: this.expr(UNARY[t]!) };
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const t = this.take();
    if (t === "(") {
      const n = this.expr(0);
      this.take(")");
      return n;
    }
    if (t === "[") {
      const items: Node[] = [];
      while (this.peek() !== "]") {
        items.push(this.expr(0));
        if (this.peek() === ",") this.i++;
      }
      this.take("]");
      return { k: "call", fn: { k: "id", name: "$array" }, args: items };
    }
    if (t.startsWith("'")) return { k: "lit", v: unquote(t) };
    if (/^\d/.test(t)) return { k: "lit", v: /[.eE]/.test(t) ? Number(t) : BigInt(t) };
    if (t === "true" || t === "false") return { k: "lit", v: t === "true" };
    if (t === "nil") return { k: "lit", v: null };
    if (/^[A-Za-z_$]/.test(t)) return { k: "id", name: t };
    throw new ExprError(`unexpected token ${t}`);
  }

  private postfix(n: Node): Node {
    for (;;) {
      const t = this.peek();
      if (t === ".") {
        this.i++;
        n = { k: "member", obj: n, key: { k: "lit", v: this.take() } };
      } else if (t === "[") {
        this.i++;
        const key = this.expr(0);
        this.take("]");
        n = { k: "member", obj: n, key };
      } else if (t === "(") {
        this.i++;
        const args: Node[] = [];
        while (this.peek() !== ")") {
          args.push(this.expr(0));
          if (this.peek() === ",") this.i++;
        }
        this.take(")");
        n = { k: "call", fn: n, args };
      } else return n;
    }
  }
}

type Fn = (...args: GoValue[]) => GoValue;

const isInt = (v: GoValue): v is bigint => typeof v === "bigint";
const isFloat = (v: GoValue): v is number => typeof v === "number";
const isNumber = (v: GoValue): v is bigint | number => isInt(v) || isFloat(v);
const toFloat = (v: bigint | number): number => (typeof v === "bigint" ? Number(v) : v);
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

function kind(v: GoValue): string {
  if (v === null) return "nil";
  if (isInt(v)) return "int";
  if (isFloat(v)) return "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return typeof v === "object" ? "map[string]interface {}" : typeof v;
}

/** builtin.Int (Argo's asInt). */
function asInt(v: GoValue): GoValue {
  if (isInt(v)) return v;
  if (isFloat(v)) {
    if (!Number.isFinite(v)) return -(2n ** 63n); // Go's conversion of a non-finite float on amd64
    return wrap(BigInt(Math.trunc(v)));
  }
  if (typeof v === "string") {
    if (!/^[+-]?\d+$/.test(v)) throw new ExprError(`invalid operation: int(${v})`);
    const n = BigInt(v);
    if (n !== BigInt.asIntN(64, n)) throw new ExprError(`invalid operation: int(${v})`);
    return n;
  }
  throw new ExprError(`invalid operation: int(${kind(v)})`);
}

/** builtin.Float (Argo's asFloat): strconv.ParseFloat for strings. */
function asFloat(v: GoValue): GoValue {
  if (isNumber(v)) return toFloat(v);
  if (typeof v === "string") {
    const m = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i.exec(v);
    if (m === null) throw new ExprError(`invalid operation: float(${v})`);
    const lower = v.toLowerCase().replace(/^\+/, "");
    if (lower === "nan") return NaN;
    if (/inf/.test(lower)) return lower.startsWith("-") ? -Infinity : Infinity;
    return Number(v);
  }
  throw new ExprError(`invalid operation: float(${kind(v)})`);
}

/** json.Unmarshal into `any`: numbers are float64. */
function fromJSON(v: GoValue): GoValue {
  if (typeof v !== "string") throw new ExprError(`fromJSON: not a string (${kind(v)})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch (e) {
    throw new ExprError(`fromJSON: ${(e as Error).message}`);
  }
  return parsed as GoValue;
}

const FUNCTIONS: Record<string, Fn> = {
  asInt,
  asFloat,
  fromJSON,
  toJson,
  $array: (...items) => items,
};

/** Argo's `toJson`: json.Marshal, which refuses a non-finite float (the expression fails). */
function toJson(v: GoValue): GoValue {
  if (isFloat(v) && !Number.isFinite(v)) throw new ExprError(`json: unsupported value: ${goText(v)}`);
  if (isFloat(v)) return Object.is(v, -0) ? "-0" : String(v); // Go's float encoder writes numbers as ES6 does
  return JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? Number(x) : x));
}

/** sprig's `empty`: nil, false, 0, "" and empty collections. */
function empty(v: GoValue): boolean {
  if (v === null || v === false || v === "" || v === 0 || v === 0n) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

const SPRIG: Record<string, Fn> = {
  b64enc: (v) => Buffer.from(typeof v === "string" ? v : goText(v), "utf8").toString("base64"),
  // default(d, given): d when given is empty
  default: (d, ...given) => (given.length === 0 || empty(given[0]!) ? d : given[0]!),
  // json.Marshal with the error dropped: "" for ±Inf and NaN
  toJson: (v) => {
    try {
      return toJson(v);
    } catch {
      return "";
    }
  },
  // strval: a string as is, anything else `%v`
  toString: (v: GoValue) => (typeof v === "string" ? v : goText(v)),
  replace: (old, repl, src) => String(src).split(String(old)).join(String(repl)),
  trimPrefix: (prefix, s) => (String(s).startsWith(String(prefix)) ? String(s).slice(String(prefix).length) : String(s)),
  // ternary(vt, vf, testBool): both values are evaluated (arguments), one is returned
  ternary: (vt, vf, test) => {
    if (typeof test !== "boolean") throw new ExprError("ternary: the test is not a bool");
    return test ? vt : vf;
  },
  // contains(substr, str)
  contains: (sub, str) => String(str).includes(String(sub)),
  // dig(key…, default, dict): walks nested maps, the default when a key is missing
  dig: (...args) => {
    if (args.length < 3) throw new ExprError("dig: too few arguments");
    const dict = args[args.length - 1]!;
    const fallback = args[args.length - 2]!;
    if (dict === null || typeof dict !== "object" || Array.isArray(dict)) throw new ExprError("dig: the last argument is not a map");
    let cur: GoValue = dict;
    for (const k of args.slice(0, -2)) {
      if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !(String(k) in cur)) return fallback;
      cur = (cur as Record<string, GoValue>)[String(k)]!;
    }
    return cur;
  },
};

function fetch(obj: GoValue, key: GoValue): GoValue {
  if (obj === null) throw new ExprError(`cannot fetch ${String(key)} from <nil>`);
  if (Array.isArray(obj)) {
    if (!isInt(key)) throw new ExprError("array index is not an int");
    const n = Number(key < 0n ? key + BigInt(obj.length) : key);
    if (n < 0 || n >= obj.length) throw new ExprError(`index out of range: ${key}`);
    return obj[n]!;
  }
  if (typeof obj === "object") {
    if (typeof key !== "string") throw new ExprError("map key is not a string");
    return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, GoValue>)[key]! : null;
  }
  throw new ExprError(`cannot fetch ${String(key)} from ${kind(obj)}`);
}

function equal(a: GoValue, b: GoValue): boolean {
  if (isNumber(a) && isNumber(b)) return isInt(a) && isInt(b) ? a === b : toFloat(a) === toFloat(b);
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof a === "object") return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function arith(op: string, a: GoValue, b: GoValue): GoValue {
  if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
  if (!isNumber(a) || !isNumber(b)) throw new ExprError(`invalid operation: ${kind(a)} ${op} ${kind(b)}`);
  if (op === "/") return toFloat(a) / toFloat(b);
  if (isInt(a) && isInt(b)) return wrap(op === "+" ? a + b : op === "-" ? a - b : a * b);
  const x = toFloat(a);
  const y = toFloat(b);
  return op === "+" ? x + y : op === "-" ? x - y : x * y;
}

function compare(op: string, a: GoValue, b: GoValue): boolean {
  let x: number | bigint | string;
  let y: number | bigint | string;
  if (isInt(a) && isInt(b)) [x, y] = [a, b];
  else if (isNumber(a) && isNumber(b)) [x, y] = [toFloat(a), toFloat(b)];
  else if (typeof a === "string" && typeof b === "string") [x, y] = [Buffer.from(a).toString("latin1"), Buffer.from(b).toString("latin1")];
  else throw new ExprError(`invalid operation: ${kind(a)} ${op} ${kind(b)}`);
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function truth(v: GoValue, op: string): boolean {
  if (typeof v !== "boolean") throw new ExprError(`invalid operation: ${op} ${kind(v)}`);
  return v;
}

function evaluate(n: Node, env: Record<string, GoValue>): GoValue {
  switch (n.k) {
    case "lit":
      return n.v;
    case "id":
      if (n.name in env) return env[n.name]!;
      throw new ExprError(`unknown name ${n.name}`);
    case "member":
      return fetch(evaluate(n.obj, env), evaluate(n.key, env));
    case "call": {
      let fn: Fn | undefined;
      if (n.fn.k === "id") fn = FUNCTIONS[n.fn.name];
      else if (n.fn.k === "member" && n.fn.obj.k === "id" && n.fn.obj.name === "sprig" && n.fn.key.k === "lit") fn = SPRIG[String(n.fn.key.v)];
      if (fn === undefined) throw new ExprError("unknown function");
      return fn(...n.args.map((a) => evaluate(a, env)));
    }
    case "unary": {
      const x = evaluate(n.x, env);
      if (n.op === "not" || n.op === "!") return !truth(x, n.op);
      if (isInt(x)) return n.op === "-" ? wrap(-x) : x;
      if (isFloat(x)) return n.op === "-" ? -x : x;
      throw new ExprError(`invalid operation: ${n.op}${kind(x)}`);
    }
    case "binary": {
      if (n.op === "and" || n.op === "&&") return truth(evaluate(n.l, env), n.op) ? truth(evaluate(n.r, env), n.op) : false;
      if (n.op === "or" || n.op === "||") return truth(evaluate(n.l, env), n.op) ? true : truth(evaluate(n.r, env), n.op);
      if (n.op === "??") {
        const l = evaluate(n.l, env);
        return l !== null ? l : evaluate(n.r, env);
      }
      const l = evaluate(n.l, env);
      const r = evaluate(n.r, env);
      if (n.op === "==") return equal(l, r);
      if (n.op === "!=") return !equal(l, r);
      if (n.op === "<" || n.op === "<=" || n.op === ">" || n.op === ">=") return compare(n.op, l, r);
      return arith(n.op, l, r);
    }
  }
}

/** Evaluates expr-lang source `src` with variables `env`. */
export function evalExprLang(src: string, env: Record<string, GoValue>): GoValue {
  return evaluate(new Parser(tokenize(src)).parse(), env);
}

/** `fmt.Sprintf("%v", v)` for the values an expression gives. */
export function goText(v: GoValue): string {
  if (v === null) return "<nil>";
  if (isInt(v)) return v.toString();
  if (isFloat(v)) return goFloat(v);
  if (typeof v === "boolean" || typeof v === "string") return String(v);
  if (Array.isArray(v)) return `[${v.map(goText).join(" ")}]`;
  return `map[${Object.keys(v).sort().map((k) => `${k}:${goText((v as Record<string, GoValue>)[k]!)}`).join(" ")}]`;
}

/** strconv.FormatFloat(v, 'g', -1, 64), which `%v` uses: the shortest digits, in exponent form below 1e-4 and from 1e6. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mantissa, e] = Math.abs(v).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(e);
  const sign = v < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${shown}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const point = exp + 1;
  return point >= digits.length ? `${sign}${digits}${"0".repeat(point - digits.length)}` : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
