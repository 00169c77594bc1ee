import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One worker per core, not vitest's default of one fewer: most tests wait on the processes they
    // start (mlp, bash, python3, actionlint), so on a 2-core CI machine the default runs the suite
    // in a single worker with a core idle.
    maxWorkers: availableParallelism(),
  },
});
