/**
 * What a run says about redaction: a warning for each secret too short to mask (MLP7060), and
 * a log that could not be masked is emptied rather than left holding a secret (MLP7061).
 */
import { appendFileSync, existsSync, readdirSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrPipeline, Origin } from "../ir/ir.js";
import { MIN_SECRET_LENGTH, redactFile, type Redactor } from "./redact.js";
import { UNMASKED_DIR } from "./recover.js";

/**
 * One warning per set secret shorter than `MIN_SECRET_LENGTH`, at its declaration. The checker
 * cannot give it: a secret's value exists only in the environment of the run.
 */
export function shortSecretWarnings(p: IrPipeline, redactor: Redactor): Diagnostic[] {
  return redactor.tooShort.map((name) => {
    const origin = p.secrets.find((s) => s.name === name)?.origin ?? p.origin;
    return diagnostic("MLP7060", "warning", `secret \`${name}\` is shorter than ${MIN_SECRET_LENGTH} characters, so mlp does not mask it in logs and records`, origin, {
      notes: ["masking a value this short would replace those characters everywhere in every log, hiding almost nothing"],
      help: [`use a value of at least ${MIN_SECRET_LENGTH} characters for \`${name}\`, or treat this run's logs as holding it`],
    });
  });
}

/**
 * Masks the secrets in the log at `path` (a missing log is fine). When that fails (disk full,
 * permissions), the log is emptied but for a line saying so: an unreadable log beats a leaked
 * secret. Returns what went wrong, for `unmaskedLogWarning`, or null.
 */
export function redactLogFile(path: string, redactor: Redactor): string | null {
  if (!redactor.active || !existsSync(path)) return null;
  try {
    redactFile(path, redactor);
    return null;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    try {
      truncateSync(path, 0);
    } catch {
      return `could not mask secrets in log \`${path}\` (${why}), nor empty it: delete it`;
    }
    try {
      appendFileSync(path, `mlp: this log was removed because its secrets could not be masked (${why})\n`);
    } catch {
      /* an empty log says as much */
    }
    return `could not mask secrets in log \`${path}\` (${why}); its content was removed`;
  }
}

/** MLP7061 for a `redactLogFile` problem, at the step or deploy whose log it is. */
export function unmaskedLogWarning(problem: string, origin: Origin): Diagnostic {
  return diagnostic("MLP7061", "warning", problem, origin, {
    help: ["free disk space or fix the log folder's permissions; the step's own result is unaffected"],
  });
}

/**
 * Masks the logs of runs whose mlp process died (kill -9, power loss) before it could mask them,
 * with the secrets of the run that found them. Whoever records a run `died` (`mlp run`, `mlp
 * runs`) leaves a marker in `unmasked/` (see recover.ts); only a run knows secret values, so the
 * markers wait for one that has some. Best effort: a log that cannot be masked is emptied by
 * `redactLogFile`.
 */
export function redactDeadRunLogs(storeDir: string, logsDir: string, redactor: Redactor): void {
  if (!redactor.active) return;
  const markers = join(storeDir, UNMASKED_DIR);
  let ids: string[];
  try {
    ids = readdirSync(markers);
  } catch {
    return; // none: the usual case
  }
  for (const id of ids) {
    const dir = join(logsDir, id);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      /* no logs */
    }
    for (const name of names) if (name.endsWith(".log")) redactLogFile(join(dir, name), redactor);
    rmSync(join(markers, id), { force: true });
  }
}
