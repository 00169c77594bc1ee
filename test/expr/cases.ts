/**
 * One table of expression cases, run against every evaluator of `IrExpr` (`expr-cases.test.ts`):
 * the local runtime, the GitHub Actions script, the Airflow prelude and Argo's expression tags.
 *
 * Each case is an expression as written in a `.mlp` file, lowered by the real front end inside
 * the pipeline of `case-pipeline.ts` (so its `IrExpr`, types included, is exactly what a user's
 * file produces), the values its references have, and what it must give: a value, or a failure.
 *
 * The names a case may read (declared by `case-pipeline.ts`):
 * - params `i`, `j: int`, `x`, `y: float`, `s`, `t: string`, `b: bool`, `d`, `e: duration`
 *   (seconds), and the optional `oi: int?`, `ox: float?`, `os: string?`, `ob: bool?` (absent unless
 *   given);
 * - metrics of step `m`: `auc`, `loss: float`, `n`, `k: int`, `ok`, `bad: bool`;
 * - `deployed(prod).auc` / `.n` / `.ok` (absent when nothing is deployed to `prod`).
 */
import type { IrValue } from "../../src/ir/ir.js";

export type ParamName = "i" | "j" | "x" | "y" | "s" | "t" | "b" | "d" | "e" | "oi" | "ox" | "os" | "ob";
export type MetricName = "auc" | "loss" | "n" | "k" | "ok" | "bad";
export type MetricValues = Partial<Record<MetricName, number | boolean>>;

export interface CaseEnv {
  /** Param values (the pipeline's defaults, so every target reads them the same way). */
  readonly params?: Partial<Record<ParamName, IrValue>>;
  /** What step `m` reported; missing names were not reported. Default `DEFAULT_METRICS`. */
  readonly metrics?: MetricValues;
  /** The metrics recorded for `deployed(prod)`; `null` or omitted: nothing is deployed. */
  readonly deployed?: MetricValues | null;
}

export type Expected =
  /** The value; its text form (docs/ir.md) is what a computed input receives. */
  | { readonly value: IrValue }
  /** Evaluation fails: the gate or the step that reads it fails, it does not pass or skip. */
  | { readonly fails: string };

export interface ExprCase {
  readonly name: string;
  /** The expression as written in a `.mlp` file. */
  readonly source: string;
  readonly env?: CaseEnv;
  readonly expect: Expected;
}

export const DEFAULT_PARAMS: Readonly<Record<Exclude<ParamName, "oi" | "ox" | "os" | "ob">, IrValue>> = {
  i: 7,
  j: 2,
  x: 0.5,
  y: 2.5,
  s: "abc",
  t: "abd",
  b: true,
  d: 90,
  e: 30,
};

export const DEFAULT_METRICS: Readonly<Record<MetricName, number | boolean>> = { auc: 0.9, loss: 0.25, n: 10, k: 3, ok: true, bad: false };

const v = (value: IrValue): Expected => ({ value });
const MAX = Number.MAX_SAFE_INTEGER; // 9007199254740991

