/**
 * `nodeHost` reads only regular files, and never more than the size limit: a device has no end
 * and a pipe blocks until a writer comes, so either would hang a command (issue #13).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgram } from "../../src/compile.js";
import { MAX_SOURCE_BYTES, nodeHost } from "../../src/source/host.js";

const dir = mkdtempSync(join(tmpdir(), "mlp-host-"));
const canMkfifo = process.platform !== "win32" && spawnSync("mkfifo", ["--help"]).error === undefined;

describe("nodeHost", () => {
  it("reads a regular file, without its byte-order mark", () => {
    writeFileSync(join(dir, "ok.mlp"), "\ufeffpipeline p {}\n");
    expect(nodeHost.readFile(join(dir, "ok.mlp"))).toEqual({ ok: true, text: "pipeline p {}\n" });
  });

  it.skipIf(!existsSync("/dev/zero"))("refuses a character device at once", () => {
    const started = Date.now();
    const r = nodeHost.readFile("/dev/zero");
    expect(r).toMatchObject({ ok: false, reason: "not-a-file" });
    expect(!r.ok && r.detail).toBe("`/dev/zero` is a character device, not a regular file; mlp reads only regular files");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.skipIf(!canMkfifo)("refuses a named pipe without opening it (no writer: opening would block)", () => {
    const fifo = join(dir, "pipe.mlp");
    spawnSync("mkfifo", [fifo]);
    expect(nodeHost.readFile(fifo)).toMatchObject({ ok: false, reason: "not-a-file", detail: expect.stringContaining("is a named pipe") });
  });

  it("refuses a directory", () => {
    mkdirSync(join(dir, "d.mlp"), { recursive: true });
    expect(nodeHost.readFile(join(dir, "d.mlp"))).toMatchObject({ ok: false, reason: "directory" });
  });

  it("refuses a file over the limit from its size, without reading it", () => {
    const big = join(dir, "big.mlp");
    writeFileSync(big, "");
    truncateSync(big, MAX_SOURCE_BYTES + 1); // sparse: costs no disk
    expect(nodeHost.readFile(big)).toMatchObject({ ok: false, reason: "too-large", detail: expect.stringMatching(/is 32\.0 MB; the limit is 32 MB$/) });
  });

  it("reads a file of exactly the limit", () => {
    const edge = join(dir, "edge.mlp");
    writeFileSync(edge, Buffer.alloc(MAX_SOURCE_BYTES, 0x20));
    const r = nodeHost.readFile(edge);
    expect(r.ok && r.text.length).toBe(MAX_SOURCE_BYTES);
  });
});

describe("imports of special files", () => {
  it.skipIf(!existsSync("/dev/zero") || !canMkfifo)("`import \"/dev/zero\"` and a FIFO are MLP2001 on the import's string", () => {
    spawnSync("mkfifo", [join(dir, "imported-pipe.mlp")]);
    const entry = join(dir, "main.mlp");
    writeFileSync(entry, 'import "/dev/zero"\nimport "imported-pipe.mlp"\npipeline p {}\n');
    const { diagnostics } = loadProgram(entry, nodeHost);
    expect(diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column, d.label])).toEqual([
      ["MLP2001", 1, 8, "not a regular file"],
      ["MLP2001", 2, 8, "not a regular file"],
    ]);
  });
});
