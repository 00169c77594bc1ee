/**
 * A small private file system for fault tests: `unshare -r -m` gives the test a user and mount
 * namespace in which it may mount a tmpfs of a few MiB (to fill the disk) and remount it read-only,
 * without privileges on the host. Where user namespaces are not allowed the tests that need one are
 * skipped with a one-line notice (`TMPFS_SKIP_NOTICE`), except under `CI=true`, where that fails.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one shell script printed and returned inside the namespace. */
export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `script` with `sh` in a new user and mount namespace, where `$MNT` is an empty tmpfs of
 * `sizeKb` KiB (gone when the script ends). `env` is added to the script's environment.
 */
export function inTmpfs(script: string, sizeKb: number, env: Record<string, string> = {}, timeoutMs = 120_000): ScriptResult {
  const mnt = mkdtempSync(join(tmpdir(), "mlp-tmpfs-"));
  try {
    const r = spawnSync("unshare", ["-r", "-m", "sh", "-ec", `mount -t tmpfs -o size=${sizeKb}k tmpfs "$MNT"\n${script}`], {
      env: { ...process.env, ...env, MNT: mnt, NO_COLOR: "1", CI: "1", MLP_DEBUG: "" },
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  } finally {
    rmSync(mnt, { recursive: true, force: true });
  }
}

/** True when this machine lets an unprivileged process mount a tmpfs in its own namespace. */
export const CAN_MOUNT_TMPFS: boolean = (() => {
  try {
    return inTmpfs('touch "$MNT/x" && mount -o remount,ro "$MNT"', 64, {}, 10_000).status === 0;
  } catch {
    return false;
  }
})();

/** Whether tests needing a tmpfs must run: always under CI=true (a CI that cannot mount one fails). */
export const MUST_MOUNT_TMPFS = process.env.CI === "true";

/** Prints the one-line notice for `test` when it is skipped. */
export function noticeIfSkipped(test: string): void {
  if (!CAN_MOUNT_TMPFS && !MUST_MOUNT_TMPFS) console.warn(`${test}: skipped, this machine does not allow \`unshare -r -m\` to mount a tmpfs (user namespaces are off)`);
}
