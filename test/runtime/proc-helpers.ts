/**
 * Process helpers for the interrupt and chaos tests: find step processes by a tag in their
 * command line, wait for a condition, wait for a child to exit.
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** How many live processes have `tag` in their command line. */
export function processesWith(tag: string): number {
  let n = 0;
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const cmdline = readFileSync(`/proc/${p}/cmdline`, "latin1").split("\0").join(" ");
      if (!cmdline.includes(tag)) continue;
      // A zombie (state Z, not yet reaped) is dead already.
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] !== "Z") n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

/** Resolves once `cond()` holds; throws after `ms`. */
export async function waitFor(cond: () => boolean, ms = 20_000, what = "a condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The exit code (or signal name) of `child` once it exits. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((r) => child.once("exit", (code, sig) => r(code ?? sig ?? "?")));
}

/** How many live processes are steps of the store in `storeDir` (they inherit `MLP_STORE_DIR`). */
export function stepsOfStore(storeDir: string): number {
  let n = 0;
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (!readFileSync(`/proc/${p}/environ`, "latin1").includes(`\0MLP_STORE_DIR=${storeDir}\0`)) continue;
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] !== "Z") n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

/** A small seeded generator (mulberry32): the same moments on every run of a test. */
export { prng as seeded } from "../../src/runtime/std/stats.js";
