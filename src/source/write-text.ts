/**
 * Writing a large string to a file. `writeFileSync(path, text)` first encodes the whole text
 * into one new buffer: for the 26 MB IR of a 10,000-step pipeline that buffer's fresh pages cost
 * ten times the write itself. Encoding a megabyte at a time into one reused buffer does not.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { ByteSink } from "./indented-json.js";

/** UTF-16 code units encoded per write. */
const CHUNK = 1 << 20;

let scratch: Buffer | undefined;

/**
 * Writes `text` as UTF-8 to `path`, opened with `flag` and `mode` as `writeFileSync` would.
 * Small texts take one write; no chunk ends between the halves of a surrogate pair.
 */
export function writeTextFileSync(path: string, text: string, options: { flag?: string; mode?: number } = {}): void {
  const fd = openSync(path, options.flag ?? "w", options.mode ?? 0o666);
  try {
    // At most 3 bytes per UTF-16 code unit, plus one for a chunk stretched to end a pair.
    const buf = (scratch ??= Buffer.allocUnsafe(3 * CHUNK + 4));
    for (let start = 0; start < text.length; ) {
      let end = Math.min(text.length, start + CHUNK);
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
      const bytes = buf.write(end - start === text.length ? text : text.slice(start, end), 0, "utf8");
      for (let off = 0; off < bytes; ) off += writeSync(fd, buf, off, bytes - off);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes to `path` the bytes that `produce` hands its sink, piece by piece as they come (opened
 * with `flag` and `mode` as `writeFileSync` would): for a text made as bytes, never held whole.
 */
export function writeStreamedFileSync(path: string, produce: (sink: ByteSink) => void, options: { flag?: string; mode?: number } = {}): void {
  const fd = openSync(path, options.flag ?? "w", options.mode ?? 0o666);
  try {
    produce((bytes, length) => {
      for (let off = 0; off < length; ) off += writeSync(fd, bytes, off, length - off);
    });
  } finally {
    closeSync(fd);
  }
}
