/**
 * Writes one file in place (`mlp fmt`, `mlp graph -o`): to a temporary sibling first, renamed over
 * the file, so an interrupted or failed write never leaves half a file. A write the file system
 * refuses (read-only, no permission, full) is an MLP9102 diagnostic naming the file, never MLP9001.
 */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../diagnostics/render/location.js";
import { writeTextFileSync } from "../source/write-text.js";
import { ioReason } from "./write-outputs.js";

/** Writes `text` to `path`; undefined when written, else why not. */
export function writeFileInPlace(path: string, text: string): Diagnostic | undefined {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.mlp-tmp`);
  try {
    writeTextFileSync(tmp, text, { flag: "wx", mode: 0o644 });
    renameSync(tmp, path);
    return undefined;
  } catch (e) {
    rmSync(tmp, { force: true });
    return diagnostic("MLP9102", "error", `cannot write \`${path}\`: ${ioReason(e)}`, NO_LOCATION, {
      help: ["make the file and its directory writable (or free space on a full disk), then run again"],
    });
  }
}
