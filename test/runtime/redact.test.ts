import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MASK, redactFile, Redactor } from "../../src/runtime/redact.js";

const r = (values: Record<string, string>) => new Redactor(Object.entries(values).map(([name, value]) => ({ name, value })));

/** The whole text through a stream matcher, cut at `cuts` (byte offsets). */
function streamed(red: Redactor, text: string, cuts: number[]): string {
  const buf = Buffer.from(text);
  const s = red.stream();
  const out: Buffer[] = [];
  let at = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < buf.length)].sort((a, b) => a - b)) {
    out.push(s.push(buf.subarray(at, c)));
    at = c;
  }
  out.push(s.push(buf.subarray(at)), s.end());
  return Buffer.concat(out).toString();
}

describe("Redactor", () => {
  it("masks every occurrence, the longer secret when two start at the same place", () => {
    const red = r({ A: "hunter2!", B: "hunter2!-long" });
    expect(red.text("x hunter2! y hunter2!-long z")).toBe(`x ${MASK} y ${MASK} z`);
  });

  it("does not mask a value shorter than 4 characters, and names it", () => {
    const red = r({ ONE: "e", THREE: "abc", FOUR: "wxyz", EMPTY: "" });
    expect(red.tooShort).toEqual(["ONE", "THREE"]);
    expect(red.text("the abc of e, then wxyz")).toBe(`the abc of e, then ${MASK}`);
    // Characters, not bytes: three characters are too short even as 9 UTF-8 bytes.
    expect(r({ K: "ключ".slice(0, 3) }).tooShort).toEqual(["K"]);
    expect(r({ K: "ключ" }).text("ключ")).toBe(MASK);
  });

  it("masks the value as it appears inside JSON text (quotes, backslashes, newlines)", () => {
    const v = 'pa"ss\\wo\nrd';
    const red = r({ S: v });
    expect(red.text(JSON.stringify({ token: v }))).toBe(`{"token":"${MASK}"}`);
    expect(red.text(`raw ${v} raw`)).toBe(`raw ${MASK} raw`);
  });

  it("masks each line of a multi-line secret on its own, but not its short or blank lines", () => {
    const key = "-----BEGIN KEY-----\r\nMIIEabcdefgh\r\nxyz\r\n  \r\n-----END KEY-----";
    const red = r({ KEY: key });
    expect(red.text(`whole: ${key}`)).toBe(`whole: ${MASK}`);
    expect(red.text("printed: MIIEabcdefgh\nxyz\n")).toBe(`printed: ${MASK}\nxyz\n`);
    expect(red.text("-----END KEY-----")).toBe(MASK);
  });

  it("masks strings deep in a value, keys included, without touching other values", () => {
    const red = r({ S: "s3cr3t" });
    expect(red.deep({ a: ["x s3cr3t", 1, true, null], s3cr3t: { b: "s3cr3t" } })).toEqual({ a: [`x ${MASK}`, 1, true, null], [MASK]: { b: MASK } });
  });

  it("does nothing when no secret is set", () => {
    const red = r({});
    expect(red.active).toBe(false);
    const v = { a: "x" };
    expect(red.deep(v)).toBe(v);
  });

  it("masks a secret split across two chunks, at every split point", () => {
    const red = r({ S: "tok-123456", T: "abcd" });
    const text = "before tok-123456 mid abcdabcd end tok-12345 (not it) tok-123456";
    const whole = red.text(text);
    expect(whole).toBe(`before ${MASK} mid ${MASK}${MASK} end tok-12345 (not it) ${MASK}`);
    for (let i = 0; i <= text.length; i++) expect(streamed(red, text, [i])).toBe(whole);
    // One byte at a time.
    expect(streamed(red, text, [...Array(text.length).keys()])).toBe(whole);
  });

  it("streams to the same result as the whole text, for any chunking (property)", () => {
    const alphabet = fc.constantFrom("a", "b", "c", "ab", "ba", "é", "\n");
    const word = fc.array(alphabet, { minLength: 4, maxLength: 8 }).map((x) => x.join(""));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(alphabet, { maxLength: 60 }), fc.array(fc.nat(200), { maxLength: 6 }), (secrets, parts, cuts) => {
        const red = new Redactor(secrets.map((value, i) => ({ name: `S${i}`, value })));
        const text = parts.join("") + secrets.join("x");
        const whole = red.text(text);
        for (const s of secrets) if ([...s].length >= 4) expect(whole.includes(s)).toBe(false);
        expect(streamed(red, text, cuts)).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe("redactFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlp-redact-"));

  it("masks a file read in small chunks, a secret straddling each chunk boundary, and keeps its mode", () => {
    const path = join(dir, "split.log");
    const secret = "tok-0123456789";
    // With 16-byte chunks, each copy of the secret crosses a boundary at a different offset.
    const lines = Array.from({ length: 40 }, (_, i) => `${"x".repeat(i % 16)}${secret}\n`);
    writeFileSync(path, lines.join(""), { mode: 0o600 });
    const n = redactFile(path, r({ S: secret }), 16);
    expect(n).toBe(40);
    expect(readFileSync(path, "utf8")).toBe(lines.map((l) => l.replace(secret, MASK)).join(""));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("leaves a file without secrets untouched (not rewritten)", () => {
    const path = join(dir, "clean.log");
    writeFileSync(path, "nothing to see\n");
    const before = statSync(path).mtimeMs;
    expect(redactFile(path, r({ S: "s3cr3t" }), 4)).toBe(0);
    expect(statSync(path).mtimeMs).toBe(before);
  });
});
