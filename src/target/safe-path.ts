/**
 * The rule every emitted file path must satisfy before anything is written: relative, `/`
 * separated, no `.`/`..`/empty segments, no backslashes, drive letters or NUL bytes. A path that
 * passes cannot name a file outside the output directory, whatever the target computed it from.
 */

/** Why `path` is not a safe relative output path, or undefined when it is. */
export function unsafePathReason(path: string): string | undefined {
  if (typeof path !== "string" || path === "") return "the path is empty";
  if (path.includes("\0")) return "the path contains a NUL byte";
  if (path.includes("\\")) return "the path contains a backslash; use `/` separators";
  if (path.startsWith("/")) return "the path is absolute";
  if (/^[A-Za-z]:/.test(path)) return "the path starts with a drive letter";
  for (const seg of path.split("/")) {
    if (seg === "..") return "the path leaves the output directory with `..`";
    if (seg === "." || seg === "") return "the path has an empty or `.` segment";
  }
  if (path.length > 1024) return "the path is longer than 1024 characters";
  return undefined;
}

/** True when `path` is a safe relative output path (see `unsafePathReason`). */
export function isSafeOutputPath(path: string): boolean {
  return unsafePathReason(path) === undefined;
}
