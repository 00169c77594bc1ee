/**
 * What can go wrong with the store's files, and what to tell the user: a foreign or damaged
 * `mlp.db`, a store that cannot be written, a full disk, an I/O error. SQLite reports these as
 * `SqliteError`s (codes such as `SQLITE_CORRUPT`, `SQLITE_READONLY`, `SQLITE_FULL`) and Node as
 * errno errors (`ENOSPC`, `EROFS`, `EACCES`); each becomes one diagnostic that names the store and
 * says what to do, never an internal error (MLP9001). Documented in docs/running.md ("Faults").
 */
import { accessSync, constants, existsSync, statfsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";

/**
 * `unusable`: refused on purpose (an empty `mlp.db`, a newer schema); `foreign`: not an mlp
 * store; `damaged`: corrupt pages or a missing table; `read-only`; `full`: no space left; `io`:
 * any other failure to read or write it.
 */
export type StoreFaultKind = "unusable" | "foreign" | "damaged" | "read-only" | "full" | "io";

const CODE: Record<StoreFaultKind, string> = {
  unusable: "MLP7022",
  foreign: "MLP7040",
  damaged: "MLP7041",
  "read-only": "MLP7042",
  full: "MLP7043",
  io: "MLP7044",
};

/** The codes of store faults: a run that reports one exits 2 (an I/O error), not 1 (a step failed). */
export const STORE_FAULT_CODES: ReadonlySet<string> = new Set(Object.values(CODE));

/** A store that cannot be used, with the reason; `openStore` throws nothing else. */
export class StoreFault extends Error {
  constructor(
    readonly kind: StoreFaultKind,
    readonly dir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StoreFault";
  }
}

/**
 * The kind of store fault `e` is, or undefined when it is not one. Errno errors (`ENOSPC`, …)
 * count only with `errno: true`: the caller knows the failing call touched the store.
 */
export function storeFaultKind(e: unknown, options: { errno?: boolean } = {}): StoreFaultKind | undefined {
  if (e instanceof StoreFault) return e.kind;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  if (e instanceof Database.SqliteError) return sqliteFaultKind(code, e.message);
  if (!options.errno) return undefined;
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return "full";
    case "EROFS":
    case "EACCES":
    case "EPERM":
      return "read-only";
    case "EIO":
    case "ENOENT":
    case "ENOTDIR":
    case "EISDIR":
      return "io";
    default:
      return undefined;
  }
}

function sqliteFaultKind(code: string, message: string): StoreFaultKind | undefined {
  if (code.startsWith("SQLITE_FULL")) return "full";
  if (code.startsWith("SQLITE_READONLY")) return "read-only";
  if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB")) return "damaged";
  if (code.startsWith("SQLITE_CANTOPEN") && /permission|read-only/i.test(message)) return "read-only";
  // A table or column the schema promises is gone: someone edited the database by hand.
  if (code === "SQLITE_ERROR" && /^no such (table|column)/.test(message)) return "damaged";
  // I/O and locking; `asStoreFault` tells a full disk or a read-only directory apart.
  if (/^SQLITE_(IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOLFS)/.test(code)) return "io";
  // Anything else (a syntax error, a constraint) is a bug in mlp, not a fault of the store.
  return undefined;
}

/** `e` as a `StoreFault` of the store in `dir` (errno errors included), or undefined. */
export function asStoreFault(e: unknown, dir: string): StoreFault | undefined {
  if (e instanceof StoreFault) return e;
  let kind = storeFaultKind(e, { errno: true });
  if (kind === undefined) return undefined;
  // SQLite says only "unable to open database file" or "disk I/O error": look at the directory.
  let why = "";
  if (kind === "io" && isFull(dir)) kind = "full";
  else if (kind === "io") {
    const denied = unwritable(dir);
    if (denied !== undefined) {
      kind = "read-only";
      why = ` (${denied})`;
    }
  }
  return new StoreFault(kind, dir, firstLine(e) + why, { cause: e });
}