export const CASES: readonly ExprCase[] = [
  // literals and references (a bare literal or param is bound as such, not as an expression:
  // the cases below read them inside an expression)
  { name: "int literal", source: "42 + 0", expect: v(42) },
  { name: "float literal", source: "0.85 * 1", expect: v(0.85) },
  { name: "float literal with an integral value", source: "2.0 * 1", expect: v(2) },
  { name: "negative literal (folded)", source: "-3 + 0", expect: v(-3) },
  { name: "string literal as the default of an absent string", source: 'os ?? "it\'s \\"q\\" \\\\ {{x}} $${y} \\u{e9}"', expect: v("it's \"q\" \\ {{x}} ${y} \u00e9") },
  { name: "string param present", source: 'os ?? "dflt"', env: { params: { os: "a'b\"c $(d) {{e}} %f \\n" } }, expect: v("a'b\"c $(d) {{e}} %f \\n") },
  { name: "bool literal", source: "true", expect: v(true) },
  { name: "bool literal false", source: "false", expect: v(false) },
  { name: "duration literal is seconds", source: "2m + 0s", expect: v(120) },
  { name: "int param", source: "i + 0", expect: v(7) },
  { name: "float param", source: "x * 1", expect: v(0.5) },
  { name: "bool param", source: "b", expect: v(true) },
  { name: "duration param", source: "d + 0s", expect: v(90) },
  { name: "float metric", source: "m.auc", expect: v(0.9) },
  { name: "int metric", source: "m.n", expect: v(10) },
  { name: "bool metric true", source: "m.ok", expect: v(true) },
  { name: "bool metric false", source: "m.bad", expect: v(false) },

  // arithmetic: int stays int, any float makes a float, `/` always gives a float
  { name: "int + int", source: "i + j", expect: v(9) },
  { name: "int - int below zero", source: "j - i", expect: v(-5) },
  { name: "int * int", source: "i * j", expect: v(14) },
  { name: "int / int is a float", source: "i / j", expect: v(3.5) },
  { name: "int / int exact", source: "m.n / j", expect: v(5) },
  { name: "negative int / int is not truncated", source: "-7 / 2", expect: v(-3.5) },
  { name: "int + float widens", source: "i + x", expect: v(7.5) },
  { name: "float + int widens", source: "x + i", expect: v(7.5) },
  { name: "float * float", source: "x * y", expect: v(1.25) },
  { name: "float / float", source: "y / x", expect: v(5) },
  { name: "float rounding as IEEE doubles", source: "0.1 + 0.2", expect: v(0.30000000000000004) },
  { name: "small float keeps its digits", source: "x / 1000000", expect: v(5e-7) },
  { name: "large float", source: "y * 1000000000000000000000.0", expect: v(2.5e21) },
  { name: "float of a million prints without an exponent", source: "x * 4000000", expect: v(2000000) },
  { name: "float of 1e21 prints with an exponent", source: "x * 2000000000000000000000.0", expect: v(1e21) },
  { name: "float with an integral value from arithmetic", source: "x * 4", expect: v(2) },
  { name: "float that prints with 17 digits", source: "m.auc * 3", expect: v(2.7) },
  { name: "metric arithmetic", source: "m.auc - m.loss", expect: v(0.65) },
  { name: "int metric * int param", source: "m.n * i", expect: v(70) },
  { name: "precedence: * before +", source: "i + j * 3", expect: v(13) },
  { name: "precedence: left to right", source: "i - j - 1", expect: v(4) },
  { name: "parentheses", source: "(i + j) * 3", expect: v(27) },
  { name: "unary minus on a param", source: "-i", expect: v(-7) },
  { name: "unary minus on a float metric", source: "-m.auc", expect: v(-0.9) },
  { name: "unary minus binds tighter than *", source: "-i * j", expect: v(-14) },
  { name: "double negation", source: "-(-x)", expect: v(0.5) },
  { name: "negative zero prints as 0", source: "0.0 * -1.0", expect: v(-0) },
  { name: "negative zero from a param", source: "-x + x - x + x", expect: v(0) },
  { name: "large int: the largest exact one", source: "i + 0", env: { params: { i: MAX } }, expect: v(MAX) },
  { name: "large int: arithmetic within range", source: "i - j", env: { params: { i: MAX, j: 1 } }, expect: v(MAX - 1) },
  { name: "large int: a sum past 2^53 is rounded as a double", source: "i + j", env: { params: { i: MAX, j: 2 } }, expect: v(9007199254740992) },
  { name: "large int: a product past 2^53", source: "i * j", env: { params: { i: MAX, j: 3 } }, expect: v(27021597764222972) },
  { name: "large int: past 2^53 then back", source: "i + j - j", env: { params: { i: MAX, j: 2 } }, expect: v(9007199254740990) },
  { name: "large int compared", source: "i > j", env: { params: { i: MAX, j: MAX - 1 } }, expect: v(true) },
  // division by zero follows IEEE 754, as the local runtime does: ±Infinity, and NaN for 0 / 0
  { name: "division by zero (float)", source: "x / 0.0", expect: v(Infinity) },
  { name: "division by zero (int)", source: "-i / 0", expect: v(-Infinity) },
  { name: "zero by zero", source: "m.n / (j - j)", env: { metrics: { ...DEFAULT_METRICS, n: 0 } }, expect: v(NaN) },
  { name: "division by zero compared", source: "x / 0.0 > 1000000", expect: v(true) },
  { name: "NaN is not equal to itself", source: "(j - j) / (j - j) == (j - j) / (j - j)", expect: v(false) },

  // durations
  { name: "duration + duration", source: "d + e", expect: v(120) },
  { name: "duration * int", source: "d * j", expect: v(180) },
  { name: "duration / int", source: "d / 4", expect: v(22.5) },
  { name: "fractional duration param", source: "d + e", env: { params: { d: 1.5 } }, expect: v(31.5) },
  { name: "duration compared", source: "d > e", expect: v(true) },
  { name: "duration literal compared", source: "d >= 90s", expect: v(true) },
  { name: "duration == duration", source: "d == 90s", expect: v(true) },

  // comparisons
  { name: "int < float", source: "i < y", expect: v(false) },
  { name: "float >= int", source: "y >= j", expect: v(true) },
  { name: "int == float with the same value", source: "j == 2.0", expect: v(true) },
  { name: "int != float with the same value", source: "j != 2.0", expect: v(false) },
  { name: "metric > threshold", source: "m.auc > 0.85", expect: v(true) },
  { name: "metric <= threshold, equal", source: "m.auc <= 0.9", expect: v(true) },
  { name: "metric < threshold, equal", source: "m.auc < 0.9", expect: v(false) },
  { name: "int metric == int", source: "m.n == 10", expect: v(true) },
  { name: "string == string", source: "s == \"abc\"", expect: v(true) },
  { name: "string != string", source: "s != t", expect: v(true) },
  { name: "string == is case-sensitive", source: "s == \"ABC\"", expect: v(false) },
  { name: "bool == bool", source: "m.ok == true", expect: v(true) },
  { name: "bool != bool", source: "m.ok != m.bad", expect: v(true) },
  { name: "comparison of an arithmetic result", source: "i / j > 3", expect: v(true) },
  { name: "float rounding visible in ==", source: "0.1 + 0.2 == 0.3", expect: v(false) },

  // logic
  { name: "and", source: "m.ok and b", expect: v(true) },
  { name: "and, false right", source: "m.ok and m.bad", expect: v(false) },
  { name: "or", source: "m.bad or b", expect: v(true) },
  { name: "or, both false", source: "m.bad or not b", expect: v(false) },
  { name: "not", source: "not m.ok", expect: v(false) },
  { name: "not binds looser than a comparison", source: "not m.auc > 0.95", expect: v(true) },
  { name: "and binds tighter than or", source: "m.bad and m.bad or m.ok", expect: v(true) },
  { name: "and binds tighter than or (2)", source: "m.ok or m.bad and m.bad", expect: v(true) },
  { name: "conditions with comparisons", source: "m.auc > 0.8 and m.loss < 0.3", expect: v(true) },
  { name: "bool param false", source: "b or m.bad", env: { params: { b: false } }, expect: v(false) },

  // `??` and optional values
  { name: "?? with nothing deployed gives the default", source: "deployed(prod).auc ?? 0.5", expect: v(0.5) },
  { name: "?? with a deployed value gives it", source: "deployed(prod).auc ?? 0.5", env: { deployed: { auc: 0.8 } }, expect: v(0.8) },
  { name: "?? int default widens to float", source: "deployed(prod).auc ?? 0", expect: v(0) },
  { name: "?? with a deployed int", source: "deployed(prod).n ?? 1", env: { deployed: { n: 4 } }, expect: v(4) },
  { name: "?? with a deployed bool false keeps false", source: "deployed(prod).ok ?? true", env: { deployed: { ok: false } }, expect: v(false) },
  { name: "?? with a deployed metric that was not recorded", source: "deployed(prod).auc ?? 0.25", env: { deployed: { n: 4 } }, expect: v(0.25) },
  { name: "?? with a deployed 0 keeps 0", source: "deployed(prod).auc ?? 0.5", env: { deployed: { auc: 0 } }, expect: v(0) },
  { name: "champion/challenger gate, nothing deployed", source: "m.auc >= (deployed(prod).auc ?? 0) - 0.01", expect: v(true) },
  { name: "champion/challenger gate, better champion", source: "m.auc >= deployed(prod).auc ?? 0 - 0.01", env: { deployed: { auc: 0.95 } }, expect: v(false) },
  { name: "?? binds tighter than -", source: "deployed(prod).auc ?? 1 - 0.25", expect: v(0.75) },
  { name: "?? chained", source: "deployed(prod).auc ?? ox ?? 0.125", expect: v(0.125) },
  { name: "?? chained, second present", source: "deployed(prod).auc ?? ox ?? 0.125", env: { params: { ox: 0.375 } }, expect: v(0.375) },
  { name: "optional param absent", source: "oi ?? 3", expect: v(3) },
  { name: "optional param present", source: "oi ?? 3", env: { params: { oi: 11 } }, expect: v(11) },
  { name: "optional param present and zero", source: "oi ?? 3", env: { params: { oi: 0 } }, expect: v(0) },
  { name: "optional bool param absent", source: "ob ?? true", expect: v(true) },
  { name: "optional bool param present and false", source: "ob ?? true", env: { params: { ob: false } }, expect: v(false) },
  { name: "optional float param in arithmetic", source: "(ox ?? 1) * 2", env: { params: { ox: 1.5 } }, expect: v(3) },

  // strings: `+` concatenates, `"${…}"` interpolates a value's text form (language brief §9.2)
  { name: "string + string", source: "s + t", expect: v("abcabd") },
  { name: "literal + string param", source: '"model-" + s', expect: v("model-abc") },
  { name: "string + chained", source: 's + "-" + t', expect: v("abc-abd") },
  { name: "string + compared", source: 's + t == "abcabd"', expect: v(true) },
  { name: "interpolated string param", source: '"v-${s}"', expect: v("v-abc") },
  { name: "interpolated int param", source: '"n=${i}"', expect: v("n=7") },
  { name: "interpolated float param", source: '"x=${x}"', expect: v("x=0.5") },
  { name: "interpolated float with an integral value", source: '"${m.auc}"', env: { metrics: { ...DEFAULT_METRICS, auc: 2 } }, expect: v("2") },
  { name: "interpolated large float", source: '"${x}"', env: { params: { x: 1e21 } }, expect: v("1e+21") },
  { name: "interpolated small float", source: '"${x}"', env: { params: { x: 5e-7 } }, expect: v("5e-7") },
  { name: "interpolated int metric", source: '"rows: ${m.n}"', expect: v("rows: 10") },
  { name: "interpolated bool metric", source: '"ok=${m.ok}, bad=${m.bad}"', expect: v("ok=true, bad=false") },
  { name: "interpolated duration is seconds", source: '"after ${d}s"', expect: v("after 90s") },
  { name: "interpolation keeps $$ as $", source: '"$${s} ${s}"', expect: v("${s} abc") },
  { name: "interpolation then +", source: '"a-${s}" + t', expect: v("a-abcabd") },
  {
    name: "interpolated hostile text stays text",
    source: '"[${s}]"',
    env: { params: { s: "$(touch x) `id` {{ y }} ${{ z }} ' \" %s \n" } },
    expect: v("[$(touch x) `id` {{ y }} ${{ z }} ' \" %s \n]"),
  },

  // failures
  { name: "a metric the step did not report fails", source: "m.auc > 0.5", env: { metrics: { loss: 0.25, n: 10, k: 3, ok: true, bad: false } }, expect: { fails: "did not report" } },
];
