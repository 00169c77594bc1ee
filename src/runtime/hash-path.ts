/**
 * Canonical content hashes of artifacts: sha256 of a file's bytes; for a directory, sha256 of a
 * sorted listing of its entries (kind, name, child hash), so two directories with the same tree
 * and contents hash alike whatever their mtimes, inode order or location.
 */
import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readSync, readdirSync, readFileSync, readlinkSync, type Stats } from "node:fs";
import { join } from "node:path";

/** Files up to this size are read in one call; larger ones are streamed in chunks. */
const WHOLE_READ_LIMIT = 8 * 1024 * 1024;

/** Hash of one regular file's bytes (hex sha256). */
export function hashFile(path: string, size?: number): string {
  const h = createHash("sha256");
  const bytes = size ?? lstatSync(path).size;
  if (bytes <= WHOLE_READ_LIMIT) {
    h.update(readFileSync(path));
    return h.digest("hex");
  }
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}

/** Result of hashing a path: its hash, total byte size, and whether it is a directory. */
export interface PathHash {
  readonly hash: string;
  readonly size: number;
  readonly dir: boolean;
}

/**
 * Hashes a file or a directory tree. Symbolic links are hashed by their target text, never
 * followed, so an artifact cannot smuggle in files from outside its own tree.
 */
export function hashPath(path: string, st: Stats = lstatSync(path)): PathHash {
  if (st.isFile()) return { hash: hashFile(path, st.size), size: st.size, dir: false };
  if (st.isSymbolicLink()) {
    const target = readlinkSync(path);
    return { hash: createHash("sha256").update(`link\0${target}`).digest("hex"), size: 0, dir: false };
  }
  if (st.isDirectory()) {
    const h = createHash("sha256");
    h.update("tree\0");
    let size = 0;
    const names = readdirSync(path).sort();
    for (const name of names) {
      const child = join(path, name);
      const cst = lstatSync(child);
      const sub = hashPath(child, cst);
      size += sub.size;
      const kind = sub.dir ? "d" : cst.isSymbolicLink() ? "l" : (cst.mode & 0o111) !== 0 ? "x" : "f";
      h.update(`${kind} ${name}\0${sub.hash}\n`);
    }
    return { hash: h.digest("hex"), size, dir: true };
  }
  throw new Error(`\`${path}\` is neither a file nor a directory`);
}
