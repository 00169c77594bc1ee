/**
 * The README's first command, run from the built CLI exactly as a user runs it: the penguins
 * training pipeline end to end (data checks, gates, training, deploys) on the embedded store.
 * Running through `dist/` catches what tests of the TypeScript sources cannot: the compiler's
 * own emit.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, ROOT, tempDir } from "./run-cli.js";

beforeAll(() => ensureBuilt());

describe("README main job", () => {
  it("runs examples/penguins/train.mlp end to end, then re-runs from the cache", { timeout: 240_000 }, () => {
    // A store of its own, so the test neither reads nor leaves state beside the example.
    const store = join(tempDir("mlp-readme-"), "store");
    const args = ["run", "examples/penguins/train.mlp", "--approve", "production", "--store", store];
    const first = mlp(args, { cwd: ROOT, env: { CI: "true" } });
    expect(hasStackTrace(first.stderr + first.stdout), first.stderr).toBe(false);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout + first.stderr).toMatch(/run \d+ succeeded/);
    expect(existsSync(join(store, "mlp.db"))).toBe(true);
    const again = mlp(args, { cwd: ROOT, env: { CI: "true" } });
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/succeeded: 0 ran/);
    // What was tracked, with the store flag before or after the subcommand.
    for (const argv of [["runs", "show", "latest", "--store", store], ["runs", "--store", store, "show", "latest"]]) {
      const shown = mlp(argv, { cwd: ROOT });
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout).toContain("pipeline `penguins_train`");
    }
  });
});
