/**
 * Creating a store's database atomically. SQLite creates a missing database file empty and
 * writes its first page later, so a second `mlp run` starting at the same moment on a new store
 * would find a 0-byte `mlp.db` and refuse it (see `refuseEmptyStore`). Instead the file is made
 * under a private name, put in WAL mode (which writes its first page), and linked into place:
 * `mlp.db` is never seen empty, and of two runs that race, one link wins and both use that file.
 */
import Database from "better-sqlite3";
import { existsSync, linkSync, rmSync } from "node:fs";
import { sqliteAddonPath } from "./sqlite-addon.js";

/** Makes `dbPath` (a WAL-mode, empty SQLite database) unless it exists. */
export function createStoreFile(dbPath: string): void {
  if (existsSync(dbPath)) return;
  const fresh = `${dbPath}.new-${process.pid}`;
  rmSync(fresh, { force: true });
  try {
    const db = new Database(fresh, { nativeBinding: sqliteAddonPath() });
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
  } catch (e) {
    // A full disk, say: leave nothing half-made behind.
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${fresh}${suffix}`, { force: true });
    throw e;
  }
  try {
    linkSync(fresh, dbPath);
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    rmSync(fresh, { force: true });
  }
}
