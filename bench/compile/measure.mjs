// Measures one compile in a fresh process: parse, check and lower times, throughput and peak
// RSS, as JSON on stdout. Run by bench/compile/run.mjs; needs `npm run build` first.
// Usage: node bench/compile/measure.mjs DIR
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const dir = process.argv[2];
const { loadProgram, checkProgram } = await import("../../dist/src/compile.js");
const { lowerProgram } = await import("../../dist/src/ir/lower.js");
const { nodeHost } = await import("../../dist/src/source/host.js");

// Building the parser (grammar analysis) is a one-off cost per process: time it on its own.
const { parse } = await import("../../dist/src/syntax/parse.js");
const w0 = performance.now();
parse("pipeline warmup {\n}\n", "warmup.mlp");
const parserInitMs = performance.now() - w0;

const entry = join(dir, "main.mlp");
const bytes = statSync(entry).size + statSync(join(dir, "components.mlp")).size;
const t0 = performance.now();
const loaded = loadProgram(entry, nodeHost);
const t1 = performance.now();
const checked = checkProgram(loaded.program);
const t2 = performance.now();
if (!checked.checked) {
  console.error(checked.diagnostics.slice(0, 3));
  process.exit(1);
}
const ir = lowerProgram(checked.checked);
const t3 = performance.now();
const json = JSON.stringify(ir);
const result = {
  bytes,
  parserInitMs,
  parseMs: t1 - t0,
  checkMs: t2 - t1,
  lowerMs: t3 - t2,
  totalMs: t3 - t0,
  irBytes: json.length,
  diagnostics: loaded.diagnostics.length + checked.diagnostics.length,
};
const emitTargets = (process.env.BENCH_TARGETS ?? "").split(",").filter(Boolean);
if (emitTargets.length > 0) {
  const { BUILTIN_TARGETS } = await import("../../dist/targets/index.js");
  result.emit = {};
  for (const name of emitTargets) {
    const target = BUILTIN_TARGETS.find((t) => t.name === name);
    if (!target) continue;
    const ctx = { mlpVersion: "0.0.0", optionsFor: (p) => p.targets[name]?.options ?? {} };
    const e0 = performance.now();
    const out = target.emit(ir, ctx);
    const e1 = performance.now();
    result.emit[name] = { ms: e1 - e0, bytes: out.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0), files: out.files.length };
  }
}
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + "\n");
