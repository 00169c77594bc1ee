/**
 * The only door from the core to the outside world. The compiler core reads files through a
 * `Host`; the CLI passes `nodeHost`, tests pass an in-memory host.
 */
import { readFileSync, statSync } from "node:fs";

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "missing" | "directory" | "too-large" | "binary" | "unreadable"; readonly detail: string };

export interface Host {
  /** Reads a UTF-8 source file; never throws. */
  readFile(path: string): ReadResult;
}

/** Largest source file the compiler reads (a `.mlp` file is a few kilobytes; 10,000 steps is ~3 MB). */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

export const nodeHost: Host = {
  readFile(path: string): ReadResult {
    try {
      const st = statSync(path);
      if (st.isDirectory()) return { ok: false, reason: "directory", detail: `\`${path}\` is a directory, not an .mlp file` };
      if (st.size > MAX_SOURCE_BYTES)
        return { ok: false, reason: "too-large", detail: `\`${path}\` is ${(st.size / 1048576).toFixed(1)} MB; the limit is ${MAX_SOURCE_BYTES / 1048576} MB` };
      const buf = readFileSync(path);
      if (buf.includes(0)) return { ok: false, reason: "binary", detail: `\`${path}\` is a binary file, not an .mlp source` };
      let text = buf.toString("utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return { ok: true, text };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { ok: false, reason: "missing", detail: `no such file \`${path}\`` };
      return { ok: false, reason: "unreadable", detail: `cannot read \`${path}\`: ${(e as Error).message}` };
    }
  },
};

/** An in-memory host for tests: paths map to contents. */
export function memoryHost(files: Readonly<Record<string, string>>): Host {
  return {
    readFile(path: string): ReadResult {
      const norm = path.replace(/\\/g, "/").replace(/^\.\//, "");
      const text = files[norm] ?? files[path];
      return text === undefined ? { ok: false, reason: "missing", detail: `no such file \`${path}\`` } : { ok: true, text };
    },
  };
}
