/**
 * A store that is foreign, damaged or fails under the run is reported with a diagnostic that names
 * it and says what to do (MLP7040–MLP7044), by every command that opens it; never MLP9001, a stack
 * trace or a silently new store. A fault in the middle of a run ends it `failed` with the store
 * consistent. (A full disk and a read-only store on a real file system: store-chaos.test.ts.)
 */
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, truncateSync, statSync, writeFileSync, openSync, writeSync, closeSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/runtime/store.js";
import { StoreFault } from "../../src/runtime/store-fault.js";
import { ensureBuilt, hasStackTrace, mlp } from "../cli/run-cli.js";
import { fromOutput, irDoc, out, step } from "./ir-builder.js";
import { project, runs } from "./harness.js";

beforeAll(() => ensureBuilt());
const { go, closeAll } = runs({ oneAtATime: true });
afterEach(() => closeAll());

/** A chain of `n` steps, each writing a file from the one before. */
function chain(n: number, tag = "x") {
  return irDoc({
    steps: Array.from({ length: n }, (_, i) =>
      step({ name: `s${i}`, run: `echo ${tag}${i} > \${o}`, outputs: [out("o")], ...(i > 0 ? { inputs: [fromOutput("x", `s${i - 1}`, "o")] } : {}) }),
    ),
  });
}

/** A project with one successful run recorded, its WAL folded into `mlp.db`; the store's path. */
function recorded(): { dir: string; store: string; db: string } {
  const p = project();
  writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(chain(3)));
  const r = mlp(["run", "p.ir.json"], { cwd: p.dir, env: { CI: "1" } });
  expect(r.status, r.stderr).toBe(0);
  const db = join(p.dir, ".mlp", "mlp.db");
  const conn = new Database(db);
  conn.pragma("wal_checkpoint(TRUNCATE)");
  conn.close();
  return { dir: p.dir, store: join(p.dir, ".mlp"), db };
}

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Every command that opens the store, as run against the store of `dir`. */
const COMMANDS: readonly (readonly string[])[] = [
  ["run", "p.ir.json"],
  ["runs"],
  ["runs", "show", "1"],
  ["runs", "diff", "1", "1"],
  ["lineage", "1", "s2"],
  ["approve", "1", "prod"],
];

/** Runs every command against the store in `dir`; each must fail with `code`, naming the store. */
function expectEveryCommand(dir: string, code: string, mention: string | RegExp): void {
  for (const args of COMMANDS) {
    const r = mlp(args, { cwd: dir, env: { CI: "1" } });
    const what = `mlp ${args.join(" ")}: ${r.stderr}`;
    expect(r.status, what).toBe(2);
    expect(r.stderr, what).toContain(`error[${code}]`);
    expect(r.stderr, what).toMatch(mention);
    expect(r.stderr, what).toContain(join(dir, ".mlp"));
    expect(r.stderr, what).toContain("= help:");
    expect(r.stderr, what).not.toContain("MLP9001");
    expect(hasStackTrace(r.stderr), what).toBe(false);
  }
  const json = mlp(["--format", "json", "runs"], { cwd: dir });
  expect(json.status).toBe(2);
  expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual([code]);
}

describe("a store mlp cannot use", () => {
  it("refuses a SQLite database that mlp did not make, and never migrates or changes it", () => {
    const { dir, db } = recorded();
    rmSync(db);
    const other = new Database(db);
    other.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('mine')");
    other.close();
    const before = sha(db);
    expect(() => openStore(join(dir, ".mlp"))).toThrow(StoreFault);
    expectEveryCommand(dir, "MLP7040", /is not an mlp store: a SQLite database that mlp did not make .*`notes`/);
    expect(sha(db)).toBe(before);
  });

  it("refuses a file that is not a SQLite database, and leaves it as it was", () => {
    const { dir, db } = recorded();
    writeFileSync(db, "name,value\n".repeat(1000));
    const before = sha(db);
    expectEveryCommand(dir, "MLP7040", /is not an mlp store: it is not a SQLite database/);
    expect(sha(db)).toBe(before);
  });

  it("reports a truncated database as damaged", () => {
    const { dir, db } = recorded();
    truncateSync(db, Math.floor(statSync(db).size / 2));
    expectEveryCommand(dir, "MLP7041", /is damaged: database disk image is malformed/);
  });

  it("reports garbled pages as damaged, and the history is back once the file is restored", () => {
    const { dir, db } = recorded();
    copyFileSync(db, `${db}.bak`);
    const fd = openSync(db, "r+");
    // Pages 2-4 (4 KiB each): the schema page stays readable, the tables' pages do not.
    writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, 4096);
    closeSync(fd);
    expectEveryCommand(dir, "MLP7041", /is damaged/);
    copyFileSync(`${db}.bak`, db);
    const list = mlp(["--format", "json", "runs"], { cwd: dir });
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { id: number; status: string }[]).map((r) => [r.id, r.status])).toEqual([[1, "success"]]);
  });

  it("names a dropped table", () => {
    const { dir, db } = recorded();
    const conn = new Database(db);
    conn.exec("DROP TABLE run_steps");
    conn.close();
    expectEveryCommand(dir, "MLP7041", /table `run_steps` of schema version \d+ is missing/);
  });
});

