/**
 * The embedded store: a directory (`.mlp/` beside the pipeline file by default) holding the
 * SQLite metadata database (`mlp.db`, WAL mode), the content-addressed artifact objects
 * (`objects/ab/abcdef…`), per-run step logs (`logs/RUN/STEP.log`) and per-step temporary
 * directories (`tmp/`) where outputs are written before they are moved into `objects/`.
 */
import Database from "better-sqlite3";
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS } from "./migrations.js";
import { hashPath, type PathHash } from "./hash-path.js";
import { sqliteAddonPath } from "./sqlite-addon.js";
import { createStoreFile } from "./store-create.js";
import { asStoreFault, StoreFault } from "./store-fault.js";

/** An open store. Close it with `close()`; every method is synchronous. */
export interface Store {
  readonly dir: string;
  readonly db: Database.Database;
  readonly objectsDir: string;
  readonly logsDir: string;
  readonly tmpDir: string;
  /** Path of the object with `hash` (whether or not it exists). */
  objectPath(hash: string): string;
  hasObject(hash: string): boolean;
  /**
   * Moves the file or directory at `path` into the object store under its content hash and
   * returns the hash. The move is a rename within one file system, so an object is either
   * complete or absent. A file whose object already exists replaces it (same bytes, so readers
   * see no difference); a directory whose object exists is removed instead. `st` is `path`'s
   * `lstat`, when the caller has it.
   */
  ingest(path: string, known?: PathHash, st?: Stats): PathHash;
  /** Hash of a file or directory outside the store, memoised by (size, mtime, inode). */
  hashExternal(path: string): PathHash;
  close(): void;
}

/**
 * Opens (creating and migrating if needed) the store in `dir`. Throws only a `StoreFault`: a file
 * that is empty, not an mlp store, damaged, from a newer mlp, or a store that cannot be written.
 */
export function openStore(dir: string): Store {
  try {
    return openStoreFiles(dir);
  } catch (e) {
    throw asStoreFault(e, dir) ?? new StoreFault("unusable", dir, (e instanceof Error ? e.message : String(e)).split("\n")[0]!, { cause: e });
  }
}

function openStoreFiles(dir: string): Store {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new StoreFault("unusable", dir, "it is a file, not a directory");
  mkdirSync(dir, { recursive: true });
  const objectsDir = join(dir, "objects");
  const logsDir = join(dir, "logs");
  const tmpDir = join(dir, "tmp");
  for (const d of [objectsDir, logsDir, tmpDir]) mkdirSync(d, { recursive: true });
  const dbPath = join(dir, "mlp.db");
  // Unless it exists, made whole under a private name first, so no run ever sees it empty.
  const isNew = !refuseUnusableFile(dir, dbPath);
  if (isNew) createStoreFile(dbPath);
  let db: Database.Database;
  try {
    db = new Database(dbPath, { timeout: 30_000, nativeBinding: sqliteAddonPath() });
  } catch (e) {
    if (isNew) removeNewDatabase(dbPath);
    throw e;
  }
  try {
    // Before anything writes to it (setting WAL mode rewrites the header). One read transaction,
    // so a new store that another `mlp run` migrates meanwhile is not seen half-made.
    const version = db.transaction(() => refuseForeignSchema(db, dir))();
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Checkpoint every 64 MB of WAL rather than SQLite's 4 MB: a long run's many small commits
    // then do not stop it for a copy and two fsyncs every few hundred steps, and a page rewritten
    // by several commits is copied once. Closing the store still folds the WAL in.
    db.pragma("wal_autocheckpoint = 16384");
    db.pragma("busy_timeout = 30000");
    db.pragma("foreign_keys = OFF");
    migrate(db, dir, version);
  } catch (e) {
    db.close();
    // A store that could not even be created (a full disk) must not leave an empty `mlp.db`,
    // which every later open would refuse.
    if (isNew) removeNewDatabase(dbPath);
    throw e;
  }

  const madeShards = new Set<string>();
  const getHash = db.prepare<[string], { size: number; mtime_ns: string; ino: string; hash: string; dir: number }>(
    "SELECT size, mtime_ns, ino, hash, dir FROM file_hashes WHERE path = ?",
  );
  const putHash = db.prepare(
    "INSERT OR REPLACE INTO file_hashes(path, size, mtime_ns, ino, hash, dir) VALUES (?, ?, ?, ?, ?, ?)",
  );

  // Plain concatenation: `objectsDir` is absolute and normalised, a hash is hex (no `path.join` per call).
  const objectPath = (hash: string): string => `${objectsDir}/${hash.slice(0, 2)}/${hash}`;

  return {
    dir,
    db,
    objectsDir,
    logsDir,
    tmpDir,
    objectPath,
    hasObject: (hash) => existsSync(objectPath(hash)),
    ingest(path, known, st) {
      const h = known ?? hashPath(path, st);
      const shard = join(objectsDir, h.hash.slice(0, 2));
      const target = join(shard, h.hash);
      if (!h.dir) {
        try {
          chmodSync(path, (st ?? lstatSync(path)).mode & 0o555);
        } catch {
          /* a symlink or an odd file system: keep its mode */
        }
      }
      // No existence check first: renaming over an existing object of the same content is
      // harmless for a file, and fails (ENOTEMPTY/EEXIST) for a directory, handled below. The
      // shard directory is made only when the rename says it is missing.
      for (let tries = 0; ; tries++) {
        try {
          renameSync(path, target);
          return h;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "ENOENT" && tries === 0 && !madeShards.has(shard)) {
            mkdirSync(shard, { recursive: true });
            madeShards.add(shard);
            continue;
          }
          // Another run moved the same content in first: theirs is identical, keep it.
          if (code === "ENOTEMPTY" || code === "EEXIST") {
            rmSync(path, { recursive: true, force: true });
            return h;
          }
          throw e;
        }
      }
    },
    hashExternal(path) {
      const st = lstatSync(path, { bigint: true });
      const mtime = st.mtimeNs.toString();
      const ino = st.ino.toString();
      const isDir = st.isDirectory();
      const row = getHash.get(path);
      // Directories are always re-hashed: their mtime does not change when a nested file does.
      if (!isDir && row && row.size === Number(st.size) && row.mtime_ns === mtime && row.ino === ino) {
        return { hash: row.hash, size: row.size, dir: row.dir === 1 };
      }
      const h = hashPath(path);
      if (!isDir) putHash.run(path, h.size, mtime, ino, h.hash, 0);
      return h;
    },
    close() {
      db.close();
    },
  };
}

