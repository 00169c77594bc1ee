#!/usr/bin/env node
/**
 * Sweep benchmark (issue #15), whole `mlp` processes, alternating workloads in one run so a loaded
 * machine slows them alike:
 *   1. planning a 1,000-point sweep (40 x 25) with `mlp run pipeline.mlp --dry-run` in a fresh
 *      directory (no IR cache: parse, check, lower, plan; goal: <= 1 s), beside the dry run of a
 *      1,000-step chain (bench/executor's), `mlp --version` (start-up floor) and the same sweep as
 *      an `.ir.json` (which pays the IR JSON Schema's compilation at the boundary);
 *   2. per-point overhead of a local sweep vs per-step overhead of a plain chain (goal: <= 1.5x):
 *      full runs from clean at -j1 of SMALL and LARGE points/steps; the slope (LARGE - SMALL) /
 *      (LARGE - SMALL steps) is the cost of one more point or step, start-up and fan-in excluded.
 * Usage: npm run build && node bench/sweep/run.mjs   (env: BENCH_REPS=5 BENCH_SMALL=20 BENCH_LARGE=200)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, toIr, toMlp } from "../executor/gen.mjs";
import { sweepIr, sweepMlp } from "./gen.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const MLP = resolve(HERE, "..", "..", "bin", "mlp.js");
const REPS = Number(process.env.BENCH_REPS ?? 5);
const SMALL = Number(process.env.BENCH_SMALL ?? 20);
const LARGE = Number(process.env.BENCH_LARGE ?? 200);

/** A fresh directory with `pipeline.mlp` (a string) or `pipeline.ir.json` (an object). */
function workload(pipeline) {
  const dir = mkdtempSync(join(tmpdir(), "mlp-sweep-bench-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "input.txt"), "x\n");
  if (typeof pipeline === "string") writeFileSync(join(dir, "pipeline.mlp"), pipeline);
  else writeFileSync(join(dir, "pipeline.ir.json"), JSON.stringify(pipeline));
  return dir;
}

function timed(args, cwd) {
  const t0 = performance.now();
  const r = spawnSync("node", [MLP, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`mlp ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-1500)}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = (dir, file, ...extra) => timed(["run", file, "-q", "--store", ".mlp", ...extra], dir);
/** A grid of n points: n/10 x 10 when n divides by 10 (a 2-D grid), else n x 1. */
const grid = (n) => (n % 10 === 0 ? sweepMlp(n / 10, 10) : sweepMlp(n, 1));

const t = { version: [], dryChain: [], drySweep: [], drySweepIr: [], chainSmall: [], chainLarge: [], sweepSmall: [], sweepLarge: [] };
for (let rep = 0; rep < REPS; rep++) {
  const jobs = [
    () => t.version.push(timed(["--version"], HERE)),
    ...[
      ["dryChain", () => toMlp(build("chain", 1000)), "pipeline.mlp"],
      ["drySweep", () => sweepMlp(40, 25), "pipeline.mlp"],
      ["drySweepIr", () => sweepIr(40, 25), "pipeline.ir.json"],
    ].map(([k, pipeline, file]) => () => {
      const d = workload(pipeline());
      t[k].push(run(d, file, "--dry-run"));
      rmSync(d, { recursive: true, force: true });
    }),
    ...[
      ["chainSmall", () => toMlp(build("chain", SMALL))],
      ["chainLarge", () => toMlp(build("chain", LARGE))],
      ["sweepSmall", () => grid(SMALL)],
      ["sweepLarge", () => grid(LARGE)],
    ].map(([k, pipeline]) => () => {
      const d = workload(pipeline());
      t[k].push(run(d, "pipeline.mlp", "-j1"));
      rmSync(d, { recursive: true, force: true });
    }),
  ];
  // Alternate the order so drift in the machine's load falls on every workload.
  for (const j of rep % 2 === 0 ? jobs : [...jobs].reverse()) j();
}

const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const perStep = (m.chainLarge - m.chainSmall) / (LARGE - SMALL);
const perPoint = (m.sweepLarge - m.sweepSmall) / (LARGE - SMALL);
const f = (x) => x.toFixed(0);
process.stdout.write(`medians of ${REPS} runs, ms (whole processes)

| planning (--dry-run) | ms | ratio |
|---|---|---|
| mlp --version (start-up floor) | ${f(m.version)} | 1.00 |
| 1,000-step chain, .mlp | ${f(m.dryChain)} | ${(m.dryChain / m.version).toFixed(2)} |
| 1,000-point sweep (40 x 25), .mlp | ${f(m.drySweep)} | ${(m.drySweep / m.version).toFixed(2)} |
| 1,000-point sweep (40 x 25), .ir.json | ${f(m.drySweepIr)} | ${(m.drySweepIr / m.version).toFixed(2)} |

goal: 1,000-point plan (.mlp) <= 1000 ms: ${m.drySweep <= 1000 ? "met" : "NOT met"}

| full run from clean, -j1 | ${SMALL} | ${LARGE} | per step/point |
|---|---|---|---|
| chain (steps) | ${f(m.chainSmall)} | ${f(m.chainLarge)} | ${perStep.toFixed(2)} |
| sweep (points) | ${f(m.sweepSmall)} | ${f(m.sweepLarge)} | ${perPoint.toFixed(2)} |

per-point / per-step: ${(perPoint / perStep).toFixed(2)}x (goal <= 1.5x: ${perPoint / perStep <= 1.5 ? "met" : "NOT met"})
`);
