/**
 * How an error from SQLite or the file system becomes a store fault, and what its diagnostic says.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { diskFullNotes, STORE_FAULT_CODES, storeFaultDiagnostic, storeFaultKind, StoreFault } from "../../src/runtime/store-fault.js";

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: something`), { code });

describe("store faults", () => {
  it.each([
    ["SQLITE_FULL", "database or disk is full", "full"],
    ["SQLITE_READONLY", "attempt to write a readonly database", "read-only"],
    ["SQLITE_READONLY_DBMOVED", "attempt to write a readonly database", "read-only"],
    ["SQLITE_CORRUPT", "database disk image is malformed", "damaged"],
    ["SQLITE_NOTADB", "file is not a database", "damaged"],
    ["SQLITE_ERROR", "no such table: run_steps", "damaged"],
    ["SQLITE_IOERR_WRITE", "disk I/O error", "io"],
  ])("classifies %s (%s) as %s", (code, message, kind) => {
    expect(storeFaultKind(new Database.SqliteError(message, code))).toBe(kind);
  });

  it("leaves a bug's SQLite errors unclassified (MLP9001), and errno errors unless the caller knows they are the store's", () => {
    // A syntax error is a bug in mlp, not a fault of the store.
    expect(storeFaultKind(new Database.SqliteError('near "SELEC": syntax error', "SQLITE_ERROR"))).toBeUndefined();
    expect(storeFaultKind(new Database.SqliteError("UNIQUE constraint failed: runs.id", "SQLITE_CONSTRAINT_PRIMARYKEY"))).toBeUndefined();
    expect(storeFaultKind(new Database.SqliteError("database is locked", "SQLITE_BUSY"))).toBe("io");
    expect(storeFaultKind(errno("ENOSPC"))).toBeUndefined();
    expect(storeFaultKind(errno("ENOSPC"), { errno: true })).toBe("full");
    expect(storeFaultKind(errno("EROFS"), { errno: true })).toBe("read-only");
    expect(storeFaultKind(new TypeError("x is undefined"), { errno: true })).toBeUndefined();
  });

  it("makes a diagnostic that names the store and says what to do, with a code from the catalogue", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-fault-"));
    for (const [e, code] of [
      [new StoreFault("foreign", dir, "not SQLite"), "MLP7040"],
      [new Database.SqliteError("database disk image is malformed", "SQLITE_CORRUPT"), "MLP7041"],
      [errno("EACCES"), "MLP7042"],
      [errno("ENOSPC"), "MLP7043"],
      [new Database.SqliteError("disk I/O error", "SQLITE_IOERR"), "MLP7044"],
      [new StoreFault("unusable", dir, "its schema is version 99, newer than this mlp's (4)"), "MLP7022"],
    ] as const) {
      const d = storeFaultDiagnostic(e, dir)!;
      expect(d.code).toBe(code);
      expect(STORE_FAULT_CODES.has(d.code)).toBe(true);
      expect(d.message).toContain(dir);
      if (code !== "MLP7022") expect(d.help.length).toBeGreaterThan(0);
    }
    expect(storeFaultDiagnostic(new RangeError("Invalid array length"), dir)).toBeUndefined();
  });

  it("notes a full file system only when one is full", () => {
    expect(diskFullNotes([tmpdir(), "/nonexistent/path"])).toEqual([]);
  });
});
