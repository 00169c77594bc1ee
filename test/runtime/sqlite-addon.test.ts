import { existsSync } from "node:fs";
import { basename } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sqliteAddonPath } from "../../src/runtime/sqlite-addon.js";

describe("sqliteAddonPath", () => {
  it("finds the installed better-sqlite3 addon, and a database opens with it", () => {
    const path = sqliteAddonPath();
    expect(path).toBeDefined();
    expect(basename(path!)).toBe("better_sqlite3.node");
    expect(existsSync(path!)).toBe(true);
    const db = new Database(":memory:", { nativeBinding: path });
    expect(db.prepare("SELECT 1 + 1 AS two").get()).toEqual({ two: 2 });
    db.close();
  });
});
