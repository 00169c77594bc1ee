/**
 * Spawns the built CLI (`bin/mlp.js`, which runs `dist/`) the way a user would, and captures
 * its exit code and output. Builds `dist/` first when it is missing (`npm test` builds anyway).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The CLI entry a user runs. */
export const BIN = join(ROOT, "bin", "mlp.js");

/** What one CLI run printed and returned. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Makes sure `dist/` exists (type errors elsewhere do not stop tsc from emitting). */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, "dist", "src", "cli", "main.js"))) return;
  spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "ignore" });
}

/** Runs `mlp ARGS…` in `cwd` with a clean environment (no colour unless `env` asks). */
export function mlp(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, MLP_DEBUG: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory. */
export function tempDir(prefix = "mlp-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** True when `text` looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(text) || text.includes("node:internal");
}
