/**
 * A store that is not what this mlp can use is refused with a clear MLP7022, never silently reset
 * and never an internal error: an empty `mlp.db`, one from a newer mlp, a garbled one.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/runtime/migrations.js";
import { openStore } from "../../src/runtime/store.js";
import { ensureBuilt, mlp } from "../cli/run-cli.js";

beforeAll(() => ensureBuilt());

function storeDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "mlp-store-open-")), ".mlp");
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("opening a store", () => {
  it("creates a new store, and opens it again", () => {
    const dir = storeDir();
    openStore(dir).close();
    openStore(dir).close();
  });

  it("refuses a 0-byte mlp.db instead of treating it as a new store", () => {
    const dir = storeDir();
    writeFileSync(join(dir, "mlp.db"), "");
    expect(() => openStore(dir)).toThrow(/is empty \(0 bytes\), so it holds no runs/);
  });

  it("refuses a store whose schema is newer than this mlp's", () => {
    const dir = storeDir();
    openStore(dir).close();
    const db = new Database(join(dir, "mlp.db"));
    db.pragma("user_version = 99");
    db.close();
    expect(() => openStore(dir)).toThrow(`its schema is version 99, newer than this mlp's (${MIGRATIONS.length})`);
  });

  it("reports each from the store commands, as text and as JSON", () => {
    const dir = storeDir();
    writeFileSync(join(dir, "mlp.db"), "");
    const text = mlp(["runs", "--store", dir]);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain("error[MLP7022]: cannot open the store");
    expect(text.stderr).not.toContain("MLP9001");
    const garbled = storeDir();
    writeFileSync(join(garbled, "mlp.db"), "this is not a database, but it is long enough to look like one ".repeat(100));
    const json = mlp(["--format", "json", "runs", "--store", garbled]);
    expect(json.status).toBe(2);
    const doc = JSON.parse(json.stdout) as { diagnostics: { code: string; message: string }[] };
    // Not a store at all (store-faults.test.ts has the other faults).
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["MLP7040"]);
    expect(doc.diagnostics[0]!.message).toContain("it is not a SQLite database");
  });
});