const SQLITE_HEADER = "SQLite format 3\0";

/**
 * Refuses an `mlp.db` that is not a store; returns whether one exists (false: a new store).
 * SQLite opens a 0-byte file as a new, empty database, so an `mlp.db` truncated to nothing would
 * silently become a new store: history, cache and registry gone without a word. A store this mlp
 * made is never empty once opened, unless its first writes still sit in the WAL beside it. A file
 * that does not start with SQLite's header is someone else's (or its first page is destroyed).
 */
function refuseUnusableFile(dir: string, dbPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(dbPath, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n === 0) {
    if (existsSync(`${dbPath}-wal`) && lstatSync(`${dbPath}-wal`).size > 0) return true;
    throw new StoreFault("unusable", dir, `\`${dbPath}\` is empty (0 bytes), so it holds no runs, cache or registry; if that is expected, remove it to start a new store, else restore it from a backup`);
  }
  if (head.toString("latin1", 0, n) !== SQLITE_HEADER) {
    throw new StoreFault("foreign", dir, "it is not a SQLite database (it does not start with SQLite's header): another program's file, or a store whose first page was overwritten");
  }
  return true;
}

/** Removes the database this open created, if it is still empty (nothing of anyone's is lost). */
function removeNewDatabase(dbPath: string): void {
  try {
    if (lstatSync(dbPath).size !== 0) return;
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(`${dbPath}${suffix}`, { force: true });
    rmSync(dbPath, { force: true });
  } catch {
    /* nothing was created, or it cannot be removed either */
  }
}

/** Tables the current schema has: created by a migration and not dropped by a later one. */
const SCHEMA_TABLES: readonly string[] = (() => {
  const tables = new Set<string>();
  for (const m of MIGRATIONS) {
    for (const [, verb, name] of m.matchAll(/\b(CREATE|DROP) TABLE (?:IF (?:NOT )?EXISTS )?(\w+)/gi)) {
      if (verb!.toUpperCase() === "CREATE") tables.add(name!);
      else tables.delete(name!);
    }
  }
  return [...tables];
})();

function tablesOf(db: Database.Database): Set<string> {
  return new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
}

/** Refuses a schema this mlp cannot use: a newer mlp's, or no mlp's at all; the schema's version. */
function refuseForeignSchema(db: Database.Database, dir: string): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreFault("unusable", dir, `its schema is version ${current}, newer than this mlp's (${MIGRATIONS.length}): a newer mlp wrote it; use that version (or newer) with this store`);
  }
  // Version 0 is a new database; one that already holds tables was made by another program.
  if (current !== 0) return current;
  const tables = tablesOf(db);
  if (tables.size > 0) {
    const names = [...tables].sort().slice(0, 5).map((t) => `\`${t}\``);
    throw new StoreFault("foreign", dir, `a SQLite database that mlp did not make (no mlp schema version; it holds ${names.join(", ")}${tables.size > 5 ? ", …" : ""})`);
  }
  return current;
}

function migrate(db: Database.Database, dir: string, current: number): void {
  if (current === MIGRATIONS.length) {
    const tables = tablesOf(db);
    const missing = SCHEMA_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) throw new StoreFault("damaged", dir, `table${missing.length > 1 ? "s" : ""} ${missing.map((t) => `\`${t}\``).join(", ")} of schema version ${current} ${missing.length > 1 ? "are" : "is"} missing`);
    return;
  }
  const run = db.transaction(() => {
    const v = db.pragma("user_version", { simple: true }) as number;
    for (let i = v; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  run.immediate();
}
