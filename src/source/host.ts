/**
 * The only door from the core to the outside world. The compiler core reads files through a
 * `Host`; the CLI passes `nodeHost`, tests pass an in-memory host.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "missing" | "directory" | "not-a-file" | "too-large" | "binary" | "unreadable"; readonly detail: string };

export interface Host {
  /** Reads a UTF-8 source file; never throws. */
  readFile(path: string): ReadResult;
}

/** Largest source file the compiler reads (a `.mlp` file is a few kilobytes; 10,000 steps is ~3 MB). */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

export const nodeHost: Host = {
  readFile(path: string): ReadResult {
    try {
      // `stat` first: opening a FIFO would block until a writer comes, and a device such as
      // /dev/zero has no end. Only regular files are read.
      const refused = refuse(path, statSync(path));
      if (refused !== undefined) return refused;
      const buf = readRegularFile(path);
      if (!Buffer.isBuffer(buf)) return buf;
      if (buf.includes(0)) return { ok: false, reason: "binary", detail: `\`${path}\` is a binary file, not an .mlp source` };
      let text = buf.toString("utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return { ok: true, text };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { ok: false, reason: "missing", detail: `no such file \`${path}\`` };
      return { ok: false, reason: "unreadable", detail: `cannot read \`${path}\`: ${(e as Error).message}` };
    }
  },
};

/** Why `path` (with status `st`) is not read, or `undefined` when it is a regular file within the limit. */
function refuse(path: string, st: Stats): ReadResult | undefined {
  if (st.isDirectory()) return { ok: false, reason: "directory", detail: `\`${path}\` is a directory, not an .mlp file` };
  if (!st.isFile()) {
    return { ok: false, reason: "not-a-file", detail: `\`${path}\` is ${specialKind(st)}, not a regular file; mlp reads only regular files` };
  }
  if (st.size > MAX_SOURCE_BYTES) return tooLarge(path, st.size);
  return undefined;
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return "a named pipe";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "a special file";
}

/** `size` is the file's size, or `undefined` when reading stopped at the limit (the file grew). */
function tooLarge(path: string, size: number | undefined): ReadResult {
  const is = size === undefined ? "over the limit" : `${(size / 1048576).toFixed(1)} MB`;
  return { ok: false, reason: "too-large", detail: `\`${path}\` is ${is}; the limit is ${MAX_SOURCE_BYTES / 1048576} MB` };
}

/**
 * Reads a regular file, at most `MAX_SOURCE_BYTES + 1` bytes whatever it grows to meanwhile,
 * or says why not. Opened non-blocking and checked again after opening,
 * so a file swapped for a pipe between `stat` and `open` cannot hang the read.
 */
function readRegularFile(path: string): Buffer | ReadResult {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    const refused = refuse(path, st);
    if (refused !== undefined) return refused;
    const limit = MAX_SOURCE_BYTES + 1;
    let buf = Buffer.allocUnsafe(Math.min(st.size + 1, limit));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (buf.length === limit) return tooLarge(path, undefined);
        const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return length > MAX_SOURCE_BYTES ? tooLarge(path, undefined) : buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** An in-memory host for tests: paths map to contents. */
export function memoryHost(files: Readonly<Record<string, string>>): Host {
  return {
    readFile(path: string): ReadResult {
      const norm = path.replace(/\\/g, "/").replace(/^\.\//, "");
      const text = files[norm] ?? files[path];
      return text === undefined ? { ok: false, reason: "missing", detail: `no such file \`${path}\`` } : { ok: true, text };
    },
  };
}
