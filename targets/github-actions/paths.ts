/**
 * Where things live in the runner's workspace, and how repository paths become GitHub path
 * filters. Every path here is relative to `$GITHUB_WORKSPACE` (the repository checkout).
 */
import { posix } from "node:path";

/** Scratch area for artifacts and metrics; not a dot-directory, so upload-artifact sees it. */
export const WORK_ROOT = "_mlp";

/** True for `s3://…`, `gs://…`, `https://…` and other URIs; false for repository paths. */
export function isUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s);
}

/** True for an absolute path (`/data/x.csv`, `C:\\data`): a place on the runner, not in the repository. */
export function isAbsolutePath(s: string): boolean {
  return s.startsWith("/") || /^[A-Za-z]:[\\/]/.test(s);
}

/** Joins repository-relative paths, normalised, `.` for the root. */
export function repoPath(...parts: string[]): string {
  const joined = posix.normalize(posix.join(...parts.map((p) => (p === "" ? "." : p))));
  return joined.replace(/\/+$/, "") || ".";
}

/** True when `p` stays inside the repository (relative, no leading `..`). */
export function insideRepo(p: string): boolean {
  if (isAbsolutePath(p)) return false;
  const n = posix.normalize(p.replace(/\\/g, "/"));
  return n !== ".." && !n.startsWith("../");
}

/** Directory of one step output; the upload root, so the artifact keeps the output's own name. */
export function outputDir(step: string, output: string): string {
  return `${WORK_ROOT}/artifacts/${step}/${output}`;
}

/** The path a step's `${output}` placeholder stands for (a file or a directory the step creates). */
export function outputPath(step: string, output: string): string {
  return `${outputDir(step, output)}/${output}`;
}

/** The metrics JSON file a step writes through `${metrics}`. */
export function metricsPath(step: string): string {
  return `${WORK_ROOT}/metrics/${step}.json`;
}

/** The GitHub artifact name of one step output (unique within a run). */
export function artifactName(step: string, output: string): string {
  return `${step}.${output}`;
}

/**
 * Where a sweep's fan-in writes (`mlp fan-in --out`), and where the jobs that read its results
 * (`best`, `collect`) download them: `best/<step>/<output>`, `collect/<step>/<output>/`.
 */
export function sweepDir(sweep: string): string {
  return `${WORK_ROOT}/sweeps/${sweep}`;
}

/**
 * A literal repository path as a GitHub path filter: the filter metacharacters `* ? + [ ] !` and
 * `\` are escaped with `\`; `${{` would be read as an expression, so its `$` becomes `?`
 * (matching any one character, the `$` included).
 */
export function literalPathFilter(path: string): string {
  const escaped = path.replace(/[\\*?+[\]!]/g, (c) => `\\${c}`);
  return protectFilter(escaped);
}

/** A user-written glob as a path filter: kept as written, except `${{` (see `literalPathFilter`). */
export function protectFilter(glob: string): string {
  return glob.split("${{").join("?{{");
}
