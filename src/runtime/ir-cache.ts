/**
 * Compiled-IR cache in the store (`ir-cache/`): a no-op `mlp run` of an unchanged file skips the
 * front end. An entry is keyed by the entry file's path and holds the IR, the compile warnings and
 * the sha256 of every source file it was compiled from (the entry and its imports, found by
 * following `import "…"` lines), plus a fingerprint of the compiler build; any difference is a miss.
 *
 * An entry is two lines of ASCII JSON: a header (the above, the IR's hash and a summary of its
 * pipelines) and the IR. `mlp run` reads the header first: an unchanged pipeline is replayed from
 * the summary alone (replay.ts), and a 4 MB IR is parsed only when steps may have to run.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync } from "node:fs";
import { writeTextFileSync } from "../source/write-text.js";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDocument, IrParam } from "../ir/ir.js";
import { validLoweredIr, type ValidIr } from "../ir/validate.js";
import type { Span } from "../source/span.js";
import { sha256 } from "./cache-key.js";
import { replayPlan, type ReplayPlan } from "./replay.js";

/** What `mlp run` needs of a document before it knows whether the IR itself is needed. */
export interface IrSummary {
  readonly source: string;
  readonly pipelines: readonly {
    readonly name: string;
    readonly origin: Span;
    readonly params: readonly IrParam[];
    readonly plan: ReplayPlan | null;
  }[];
}

interface Header {
  /** Entry format; other values (older entries) are misses. */
  readonly format: 2;
  readonly fingerprint: string;
  readonly files: Record<string, string>;
  readonly irHash: string;
  readonly diagnostics: Diagnostic[];
  readonly summary: IrSummary;
}

/** A cache hit: the header's facts, and the IR, parsed on first call. */
export interface IrCacheHit {
  readonly irHash: string;
  /** sha256 of the entry file's text. */
  readonly entryHash: string;
  readonly diagnostics: Diagnostic[];
  readonly summary: IrSummary;
  /** The cached IR, or undefined when the entry is damaged (treat as a miss). */
  ir(): ValidIr | undefined;
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
    let bytes: Buffer;
    try {
      bytes = readFileSync(f);
    } catch {
      return undefined;
    }
    // The hash of the bytes (equal to that of the text for UTF-8); the text is decoded only to
    // look for imports, and only when the word occurs.
    files[f] = createHash("sha256").update(bytes).digest("hex");
    if (bytes.includes("import")) for (const m of bytes.toString("utf8").matchAll(IMPORT)) todo.push(resolve(dirname(f), m[1]!.replace(/\\(.)/g, "$1")));
  }
  return files;
}

function entryPath(storeDir: string, entry: string): string {
  return join(storeDir, "ir-cache", `${createHash("sha256").update(resolve(entry)).digest("hex").slice(0, 32)}.json`);
}

/** The cached compile of `entry`, when every source file and the compiler are unchanged. */
export function readIrCache(storeDir: string, entry: string, fingerprint: string): { ir: ValidIr; diagnostics: Diagnostic[]; irHash: string } | undefined {
  const hit = peekIrCache(storeDir, entry, fingerprint);
  const ir = hit?.ir();
  return hit && ir && { ir, diagnostics: hit.diagnostics, irHash: hit.irHash };
}

/** Like `readIrCache`, but parses only the entry's header until the IR is asked for. */
export function peekIrCache(storeDir: string, entry: string, fingerprint: string): IrCacheHit | undefined {
  const path = entryPath(storeDir, entry);
  let header: Header;
  try {
    header = JSON.parse(readHeaderLine(path)) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== 2 || header.fingerprint !== fingerprint) return undefined;
  const now = sourceHashes(entry);
  if (!now) return undefined;
  const a = Object.keys(now).sort();
  const b = Object.keys(header.files).sort();
  if (a.length !== b.length || a.some((k, i) => k !== b[i] || now[k] !== header.files[k])) return undefined;
  let ir: ValidIr | undefined | null;
  return {
    irHash: header.irHash,
    entryHash: now[resolve(entry)]!,
    diagnostics: header.diagnostics,
    summary: header.summary,
    ir: () => {
      if (ir === undefined) {
        // Written as ASCII (below), so Latin-1 decoding is exact, and much cheaper than UTF-8's.
        const bytes = readFileSync(path);
        // Written by mlp from validated IR; the semantic checks (linear, cheap) run again so a
        // damaged entry is a cache miss, never an unchecked IR.
        try {
          ir = validLoweredIr(JSON.parse(bytes.toString("latin1", bytes.indexOf(10) + 1)) as IrDocument).ir ?? null;
        } catch {
          ir = null;
        }
      }
      return ir ?? undefined;
    },
  };
}

/** The first line of `path`, read in blocks: an entry's header, without reading its IR. */
function readHeaderLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const blocks: Buffer[] = [];
    for (;;) {
      const block = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, block, 0, block.length, null);
      const end = block.subarray(0, n).indexOf(10);
      if (end >= 0 || n === 0) {
        blocks.push(block.subarray(0, end >= 0 ? end : n));
        if (end < 0) throw new Error("an IR cache entry without its IR line");
        return Buffer.concat(blocks).toString("latin1");
      }
      blocks.push(block.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** The summary of `ir` kept in an entry's header. */
export function summarize(ir: ValidIr): IrSummary {
  return { source: ir.source, pipelines: ir.pipelines.map((p) => ({ name: p.name, origin: p.origin, params: p.params, plan: replayPlan(p) })) };
}

/**
 * Stores a successful compile of `entry` (written to a temporary file, then renamed into place);
 * returns the IR's hash.
 */
export function writeIrCache(storeDir: string, entry: string, fingerprint: string, ir: ValidIr, diagnostics: Diagnostic[]): string {
  const hash = irHash(ir);
  const files = sourceHashes(entry);
  if (!files) return hash;
  const path = entryPath(storeDir, entry);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const header: Header = { format: 2, fingerprint, files, irHash: hash, diagnostics, summary: summarize(ir) };
    writeTextFileSync(tmp, `${asciiJson(header)}\n${asciiJson(ir)}`);
    renameSync(tmp, path);
  } catch {
    // A read-only store or a full disk: no cache (and no half-written file left behind).
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* never written */
    }
  }
  return hash;
}

/** JSON with every non-ASCII character escaped (`\uXXXX`): the same value, in one byte a character. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
