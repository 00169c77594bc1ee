/**
 * Fuzzing of the front end (issue #13): mutations of every example and fixture `.mlp` (byte
 * flips, deletions, duplications, splices of tokens from other files, deep nesting, huge tokens)
 * through check, lint, fmt and compile (the IR and every built-in target), in-process.
 *
 * For every case: nothing throws, nothing reports MLP9001 (or a built-in target's crash), and no
 * case takes 10 s. For a case that compiles clean: `fmt` is idempotent, and the IR of the
 * formatted text equals the IR of the original (source positions aside).
 *
 * `FUZZ_RUNS=N` sets the number of cases (default 100, about 10 s); `FUZZ_SEED=N` replays
 * or varies a run (default 13, so the suite is deterministic). fast-check prints the seed and the
 * shrunk case of a failure. A long run: `FUZZ_RUNS=20000 FUZZ_SEED=$RANDOM npx vitest run test/fuzz`.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { formatSource } from "../../src/format/format.js";
import { memoryHost } from "../../src/source/host.js";
import { internalErrors, runFrontEnd } from "../helpers/front-end.js";
import { mlpFiles } from "../helpers/mlp-files.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 100);
const SEED = Number(process.env["FUZZ_SEED"] ?? 13);
const CASE_LIMIT_MS = 10_000;

/** Every seed file by its path (`/` separators), so imports between them resolve in memory. */
const SEEDS: Readonly<Record<string, string>> = Object.fromEntries(
  [...mlpFiles("examples"), ...mlpFiles("test")]
    .map((p) => p.split("\\").join("/"))
    // the diagnostics cases are wrong on purpose: their mutants almost never compile, and a pool
    // full of them starves the properties checked on clean files
    .filter((p) => !p.startsWith("test/diagnostics/cases/"))
    .map((p) => [p, readFileSync(p, "utf8")]),
);
const SEED_PATHS = Object.keys(SEEDS);

/** Tokens worth splicing in: every word, number, operator and short string of the seeds. */
const TOKENS: readonly string[] = [
  ...new Set(Object.values(SEEDS).flatMap((t) => t.match(/"[^"\n]{0,40}"|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|\?\?|[<>=!]=|\S/g) ?? [])),
];

/** Characters that matter to the lexer, plus a few that do not belong anywhere. */
const CHARS = [..."{}()[]<>\"'\\$#\n\r\t =+-*/?.,:;!&|@`0123456789aZ_", "\u0000", "\u00e9", "\u202e", "\u2028", "\ud83d", "\ud83d\ude00", '"""'];

/** Prefixes, repeated, that build a deep tree or a long chain where they are inserted. */
const NESTERS = ["(", "[", "{", "- ", "not ", "Table<", " + 1", " ?? 0", " and true", " or x", "a.", "f(x: "];

type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly char: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate"; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: "splice"; readonly at: number; readonly token: string }
  | { readonly kind: "nest"; readonly at: number; readonly unit: string; readonly times: number }
  | { readonly kind: "huge"; readonly at: number; readonly shape: "name" | "string" | "number" | "comment" | "triple"; readonly length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: position, char: fc.constantFrom(...CHARS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: position, length: fc.integer({ min: 1, max: 200 }), to: position }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("splice" as const), at: position, token: fc.constantFrom(...TOKENS).map((t) => ` ${t} `) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("nest" as const), at: position, unit: fc.constantFrom(...NESTERS), times: fc.integer({ min: 50, max: 5000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("huge" as const),
      at: position,
      shape: fc.constantFrom("name" as const, "string" as const, "number" as const, "comment" as const, "triple" as const),
      length: fc.integer({ min: 1_000, max: 1_000_000 }),
    }),
  },
);

function hugeToken(shape: "name" | "string" | "number" | "comment" | "triple", length: number): string {
  switch (shape) {
    case "name":
      // Up to 1 MB: "did you mean" is bounded (names over 64 characters get no suggestion).
      return ` n${"a".repeat(length)} `;
    case "string":
      return `"${"\\\\$$x".repeat(Math.ceil(length / 5))}"`;
    case "number":
      return ` 1${"0".repeat(length)} `;
    case "comment":
      return `# ${"c".repeat(length)}\n`;
    case "triple":
      return `"""\n${"line\n".repeat(Math.ceil(length / 5))}"""`;
  }
}

function apply(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case "flip":
      return text.slice(0, at) + m.char + text.slice(at + 1);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "duplicate": {
      const piece = text.slice(at, at + m.length);
      const to = Math.floor(m.to * text.length);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case "splice":
      return text.slice(0, at) + m.token + text.slice(at);
    case "nest":
      return text.slice(0, at) + m.unit.repeat(m.times) + text.slice(at);
    case "huge":
      return text.slice(0, at) + hugeToken(m.shape, m.length) + text.slice(at);
  }
}

/** The IR without source positions, which formatting may move. */
function withoutOrigins(ir: unknown): unknown {
  return ir === undefined ? undefined : JSON.parse(JSON.stringify(ir, (key, value) => (key === "origin" ? undefined : value)));
}

function meaning(path: string, text: string): unknown {
  return withoutOrigins(compileToIr(path, memoryHost({ ...SEEDS, [path]: text })).ir);
}

/** Runs every command over one mutated file and checks the properties above; returns whether it compiled clean. */
function fuzzCase(path: string, text: string): boolean {
  const started = performance.now();
  if (process.env["FUZZ_TRACE"]) console.log(`case ${path} ${text.length} chars`);
  const run = runFrontEnd(text, path, SEEDS, false);
  expect(internalErrors(run)).toEqual([]);
  if (run.ir !== undefined && run.format.ok) {
    const again = formatSource(run.format.text, path);
    expect(again.ok && again.text, "fmt is idempotent").toBe(run.format.text);
    expect(meaning(path, run.format.text), "IR(fmt(x)) == IR(x)").toEqual(withoutOrigins(run.ir));
  }
  const elapsed = performance.now() - started;
  if (process.env["FUZZ_TRACE"]) console.log(`  ${elapsed.toFixed(0)} ms`);
  expect(elapsed, "one case").toBeLessThan(CASE_LIMIT_MS);
  return run.ir !== undefined;
}

describe("front-end fuzzing", () => {
  it("every seed file holds the properties unmutated", () => {
    const clean = SEED_PATHS.filter((p) => fuzzCase(p, SEEDS[p]!));
    // the properties on clean files are only exercised if some seeds compile
    expect(clean.length).toBeGreaterThanOrEqual(4);
  });

  it(`mutated seeds: no crash, no hang, fmt idempotent and IR-preserving (${RUNS} cases, seed ${SEED})`, () => {
    let clean = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SEED_PATHS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (path, mutations) => {
        if (fuzzCase(path, mutations.reduce(apply, SEEDS[path]!))) clean++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    // a fuzzer whose mutants never compile tests nothing past the parser
    if (RUNS >= 100) expect(clean).toBeGreaterThan(0);
  });
});
