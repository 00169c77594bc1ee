/**
 * The fast-check generators of `.mlp`-like text shared by the syntax property tests: arbitrary
 * text, token soup, and the kitchen sink (and the sweep fixture) with tokens deleted, duplicated and
 * swapped.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { ALL_MEMBER_WORDS } from "../../src/syntax/member-words.js";

export const kitchenSink = readFileSync(new URL("../fixtures/kitchen-sink.mlp", import.meta.url), "utf8");
/** A pipeline with a sweep block: `over`, `best`, `collect(…)`, `list<int>`. */
export const sweepFixture = readFileSync(new URL("../fixtures/sweep/tune.mlp", import.meta.url), "utf8");

export const VOCABULARY = [
  ...ALL_MEMBER_WORDS, "required", "on", "off", "change", "push", "deployed", "collect", "list", "max", "description", "int", "float", "Table", "Model", "true",
  "not", "and", "or", "x", "raw", "train", "std.drift", "{", "}", "(", ")", "[", "]", ",", ":", ".",
  "=", "==", "<", ">=", "??", "?", "+", "-", "*", "/", "1", "0.5", "1e3", "30s", "4Gi", "5min",
  '"s"', '"${x}"', '"${"', '"\\q"', '"', '"""a\n  b"""', '"""', "#c\n", "\n", "\n\n", "@", ";",
];

/** Any text, lone surrogates included. */
export const arbitraryText = fc.string({ maxLength: 400, unit: "binary" });

/** Words of the vocabulary joined by spaces. */
export const tokenSoup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 120 }).map((ts) => ts.join(" "));

/** `text` cut into tokens, whitespace and comments. */
export function piecesOf(text: string): string[] {
  return text.match(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|\s+|[A-Za-z_0-9.]+|\?\?|[<>=!]=|./g)!;
}

/** The kitchen sink cut into tokens, whitespace and comments. */
export const kitchenSinkPieces = piecesOf(kitchenSink);

/** The kitchen sink after one to six deletions, duplications or swaps of its pieces. */
export const mutatedKitchenSink = mutationsOf(kitchenSinkPieces);

/** The sweep fixture after one to six deletions, duplications or swaps of its pieces. */
export const mutatedSweep = mutationsOf(piecesOf(sweepFixture));

function mutationsOf(pieces: readonly string[]): fc.Arbitrary<string> {
  return fc
  .array(
    fc.record({
      op: fc.constantFrom("delete", "duplicate", "swap"),
      at: fc.nat(pieces.length - 1),
      other: fc.nat(pieces.length - 1),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((mutations) => {
    const ps = [...pieces];
    for (const m of mutations) {
      const at = m.at % ps.length;
      if (m.op === "delete") ps.splice(at, 1);
      else if (m.op === "duplicate") ps.splice(at, 0, ps[at]!);
      else {
        const other = m.other % ps.length;
        [ps[at], ps[other]] = [ps[other]!, ps[at]!];
      }
    }
    return ps.join("");
  });
}
