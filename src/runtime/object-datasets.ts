/**
 * The hashes of a pipeline's `s3://` / `gs://` datasets, found before a run starts: one `HEAD` per
 * object, in parallel, shared by the replay check and the executor. An object's hash is its
 * URI, ETag, version id and size (`objectHash`), so an unchanged object keys the cache as before
 * and is never downloaded for it, and a re-uploaded one misses.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Origin } from "../ir/ir.js";
import { headObject, isObjectUri, ObjectStoreError, objectHash, parseObjectUri } from "./object-store.js";

/** URI -> hash, or the error that kept it from being known. */
export type ObjectHashes = ReadonlyMap<string, string | ObjectStoreError>;

/**
 * Heads every object-store URI among `uris` that `known` does not already hold (none: the SDK is
 * not even loaded). Returns `known` and the new ones.
 */
export async function headObjects(uris: Iterable<string>, env: NodeJS.ProcessEnv, known: ObjectHashes = new Map()): Promise<ObjectHashes> {
  const out = new Map(known);
  const todo = [...new Set([...uris].filter((u) => isObjectUri(u) && !known.has(u)))];
  await Promise.all(
    todo.map(async (uri) => {
      try {
        out.set(uri, objectHash(parseObjectUri(uri), await headObject(uri, env)));
      } catch (e) {
        if (!(e instanceof ObjectStoreError)) throw e;
        out.set(uri, e);
      }
    }),
  );
  return out;
}

/** MLP7026 for dataset `name`, whose object could not be looked up. */
export function objectDiagnostic(name: string, e: ObjectStoreError, origin: Origin): Diagnostic {
  return diagnostic("MLP7026", "error", `dataset \`${name}\`: cannot read \`${e.uri}\``, origin, {
    notes: [e.message],
    help: [e.help],
  });
}
