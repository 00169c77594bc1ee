/**
 * The process groups of the steps (and `command` deploys) running in this process, so a second
 * Ctrl-C can SIGKILL all of them at once instead of waiting out their SIGTERM grace period. The
 * launchers register a killer for each job while it runs; `killAllSteps` calls every one.
 */

/** Signals one running job's whole process group. */
export type GroupKiller = (signal: NodeJS.Signals) => void;

const live = new Set<GroupKiller>();
let forced = false;

/** Registers the killer of a job that just started; call the returned function when it ends. */
export function trackGroup(kill: GroupKiller): () => void {
  live.add(kill);
  // A job started after the force (a race with the scheduler) is killed at once.
  if (forced) kill("SIGKILL");
  return () => live.delete(kill);
}

/**
 * SIGKILLs the process group of every running job, now and for any job that starts later in this
 * process (the run is being abandoned). Returns how many jobs were signalled.
 */
export function killAllSteps(): number {
  forced = true;
  for (const kill of live) kill("SIGKILL");
  return live.size;
}

/** True once `killAllSteps` was called: launchers escalate straight to SIGKILL. */
export function stepsForced(): boolean {
  return forced;
}