/** Makes the `n`-th and later transactions of `store` (counting from 1) throw `code`, `times` times. */
function failTransactions(store: Store, n: number, code: string, message: string, times = Infinity): void {
  const db = store.db as Database.Database & { transaction: Database.Database["transaction"] };
  const real = db.transaction.bind(db);
  let calls = 0;
  let thrown = 0;
  db.transaction = ((fn: (...a: unknown[]) => unknown) => {
    const tx = real(fn);
    // The executor commits with `.immediate()` only.
    return {
      immediate: (...a: unknown[]) => {
        if (++calls >= n && thrown < times) {
          thrown++;
          throw new Database.SqliteError(message, code);
        }
        return tx.immediate(...a);
      },
    };
  }) as unknown as Database.Database["transaction"];
}

describe("a store that fails during a run", () => {
  it("ends the run `failed` on SQLITE_FULL at a commit, records it, and keeps earlier runs", async () => {
    const p = project();
    const first = await go(p.dir, chain(6));
    expect(first.status).toBe("success");
    const store = openStore(join(p.dir, ".mlp"));
    failTransactions(store, 1, "SQLITE_FULL", "database or disk is full", 1);
    const second = await go(p.dir, chain(6, "y"), { jobs: 1, store });
    expect(second.status).toBe("failed");
    expect(second.diagnostics.map((d) => d.code)).toContain("MLP7043");
    expect(second.diagnostics.find((d) => d.code === "MLP7043")!.message).toContain(join(p.dir, ".mlp"));
    const db = new Database(join(p.dir, ".mlp", "mlp.db"), { readonly: true });
    const rows = db.prepare("SELECT id, status FROM runs ORDER BY id").all();
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    expect(rows).toEqual([
      { id: 1, status: "success" },
      { id: 2, status: "failed" },
    ]);
    // The next run redoes only what the failed one did not record.
    const third = await go(p.dir, chain(6, "y"));
    expect(third.status).toBe("success");
    expect(third.executed.length + third.cached.length).toBe(6);
    expect(third.executed.length).toBeGreaterThan(0);
  });

  it("ends the run on a damaged page at every commit without throwing; the next open still works", async () => {
    const p = project();
    await go(p.dir, chain(3));
    const store = openStore(join(p.dir, ".mlp"));
    failTransactions(store, 1, "SQLITE_CORRUPT", "database disk image is malformed");
    const r = await go(p.dir, chain(3, "z"), { store });
    expect(r.status).toBe("failed");
    expect(r.diagnostics.filter((d) => d.code === "MLP7041")).toHaveLength(1);
    expect(r.diagnostics.every((d) => d.code !== "MLP9001")).toBe(true);
    const again = await go(p.dir, chain(3));
    expect(again.cached).toEqual(["s0", "s1", "s2"]);
  });

  it("ends the run when a read fails (SQLITE_READONLY from the cache lookup), with no unhandled error", async () => {
    const p = project();
    const store = openStore(join(p.dir, ".mlp"));
    const db = store.db;
    const prepare = db.prepare.bind(db);
    (db as { prepare: unknown }).prepare = (sql: string) => {
      const st = prepare(sql);
      if (!sql.startsWith("SELECT outputs, metrics, run_id FROM cache")) return st;
      return Object.assign(Object.create(Object.getPrototypeOf(st) as object) as object, st, {
        get: () => {
          throw new Database.SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
        },
      });
    };
    const r = await go(p.dir, chain(3), { store });
    expect(r.status).toBe("failed");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP7042"]);
    expect(r.status_).toMatchObject({ s0: "not_run" });
  });
});
