// The front end timed phase by phase, shared by bench/compile/measure.mjs and warm.mjs.
// Needs `npm run build` first.
import { performance } from "node:perf_hooks";

const { loadProgram, checkProgram } = await import("../../dist/src/compile.js");
const { lowerProgram } = await import("../../dist/src/ir/lower.js");
const { nodeHost } = await import("../../dist/src/source/host.js");

/**
 * Parses (with imports), checks and lowers `entry`; throws when it does not check. Returns the IR,
 * the diagnostics count and `phases`: `[name, start, end]` in `performance.now()` milliseconds.
 * Call it from a function that returns only what it keeps, so the syntax trees and checker
 * tables are garbage afterwards, as in `mlp compile` (which keeps only the IR).
 */
export function timedFrontEnd(entry) {
  const t0 = performance.now();
  const loaded = loadProgram(entry, nodeHost);
  const t1 = performance.now();
  const checked = checkProgram(loaded.program);
  const t2 = performance.now();
  if (!checked.checked) throw new Error(`${entry} does not check: ${checked.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const ir = lowerProgram(checked.checked);
  const t3 = performance.now();
  return {
    ir,
    diagnostics: loaded.diagnostics.length + checked.diagnostics.length,
    phases: [
      ["parse", t0, t1],
      ["check", t1, t2],
      ["lower", t2, t3],
    ],
  };
}
