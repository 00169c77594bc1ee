/**
 * Reads the files named on the command line before compiling them, so a missing file, a
 * directory, a binary or an oversized file is one clear MLP9101 line and exit code 2, not a
 * source diagnostic.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import type { Host } from "../source/host.js";

/** MLP9101 for each of `paths` the host cannot read (the readable ones stay cached in the host). */
export function unreadableInputs(paths: readonly string[], host: Host): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of paths) {
    const r = host.readFile(p);
    if (r.ok) continue;
    out.push(diagnostic("MLP9101", "error", r.detail, NO_LOCATION));
  }
  return out;
}
