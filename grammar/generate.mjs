#!/usr/bin/env node
// Regenerates grammar/diagrams.html from the parser's serialized grammar, the member-keyword
// pattern of grammar/mlp.tmLanguage.json from src/syntax/member-words.ts, and the parser's
// lookahead tables (src/syntax/parser-tables.generated.ts) from its grammar.
// The rendering lives in the tests that also fail when a file is stale
// (test/syntax/grammar-sync.test.ts, test/syntax/member-words.test.ts,
// test/syntax/parser-tables.test.ts), so the generator and the
// staleness checks can never disagree; this script runs them in update mode.
// Usage: `npm run gen:grammar`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync("npx", ["vitest", "run", "test/syntax/grammar-sync.test.ts", "test/syntax/member-words.test.ts", "test/syntax/parser-tables.test.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MLP_UPDATE_GRAMMAR: "1" },
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
