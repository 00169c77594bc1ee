/**
 * The last resort of a forced stop (a second Ctrl-C): when the executor cannot wind a run down in
 * time (a built-in step computing inside this process, a prompt waiting for an answer), the run
 * is recorded `cancelled` here and its scratch folder removed, so nothing is left `running`.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "./store.js";

/** Records run `runId` (still `running`) as cancelled and removes its temporary files. */
export function abandonRun(store: Store, runId: number): void {
  const now = new Date().toISOString();
  store.db
    .transaction(() => {
      store.db
        .prepare("UPDATE runs SET status = 'cancelled', ended_at = ?, message = 'stopped by a second interrupt before its steps had ended' WHERE id = ? AND status = 'running'")
        .run(now, runId);
      store.db.prepare("UPDATE run_steps SET status = 'cancelled' WHERE run_id = ? AND status = 'running'").run(runId);
    })
    .immediate();
  removeRunTmp(store, runId);
}

/** Removes run `runId`'s folders under `.mlp/tmp` (named `RUN` or `RUN-…`). */
export function removeRunTmp(store: Store, runId: number): void {
  let names: string[];
  try {
    names = readdirSync(store.tmpDir);
  } catch {
    return;
  }
  for (const name of names) if (name.split(/[-.]/)[0] === String(runId)) rmSync(join(store.tmpDir, name), { recursive: true, force: true });
}
