#!/usr/bin/env node
// Regenerates grammar/diagrams.html from the parser's serialized grammar.
// The rendering lives in test/syntax/grammar-sync.test.ts (which also fails when the file is
// stale), so the generator and the staleness check can never disagree; this script runs that
// test in update mode. Usage: `npm run gen:grammar`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync("npx", ["vitest", "run", "test/syntax/grammar-sync.test.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MLP_UPDATE_GRAMMAR: "1" },
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
