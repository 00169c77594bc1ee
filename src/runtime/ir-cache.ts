/**
 * Compiled-IR cache in the store (`ir-cache/`): a no-op `mlp run` of an unchanged file skips the
 * front end. An entry is keyed by the entry file's path and holds the IR, the compile warnings and
 * the sha256 of every source file it was compiled from (the entry and its imports, found by
 * following `import "…"` lines), plus a fingerprint of the compiler build; any difference is a miss.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDocument } from "../ir/ir.js";
import { sha256 } from "./cache-key.js";

interface Entry {
  readonly fingerprint: string;
  readonly files: Record<string, string>;
  readonly ir: IrDocument;
  readonly diagnostics: Diagnostic[];
  /** `irHash(ir)`, so a no-op run need not serialise the IR again to record it (absent in old entries). */
  readonly irHash?: string;
}

/** The hash a run records for its IR: sha256 of the IR's JSON. */
export function irHash(ir: IrDocument): string {
  return sha256(JSON.stringify(ir));
}

const IMPORT = /^[ \t]*import[ \t]+"((?:[^"\\\n]|\\.)*)"/gm;

/** Hashes of `entry` and every file it imports, transitively; `undefined` if one is unreadable. */
function sourceHashes(entry: string): Record<string, string> | undefined {
  const files: Record<string, string> = {};
  const todo = [resolve(entry)];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (f in files) continue;
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      return undefined;
    }
    files[f] = createHash("sha256").update(text).digest("hex");
    for (const m of text.matchAll(IMPORT)) todo.push(resolve(dirname(f), m[1]!.replace(/\\(.)/g, "$1")));
  }
  return files;
}

function entryPath(storeDir: string, entry: string): string {
  return join(storeDir, "ir-cache", `${createHash("sha256").update(resolve(entry)).digest("hex").slice(0, 32)}.json`);
}

/** The cached compile of `entry`, when every source file and the compiler are unchanged. */
export function readIrCache(storeDir: string, entry: string, fingerprint: string): { ir: IrDocument; diagnostics: Diagnostic[]; irHash: string } | undefined {
  let cached: Entry;
  try {
    cached = JSON.parse(readFileSync(entryPath(storeDir, entry), "utf8")) as Entry;
  } catch {
    return undefined;
  }
  if (cached.fingerprint !== fingerprint) return undefined;
  const now = sourceHashes(entry);
  if (!now) return undefined;
  const a = Object.keys(now).sort();
  const b = Object.keys(cached.files).sort();
  if (a.length !== b.length || a.some((k, i) => k !== b[i] || now[k] !== cached.files[k])) return undefined;
  return { ir: cached.ir, diagnostics: cached.diagnostics, irHash: cached.irHash ?? irHash(cached.ir) };
}

/**
 * Stores a successful compile of `entry` (written to a temporary file, then renamed into place);
 * returns the IR's hash.
 */
export function writeIrCache(storeDir: string, entry: string, fingerprint: string, ir: IrDocument, diagnostics: Diagnostic[]): string {
  const hash = irHash(ir);
  const files = sourceHashes(entry);
  if (!files) return hash;
  const path = entryPath(storeDir, entry);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ fingerprint, files, ir, diagnostics, irHash: hash } satisfies Entry));
    renameSync(tmp, path);
  } catch {
    /* a read-only store: no cache */
  }
  return hash;
}
