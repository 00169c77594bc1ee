import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { writeStreamedFileSync, writeTextFileSync } from "../../src/source/write-text.js";

const dir = mkdtempSync(join(tmpdir(), "mlp-write-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeTextFileSync", () => {
  it("writes the same bytes as writeFileSync, across chunk ends and surrogate pairs", () => {
    const chunk = 1 << 20;
    const texts = [
      "",
      "plain ascii\n",
      "x".repeat(chunk - 1) + "😀" + "tail", // a pair straddling the first chunk's end
      "é€😀".repeat(chunk), // 2-, 3- and 4-byte characters over several chunks
      "\u{10FFFF}".repeat(chunk + 3),
      "€".repeat(chunk - 1) + "😀" + "€", // the fullest chunk: 3 bytes a unit, then a pair
    ];
    texts.forEach((text, i) => {
      const ours = join(dir, `ours-${i}`);
      const node = join(dir, `node-${i}`);
      writeTextFileSync(ours, text);
      writeFileSync(node, text);
      expect(readFileSync(ours).equals(readFileSync(node))).toBe(true);
    });
  });

  it("round-trips any string", () => {
    const path = join(dir, "prop");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        writeTextFileSync(path, text);
        expect(readFileSync(path, "utf8")).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("honours flag and mode like writeFileSync", () => {
    const path = join(dir, "exclusive");
    writeTextFileSync(path, "a", { flag: "wx", mode: 0o644 });
    expect(statSync(path).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(() => writeTextFileSync(path, "b", { flag: "wx" })).toThrow(/EEXIST/);
    expect(readFileSync(path, "utf8")).toBe("a");
  });
});

describe("writeStreamedFileSync", () => {
  it("writes each piece as it is handed over, though the producer reuses its buffer", () => {
    const path = join(dir, "streamed");
    const buf = new Uint8Array(4);
    writeStreamedFileSync(path, (sink) => {
      for (const piece of ["abcd", "ef", "", "ghij"]) {
        buf.set(Buffer.from(piece));
        sink(buf, piece.length);
      }
    });
    expect(readFileSync(path, "utf8")).toBe("abcdefghij");
  });

  it("honours flag and mode, and closes the file when the producer throws", () => {
    const path = join(dir, "streamed-exclusive");
    writeStreamedFileSync(path, (sink) => sink(Buffer.from("a"), 1), { flag: "wx", mode: 0o644 });
    expect(statSync(path).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(() => writeStreamedFileSync(path, () => {}, { flag: "wx" })).toThrow(/EEXIST/);
    const broken = join(dir, "streamed-broken");
    expect(() => writeStreamedFileSync(broken, () => { throw new Error("boom"); })).toThrow("boom");
    expect(readFileSync(broken, "utf8")).toBe("");
  });
});
