/** `lastLines` reads a failing step's log from its end, whatever the log's size. */
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lastLines } from "../../src/cli/log-tail.js";

const dir = mkdtempSync(join(tmpdir(), "mlp-log-tail-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("lastLines", () => {
  it("gives the last lines of a short log, without the final newline's empty line", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`);
    expect(lastLines(file("a.log", `${lines.join("\n")}\n`), 20)).toEqual(lines.slice(-20));
    expect(lastLines(file("b.log", "one\ntwo"), 20)).toEqual(["one", "two"]);
    expect(lastLines(file("c.log", ""), 20)).toEqual([]);
  });

  it("reads only the end of a 600 MB log (a sparse file: its start is never read)", () => {
    const path = file("big.log", "");
    truncateSync(path, 600 * 1024 * 1024);
    appendFileSync(path, "\nprogress 99\nTraceback (most recent call last):\nValueError: bad row 17\n");
    expect(lastLines(path, 2)).toEqual(["Traceback (most recent call last):", "ValueError: bad row 17"]);
  });

  it("cuts a last line longer than it reads, and says so", () => {
    const path = file("long.log", `${"x".repeat(3 * 1024 * 1024)}\nend\n`);
    const tail = lastLines(path, 20);
    expect(tail).toHaveLength(2);
    expect(tail[0]!.startsWith("… xxx")).toBe(true);
    expect(tail[0]!.length).toBeLessThan(1024 * 1024 + 10);
    expect(tail[1]).toBe("end");
  });

  it("keeps multi-byte characters whole when the read starts mid-line", () => {
    const lines = Array.from({ length: 30000 }, (_, i) => `ünïcødé ${i} ✓`);
    expect(lastLines(file("utf8.log", `${lines.join("\n")}\n`), 5)).toEqual(lines.slice(-5));
  });
});
