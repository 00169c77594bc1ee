// The front end cold and warm: parse, check and lower the same pipeline several times in one
// process, and js-yaml's load of the equivalent YAML likewise in another, with the garbage
// collector's share of each phase. The first pass is what `mlp compile` pays (code not yet
// optimised, heap not yet grown); the last is close to what the code itself costs once V8 has
// optimised it. Prints a table.
// Usage: npm run build && node bench/compile/warm.mjs [DIR] [PASSES]
//   DIR: a pipeline from bench/compile/generate.mjs (default: 10,000 steps, generated into a
//   temporary folder); PASSES: default 4.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// `--child mlp|js-yaml DIR PASSES`: one tool's passes, as JSON; each tool gets a fresh process,
// so that neither starts on a heap the other has grown.
const child = process.argv[2] === "--child" ? process.argv[3] : undefined;
const args = child === undefined ? process.argv.slice(2) : process.argv.slice(4);
const passes = Number(args[1] ?? 4);
let dir = args[0];
let scratch;
if (child === undefined && dir === undefined) {
  scratch = mkdtempSync(join(tmpdir(), "mlp-bench-warm-"));
  dir = scratch;
  execFileSync(process.execPath, [join(here, "generate.mjs"), "10000", dir]);
}
const entry = join(dir, "main.mlp");
const yamlPath = join(dir, "pipeline.yaml");
if (!existsSync(entry)) throw new Error(`${dir} holds no main.mlp (make one with bench/compile/generate.mjs)`);

if (child !== undefined) {
  // Every collection's start and duration; read once all passes are done (entries arrive late).
  const gcs = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration });
  }).observe({ entryTypes: ["gc"] });
  const rounds = [];
  if (child === "mlp") {
    const { timedFrontEnd } = await import("./front-end.mjs");
    // The front end in a function so that each pass's trees are garbage before the next.
    const pass = () => timedFrontEnd(entry).phases;
    for (let k = 0; k < passes; k++) rounds.push(pass());
  } else {
    const yaml = createRequire(import.meta.url)("js-yaml");
    for (let k = 0; k < passes; k++) {
      const t0 = performance.now();
      yaml.load(readFileSync(yamlPath, "utf8"));
      rounds.push([["load", t0, performance.now()]]);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gcWithin = (from, to) => gcs.filter((g) => g.start >= from && g.start < to).reduce((n, g) => n + g.ms, 0);
  const out = rounds.map((phases) => phases.map(([name, a, b]) => ({ name, ms: b - a, gcMs: gcWithin(a, b) })));
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const run = (tool) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", tool, dir, String(passes)], { encoding: "utf8", maxBuffer: 1 << 20 }));
const mlp = run("mlp");
const yaml = run("js-yaml");
if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });

const f = (ms) => `${ms.toFixed(0)} ms`;
const cell = (p) => `${f(p.ms)} (${f(p.gcMs)})`;
const lines = [
  `${entry} and js-yaml's load of the equivalent YAML, ${passes} passes each, each tool in one fresh process (Node ${process.version}). In brackets: the time the garbage collector paused the main thread within the phase.`,
  "",
  "| pass | parse (GC) | check (GC) | lower (GC) | parse+check+lower | js-yaml load (GC) |",
  "|---|---|---|---|---|---|",
];
for (let k = 0; k < passes; k++) {
  const m = mlp[k];
  lines.push(`| ${k + 1} | ${m.map(cell).join(" | ")} | ${f(m.reduce((n, p) => n + p.ms, 0))} | ${cell(yaml[k][0])} |`);
}
process.stdout.write(lines.join("\n") + "\n");
