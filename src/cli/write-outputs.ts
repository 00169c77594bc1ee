/**
 * Writes emitted files under `--out`: directories created as needed, each file written to a
 * temporary sibling and renamed into place (readers never see half a file), and no file written
 * outside the output directory — not through `..`, an absolute path, or a symlinked directory.
 */
import { mkdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { randomBytes } from "node:crypto";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { EmittedFile } from "../target/target.js";
import { unsafePathReason } from "../target/safe-path.js";
import { writeStreamedFileSync, writeTextFileSync } from "../source/write-text.js";

/** The absolute paths written, or the MLP9102/MLP5004 diagnostic that stopped the writing. */
export type WriteResult = { readonly ok: true; readonly written: readonly string[] } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Writes `files` below `outDir` (relative to `cwd`). */
export function writeOutputs(outDir: string, files: readonly EmittedFile[], cwd: string = process.cwd()): WriteResult {
  const out = resolve(cwd, outDir);
  let realOut: string;
  try {
    makeDirectories(out);
    realOut = realpathSync(out);
  } catch (e) {
    return fail(`cannot create output directory \`${outDir}\`: ${ioReason(e)}`);
  }
  const written: string[] = [];
  for (const f of files) {
    const unsafe = unsafePathReason(f.path);
    if (unsafe !== undefined) {
      return { ok: false, diagnostic: diagnostic("MLP5004", "error", `refusing to write \`${f.path}\`: ${unsafe}`, NO_LOCATION) };
    }
    const target = join(realOut, ...f.path.split("/"));
    const parent = dirname(target);
    let tmp: string | undefined;
    try {
      makeDirectories(parent);
      const realParent = realpathSync(parent);
      const rel = relative(realOut, realParent);
      if (rel.startsWith("..") || isAbsolute(rel)) {
        return fail(`refusing to write \`${f.path}\`: its directory resolves outside \`${outDir}\` (a symbolic link?)`);
      }
      tmp = join(realParent, `.${randomBytes(6).toString("hex")}.mlp-tmp`);
      if (f.stream !== undefined) writeStreamedFileSync(tmp, f.stream, { flag: "wx", mode: 0o644 });
      else writeTextFileSync(tmp, f.contents, { flag: "wx", mode: 0o644 });
      renameSync(tmp, target);
      tmp = undefined;
      written.push(target);
    } catch (e) {
      if (tmp !== undefined) rmSync(tmp, { force: true });
      return fail(`cannot write \`${join(outDir, ...f.path.split("/"))}\`: ${ioReason(e)}`);
    } finally {
      if (tmp !== undefined) rmSync(tmp, { force: true });
    }
  }
  return { ok: true, written };
}

/**
 * `mkdir -p`, one component at a time. (Node 20's `mkdirSync(…, { recursive: true })` spins
 * forever on some paths, e.g. below `/proc`; this version always ends.)
 */
function makeDirectories(dir: string): void {
  const { root } = parse(dir);
  let current = root;
  for (const part of dir.slice(root.length).split(sep).filter((p) => p !== "")) {
    current = join(current, part);
    let st;
    try {
      st = statSync(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      try {
        mkdirSync(current);
      } catch (m) {
        if ((m as NodeJS.ErrnoException).code !== "EEXIST") throw m;
      }
      st = statSync(current);
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: "EEXIST" });
  }
}

/** A short, plain reason for a failed file-system call (`EROFS` -> "the file system is read-only"). */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is a file, not a directory";
    case "EEXIST":
      return "a file with that name exists where a directory is needed";
    case "EISDIR":
      return "a directory with that name exists";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ENOENT":
      return "no such file or directory, and it cannot be created there";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
  }
}

function fail(message: string): WriteResult {
  return { ok: false, diagnostic: diagnostic("MLP9102", "error", message, NO_LOCATION) };
}
