/**
 * The hand-written scanner gives exactly the tokens, comments and errors Chevrotain's lexer gave
 * for the definitions in `tokens.ts` (the oracle, `chevrotain-lexer.ts`): same type, image and
 * offset, on every `.mlp` file in the repository, on the syntax property tests' generators, and
 * on text made of the characters where the two could part ways (numbers and units, quotes,
 * line ends, `!`, non-ASCII).
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IToken } from "chevrotain";
import { scan, type ScanResult } from "../../src/syntax/scanner.js";
import { chevrotainScan } from "./chevrotain-lexer.js";
import { arbitraryText, mutatedKitchenSink, tokenSoup } from "./generators.js";

const repo = new URL("../../", import.meta.url).pathname;

function mlpFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") out.push(...mlpFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".mlp")) out.push(path);
  }
  return out;
}

/** Every field Chevrotain's lexer sets, and nothing else. */
const fields = (t: IToken) => ({ ...t, tokenType: t.tokenType.name });
const summary = (r: ScanResult) => ({ tokens: r.tokens.map(fields), comments: r.comments.map(fields), errors: r.errors });

function same(text: string): void {
  expect(summary(scan(text))).toEqual(summary(chevrotainScan(text)));
}

describe("the scanner agrees with Chevrotain's lexer", () => {
  const files = [...mlpFiles(join(repo, "examples")), ...mlpFiles(join(repo, "test"))];

  it("finds the repository's .mlp files", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(repo.length), f]))("on %s", (_, path) => {
    same(readFileSync(path, "utf8"));
  });

  it("on arbitrary text", () => {
    fc.assert(fc.property(arbitraryText, same), { numRuns: 2000 });
  });

  it("on token soup", () => {
    fc.assert(fc.property(tokenSoup, same), { numRuns: 1000 });
  });

  it("on mutated valid programs", () => {
    fc.assert(fc.property(mutatedKitchenSink, same), { numRuns: 500 });
  });

  it("on text made of the characters where lexers differ", () => {
    const units = fc.constantFrom(
      "0", "1", "9", ".", "e", "E", "+", "-", "ms", "s", "m", "h", "d", "Ki", "Mi", "K", "M", "G", "T", "i", "x", "_",
      '"', '"""', "\\", "\n", "\r", "\r\n", " ", "\t", "\u00a0", "\ufeff", "#", "!", "=", "?", "<", ">", "é", "\ud83d", "\ude00",
      "step", "stepper", "int", "secrets", "to", "{", "}", "@", ";",
    );
    fc.assert(fc.property(fc.array(units, { maxLength: 40 }).map((u) => u.join("")), same), { numRuns: 5000 });
  });

  it.each([
    ["numbers and units", "1 1.5 1e3 1.5e-3 30s 5ms 5msx 5m 1h 2d 4Gi 4G 4GB 1. 1.x 1e 1e+ 1ex 3Ti 3T 3Tx 0.5.5 1_000"],
    ["operators", "a==b!=c<=d>=e??f?g<h>i=j+k-l*m/n !x != !"],
    ["strings", '"a" "b\\"c" "unterminated\n"""tri\nple""" "\\\n" """open'],
    ["errors", "@@ ; ` é 😀 \u00a0x\ufeffy\u2028z"],
    ["line ends", "a\r\nb\rc\n\r"],
  ])("on %s", (_, text) => {
    same(text);
  });
});
