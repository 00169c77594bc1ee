#!/usr/bin/env node
// Part of `npm run build`: built code trusts the parser tables (src/syntax/parser-tables.ts)
// without recording the grammar, so a build from a grammar whose tables are stale must fail
// here rather than ship a parser that parses the old grammar.
// Usage: node grammar/check-tables.mjs (after `tsc`, from the repository root).
import { MlpParser } from "../dist/src/syntax/parser.js";

const parser = new MlpParser({ tables: "verify" });
if (!parser.lookaheadTables.usedTables) {
  console.error("src/syntax/parser-tables.generated.ts is stale for the grammar in src/syntax/parser.ts: run `npm run gen:grammar`");
  process.exit(1);
}
