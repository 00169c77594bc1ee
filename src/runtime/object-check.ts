/**
 * Checking that a store object still holds the bytes its name (its hash) says, cheaply.
 *
 * Re-hashing every reused artifact would cost a read of its bytes each time a step's cache entry
 * is reused (seconds for a large model or table), so the store records a stat fingerprint of each
 * object when it enters the store (migration 5, `object_stats`): size, mtime, ctime and inode of a
 * file; of every entry of a directory tree. A reuse compares the fingerprint (one `lstat` for a
 * file) and re-hashes the bytes only when it differs: a write changes mtime and ctime, and
 * restoring the mtime (`touch -r`) still changes ctime. Bytes changed with both restored (a raw
 * disk edit, a clock set back) are found only by `mlp store verify`, which re-hashes everything.
 */
import type Database from "better-sqlite3";
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, type BigIntStats } from "node:fs";
import { createHash } from "node:crypto";
import { hashPath } from "./hash-path.js";
import type { Store } from "./store.js";

/** What a check found: the bytes match, the object is gone, or its bytes have another hash. */
export type ObjectState = { readonly kind: "ok"; readonly fingerprint?: string } | { readonly kind: "missing" } | { readonly kind: "corrupt"; readonly actual: string };

/** The stat fingerprint of the file or directory tree at `path`; null when it does not exist. */
export function objectFingerprint(path: string): string | null {
  let st: BigIntStats | undefined;
  try {
    st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null; // ENOTDIR, EACCES: no object there that mlp could read
  }
  if (st === undefined) return null;
  if (!st.isDirectory()) return statText(st);
  // A directory's own mtime does not change when a nested file does: fingerprint every entry.
  const h = createHash("sha256");
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const child = `${dir}/${name}`;
      const cst = lstatSync(child, { bigint: true });
      h.update(`${rel}${name}\0${statText(cst)}\n`);
      if (cst.isDirectory()) walk(child, `${rel}${name}/`);
    }
  };
  walk(path, "");
  return `tree:${statText(st)}:${h.digest("hex")}`;
}

function statText(st: BigIntStats): string {
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.mode}`;
}

/** Records and checks object fingerprints in one store; build once per run. */
export class ObjectChecker {
  private readonly get: Database.Statement<[string], { stat: string }>;
  private readonly put: Database.Statement<[string, string]>;
  private readonly drop: Database.Statement<[string]>;

  constructor(private readonly store: Store) {
    this.get = store.db.prepare("SELECT stat FROM object_stats WHERE hash = ?");
    this.put = store.db.prepare("INSERT OR REPLACE INTO object_stats(hash, stat) VALUES (?, ?)");
    this.drop = store.db.prepare("DELETE FROM object_stats WHERE hash = ?");
  }

  /** The fingerprint of object `hash` as it is now (null when absent); record it with `record`. */
  fingerprint(hash: string): string | null {
    return objectFingerprint(this.store.objectPath(hash));
  }

  /** Records `fingerprint` for object `hash` (inside the caller's transaction, if any). */
  record(hash: string, fingerprint: string): void {
    this.put.run(hash, fingerprint);
  }

  /**
   * Whether object `hash` still holds its bytes: its fingerprint as recorded, or else re-hashed.
   * An `ok` that needed a re-hash carries the new fingerprint, for the caller to `record`.
   */
  check(hash: string): ObjectState {
    const now = this.fingerprint(hash);
    if (now === null) return { kind: "missing" };
    if (this.get.get(hash)?.stat === now) return { kind: "ok" };
    const actual = hashOrProblem(this.store.objectPath(hash));
    return actual === hash ? { kind: "ok", fingerprint: now } : { kind: "corrupt", actual };
  }

  /** Forgets the fingerprint of object `hash` (moved aside or removed). */
  forget(hash: string): void {
    this.drop.run(hash);
  }
}

/**
 * The hash of the object at `path`, or why it has none (`unreadable: …`: an entry became a FIFO,
 * permission was taken away): either way not the hash it is named by.
 */
export function hashOrProblem(path: string): string {
  try {
    return hashPath(path).hash;
  } catch (e) {
    return `unreadable: ${(e as Error).message}`;
  }
}

/** A hash shortened for a message; a problem text whole. */
export function shortHash(h: string): string {
  return /^[0-9a-f]{64}$/.test(h) ? h.slice(0, 12) : h;
}

/**
 * Moves object `hash` to `corrupt/HASH` (with a numeric suffix when one is there already), so the
 * bytes stay available for inspection but no run can use them; returns the new path.
 */
export function quarantineObject(store: Store, hash: string): string {
  return moveAside(store, store.objectPath(hash), hash);
}

/** Moves `path` to `corrupt/NAME` in the store (`NAME.1`, `NAME.2`, … when taken); the new path. */
export function moveAside(store: Store, path: string, name: string): string {
  const dir = `${store.dir}/corrupt`;
  mkdirSync(dir, { recursive: true });
  for (let n = 0; ; n++) {
    const to = `${dir}/${name}${n === 0 ? "" : `.${n}`}`;
    if (existsSync(to)) continue;
    renameSync(path, to);
    return to;
  }
}
