/**
 * `mlp store verify`: the whole store checked, not just what a run reuses. SQLite's
 * `PRAGMA integrity_check` over `mlp.db`; every object under `objects/` re-hashed and compared
 * with its name (the stat fingerprints runs rely on are not trusted here); every object the cache
 * or the model registry records looked for. `repair` moves corrupt and stray objects to
 * `corrupt/` and drops the cache entries that point at a moved or missing object, so the next
 * run recomputes those steps; the database itself is never rewritten.
 */
import { lstatSync, readdirSync } from "node:fs";
import { hashPath } from "./hash-path.js";
import { moveAside, quarantineObject } from "./object-check.js";
import type { Store } from "./store.js";
import { producerOf } from "./tracking.js";

/** The step execution that made an object, as lineage records it. */
export interface Producer {
  readonly run: number;
  readonly step: string;
  readonly output: string;
}

/** One problem `verifyStore` found; `repaired` once `repair` dealt with it. */
export type StoreProblem = StoreProblemKind & { repaired?: boolean };

type StoreProblemKind =
  /** `mlp.db` fails SQLite's integrity check (one message per line it printed). */
  | { readonly kind: "database"; readonly message: string }
  /** An object whose bytes hash to something other than its name. */
  | { readonly kind: "corrupt"; readonly hash: string; readonly actual: string; readonly path: string; readonly producer: Producer | null; movedTo?: string }
  /** An entry under `objects/` that no run wrote there (not a `ab/abcd…` object name). */
  | { readonly kind: "stray"; readonly path: string; movedTo?: string }
  /** An object the cache or the model registry records, not in `objects/`. */
  | { readonly kind: "missing"; readonly hash: string; readonly usedBy: readonly string[]; readonly producer: Producer | null };

/** What `verifyStore` checked and found. */
export interface StoreReport {
  readonly store: string;
  readonly objects: number;
  readonly bytes: number;
  readonly problems: StoreProblem[];
  /** With `repair`: cache entries dropped (their steps recompute on the next run). */
  readonly cacheEntriesDropped: number;
  /** No problem left: none found, or every one repaired. */
  readonly ok: boolean;
}

const HASH = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

/** Checks `store`; with `repair`, also sets aside what it can (see the module comment). */
export function verifyStore(store: Store, options: { repair?: boolean } = {}): StoreReport {
  const problems: StoreProblem[] = [...checkDatabase(store)];
  let objects = 0;
  let bytes = 0;
  const present = new Set<string>();
  for (const shard of readdirSync(store.objectsDir).sort()) {
    const shardPath = `${store.objectsDir}/${shard}`;
    if (!SHARD.test(shard) || !lstatSync(shardPath).isDirectory()) {
      problems.push({ kind: "stray", path: shardPath });
      continue;
    }
    for (const name of readdirSync(shardPath).sort()) {
      const path = `${shardPath}/${name}`;
      if (!HASH.test(name) || !name.startsWith(shard)) {
        problems.push({ kind: "stray", path });
        continue;
      }
      objects++;
      present.add(name);
      let actual: string;
      try {
        const h = hashPath(path);
        bytes += h.size;
        actual = h.hash;
      } catch (e) {
        // Not a file, directory or link (a FIFO, a socket), or not readable: it cannot be an object.
        actual = `unreadable: ${(e as Error).message}`;
      }
      if (actual !== name) problems.push({ kind: "corrupt", hash: name, actual, path, producer: producer(store, name) });
    }
  }
  problems.push(...missingObjects(store, present));

  let dropped = 0;
  if (options.repair === true) dropped = repair(store, problems);
  return { store: store.dir, objects, bytes, problems, cacheEntriesDropped: dropped, ok: problems.every((p) => p.repaired === true) };
}

function checkDatabase(store: Store): StoreProblem[] {
  try {
    const rows = store.db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.filter((r) => r.integrity_check !== "ok").map((r) => ({ kind: "database", message: r.integrity_check }));
  } catch (e) {
    return [{ kind: "database", message: (e as Error).message }];
  }
}

/** Objects the cache's entries or the registry's model versions name that are not in the store. */
function missingObjects(store: Store, present: ReadonlySet<string>): StoreProblem[] {
  const usedBy = new Map<string, string[]>();
  const use = (hash: string, by: string): void => {
    if (!HASH.test(hash) || present.has(hash)) return;
    usedBy.set(hash, [...(usedBy.get(hash) ?? []), by]);
  };
  for (const r of store.db.prepare<[], { key: string; step: string; hash: string }>("SELECT c.key, c.step, j.value AS hash FROM cache c, json_each(c.outputs) j ORDER BY c.key").all())
    use(r.hash, `cache entry of step \`${r.step}\` (${r.key.slice(0, 12)})`);
  for (const r of store.db.prepare<[], { name: string; version: number; artifact: string }>("SELECT name, version, artifact FROM models ORDER BY name, version").all())
    use(r.artifact, `model \`${r.name}\` v${r.version}`);
  return [...usedBy].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hash, by]) => ({ kind: "missing", hash, usedBy: by, producer: producer(store, hash) }));
}

function producer(store: Store, hash: string): Producer | null {
  const p = producerOf(store, hash);
  return p === undefined ? null : { run: p.run, step: p.step, output: p.name };
}

/** Moves corrupt and stray objects aside and drops the cache entries that name a bad or missing object. */
function repair(store: Store, problems: StoreProblem[]): number {
  const gone = new Set<string>();
  for (const p of problems) {
    if (p.kind === "corrupt") {
      p.movedTo = quarantineObject(store, p.hash);
      gone.add(p.hash);
      p.repaired = true;
    } else if (p.kind === "stray") {
      p.movedTo = quarantineStray(store, p.path);
      p.repaired = true;
    } else if (p.kind === "missing") {
      gone.add(p.hash);
      // A cache entry is dropped and recomputed; a registered model version cannot be.
      p.repaired = p.usedBy.every((u) => u.startsWith("cache entry"));
    }
  }
  if (gone.size === 0) return 0;
  const hashes = JSON.stringify([...gone]);
  return store.db.transaction(() => {
    store.db.prepare("DELETE FROM object_stats WHERE hash IN (SELECT value FROM json_each(?))").run(hashes);
    return store.db
      .prepare("DELETE FROM cache WHERE key IN (SELECT c.key FROM cache c, json_each(c.outputs) j WHERE j.value IN (SELECT value FROM json_each(?)))")
      .run(hashes).changes;
  })();
}

function quarantineStray(store: Store, path: string): string {
  return moveAside(store, path, `stray-${path.slice(store.objectsDir.length + 1).replaceAll("/", "_")}`);
}
