// Measures one compile in a fresh process: parse, check and lower times, throughput and peak
// RSS, as JSON on stdout. Run by bench/compile/run.mjs; needs `npm run build` first.
// Usage: node bench/compile/measure.mjs DIR
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const dir = process.argv[2];
// Loading the parser module builds the Chevrotain parser (and loads its many small modules):
// a one-off cost per process, timed on its own.
const i0 = performance.now();
const { parse } = await import("../../dist/src/syntax/parse.js");
parse("pipeline warmup {\n}\n", "warmup.mlp");
const parserInitMs = performance.now() - i0;
const { timedFrontEnd } = await import("./front-end.mjs");


const entry = join(dir, "main.mlp");
const bytes = statSync(entry).size + statSync(join(dir, "components.mlp")).size;

/**
 * The front end, in a function so that its syntax trees and checker tables are garbage once it
 * returns, as in `mlp compile` (which keeps only the IR): the targets then run beside the IR alone.
 */
function frontEnd() {
  const { ir, diagnostics, phases } = timedFrontEnd(entry);
  const [[, t0, t1], [, , t2], [, , t3]] = phases;
  // Peak memory of the front end alone, before any target runs in this process.
  const frontRssMb = process.resourceUsage().maxRSS / 1024;
  return { ir, stats: { parseMs: t1 - t0, checkMs: t2 - t1, lowerMs: t3 - t2, totalMs: t3 - t0, frontRssMb, diagnostics } };
}

const { ir, stats } = frontEnd();

// Phases timed on their own after the front end (so warm): lexing the entry file (part of
// `parseMs`), and the IR file as `mlp compile --target ir --out` makes it: the IR target's
// `emit` (the compact JSON), then the file indented and written a piece at a time
// (`EmittedFile.stream`, src/source/indented-json.ts).
const { lex } = await import("../../dist/src/syntax/lexer.js");
const { irTarget } = await import("../../dist/src/target/ir-target.js");
const { writeStreamedFileSync } = await import("../../dist/src/source/write-text.js");
const entryText = readFileSync(entry, "utf8");
const l0 = performance.now();
const lexed = lex(entryText);
const lexMs = performance.now() - l0;
const tokens = lexed.tokens.length;
const p0 = performance.now();
const [irFile] = irTarget.emit(ir, { mlpVersion: "0.0.0", optionsFor: () => ({}) }).files;
const p1 = performance.now();
const scratch = mkdtempSync(join(tmpdir(), "mlp-bench-ir-"));
const irPath = join(scratch, "main.ir.json");
writeStreamedFileSync(irPath, irFile.stream);
const p2 = performance.now();
const irPrettyBytes = statSync(irPath).size;
rmSync(scratch, { recursive: true, force: true });
const irPrintMs = p1 - p0;
const irWriteMs = p2 - p1;

const json = JSON.stringify(ir);
const result = {
  bytes,
  parserInitMs,
  ...stats,
  lexMs,
  tokens,
  irPrintMs,
  irWriteMs,
  irPrettyBytes,
  irBytes: json.length,
};
const emitTargets = (process.env.BENCH_TARGETS ?? "").split(",").filter(Boolean);
if (emitTargets.length > 0) {
  const { BUILTIN_TARGETS } = await import("../../dist/targets/index.js");
  result.emit = {};
  for (const name of emitTargets) {
    const target = BUILTIN_TARGETS.find((t) => t.name === name);
    if (!target) continue;
    // The generated pipeline lives in a temporary directory, outside any repository: tell the
    // GitHub target where it sits instead of letting it refuse (MLP5115).
    // Airflow's kubernetes pods share artifacts through a claim (without one: MLP5320).
    const extra =
      name === "github"
        ? { source_dir: "pipelines" }
        : name === "airflow"
          ? { artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" }
          : {};
    const ctx = { mlpVersion: "0.0.0", optionsFor: (p) => ({ ...extra, ...(p.targets[name]?.options ?? {}) }) };
    const e0 = performance.now();
    const out = target.emit(ir, ctx);
    const e1 = performance.now();
    // A pipeline over GitHub's limits (MLP5130 500 KB, MLP5131 256 jobs) or Argo's (MLP5230, 1.5
    // MiB per Kubernetes object) is built and printed in full, then refused: the time still
    // measures the whole emit.
    const LIMITS = new Set(["MLP5130", "MLP5131", "MLP5230"]);
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    const unexpected = errors.filter((d) => !LIMITS.has(d.code));
    if (unexpected.length > 0) throw new Error(`${name}: ${unexpected[0].code} ${unexpected[0].message}`);
    result.emit[name] = { ms: e1 - e0, bytes: out.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0), files: out.files.length };
    if (errors.length > 0) result.emit[name].refused = [...new Set(errors.map((d) => d.code))];
  }
}
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + "\n");
