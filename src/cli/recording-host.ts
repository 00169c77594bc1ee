/**
 * The CLI's host: `nodeHost` plus a memory of every text it read, so the renderer shows exactly
 * the source the compiler checked (never a re-read file that changed in between).
 */
import { resolve } from "node:path";
import { nodeHost, type Host, type ReadResult } from "../source/host.js";
import type { SourceLookup } from "../diagnostics/render/source-lookup.js";

/** A host that remembers what it read, and a lookup over those texts. */
export interface RecordingHost {
  readonly host: Host;
  readonly lookup: SourceLookup;
}

/** Wraps `base` (default `nodeHost`); reads are cached per absolute path. */
export function recordingHost(base: Host = nodeHost, cwd: string = process.cwd()): RecordingHost {
  const cache = new Map<string, ReadResult>();
  const host: Host = {
    readFile(path: string): ReadResult {
      const key = resolve(cwd, path);
      const hit = cache.get(key);
      if (hit) return hit;
      const r = base.readFile(path);
      cache.set(key, r);
      return r;
    },
  };
  const lookup: SourceLookup = (file) => {
    if (file === "") return undefined;
    const r = cache.get(resolve(cwd, file));
    return r?.ok ? r.text : undefined;
  };
  return { host, lookup };
}