/** The diagnostic for store fault `e` of the store in `dir`, or undefined when `e` is not one. */
export function storeFaultDiagnostic(e: unknown, dir: string): Diagnostic | undefined {
  const fault = asStoreFault(e, dir);
  if (fault === undefined) return undefined;
  const db = join(fault.dir, "mlp.db");
  const reason = fault.message;
  switch (fault.kind) {
    case "unusable":
      return diagnostic(CODE.unusable, "error", `cannot open the store \`${fault.dir}\`: ${reason}`, NO_LOCATION);
    case "foreign":
      return diagnostic(CODE.foreign, "error", `\`${db}\` is not an mlp store: ${reason}`, NO_LOCATION, {
        notes: ["mlp never reinitialises a file it did not make"],
        help: [
          "if `--store` names the wrong directory, pass the `.mlp` directory beside the pipeline file",
          `otherwise move \`${db}\` away, and mlp starts a new store there`,
        ],
      });
    case "damaged":
      return diagnostic(CODE.damaged, "error", `the store's database \`${db}\` is damaged: ${reason}`, NO_LOCATION, {
        notes: ["the artifacts under `objects/` are separate files and are not affected; the run history, cache and model registry are in `mlp.db`"],
        help: [
          `restore \`${db}\` from a backup, or save what SQLite can still read: \`sqlite3 ${db} .recover | sqlite3 recovered.db\`, then put \`recovered.db\` in its place`,
          `or move \`${db}\` (and \`mlp.db-wal\` beside it) away to start a new store: every step then runs again`,
        ],
      });
    case "read-only":
      return diagnostic(CODE["read-only"], "error", `the store \`${fault.dir}\` cannot be written: ${reason}`, NO_LOCATION, {
        notes: ["mlp writes `mlp.db`, and SQLite writes `mlp.db-wal` and `mlp.db-shm` beside it, even to read the history"],
        help: [`make \`${fault.dir}\` and the files in it writable by this user (or remount its file system read-write), or pass \`--store DIR\` with a writable directory`],
      });
    case "full": {
      const free = freeBytes(fault.dir);
      return diagnostic(CODE.full, "error", `no space left on the device holding the store \`${fault.dir}\`${free !== undefined ? ` (${formatBytes(free)} free)` : ""}: ${reason}`, NO_LOCATION, {
        notes: ["a write the store could not make was rolled back: what was recorded before it is intact, and steps whose records were lost run again next time"],
        help: [`free space on that file system (old step logs are under \`${join(fault.dir, "logs")}\`), then run again`],
      });
    }
    case "io":
      return diagnostic(CODE.io, "error", `the store \`${fault.dir}\` could not be read or written: ${reason}`, NO_LOCATION, {
        help: ["check the device and file system holding it (`dmesg`, `df`), then run again"],
      });
  }
}

/** Why this user cannot write `dir` or its `mlp.db` (a read-only mount, permissions); undefined if it can. */
function unwritable(dir: string): string | undefined {
  const db = join(dir, "mlp.db");
  for (const path of existsSync(db) ? [dir, db] : [dir]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === "EROFS" ? "its file system is read-only" : code === "EACCES" || code === "EPERM" ? `no permission to write \`${path}\`` : firstLine(e);
    }
  }
  return undefined;
}

/** Bytes available to this user on the file system holding `path`, or undefined when unknown. */
export function freeBytes(path: string): number | undefined {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * True when the file system holding `path` is full: under 256 KiB left, too little for a log
 * line to have been written after whatever filled it.
 */
export function isFull(path: string): boolean {
  const free = freeBytes(path);
  return free !== undefined && free < 256 * 1024;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/** How a disk-full note starts, so the CLI can say why a failed step's log is empty. */
export const DISK_FULL_NOTE = "no space was left on the device holding";

/**
 * Notes for a failed step when a file system it writes to is full: its error message may not have
 * reached its log either, so the log alone would say nothing. One note per full file system.
 */
export function diskFullNotes(paths: readonly string[]): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let s;
    try {
      s = statfsSync(path);
    } catch {
      continue;
    }
    const free = s.bavail * s.bsize;
    const fs = `${s.type}:${s.blocks}:${s.files}`;
    if (free >= 256 * 1024 || seen.has(fs)) continue;
    seen.add(fs);
    notes.push(`${DISK_FULL_NOTE} \`${path}\` when the step ended (${formatBytes(free)} free): the step, or the writing of its log, may have failed for that reason`);
  }
  return notes;
}
