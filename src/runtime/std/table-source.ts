/**
 * Where a table's text comes from: a local file, or an `s3://` / `gs://` object streamed from its
 * store (`../object-store.ts`). Both give UTF-8 text in chunks, read as the consumer asks for them,
 * so a table of any size is read in bounded memory either way.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { isObjectUri, openObject, streamError } from "../object-store.js";

/**
 * Yields the text of `path` (a file path or an object URI) in chunks. Errors opening a file are
 * Node's (`ENOENT`, …); errors from an object store are `ObjectStoreError`s, also mid-stream.
 */
export async function* readText(path: string, chunkSize = 64 * 1024): AsyncGenerator<string> {
  const remote = isObjectUri(path);
  const stream: Readable = remote ? await openObject(path) : createReadStream(path, { highWaterMark: chunkSize });
  stream.setEncoding("utf8");
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (e) {
    throw remote ? streamError(path, e) : e;
  } finally {
    stream.destroy();
  }
}
