/**
 * Golden-file assertion: compares `actual` with the committed file. `UPDATE_GOLDEN=1 npm test`
 * (or `npm run test:update`) rewrites the goldens; review the diff like code.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run \`UPDATE_GOLDEN=1 npx vitest run\` and review it`);
  expect(actual, `differs from ${path} (re-bless with UPDATE_GOLDEN=1 after review)`).toBe(readFileSync(path, "utf8"));
}
