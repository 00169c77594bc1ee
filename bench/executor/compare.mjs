#!/usr/bin/env node
/**
 * A/B of two mlp builds on the same machine in the same run, alternating, so a loaded machine
 * slows both alike: `node bench/executor/compare.mjs OTHER_BIN [N] [REPS]`, where OTHER_BIN is
 * another checkout's `bin/mlp.js` (built). This checkout's `bin/mlp.js` must be built too.
 *
 * On a chain of N trivial steps (gen.mjs) it times, per build: a full run from clean (`-j2`), the
 * no-op re-run (the replay), `--from` the last step (the executor over N-1 cached steps and one
 * that runs), and a dry run. Prints medians in ms and the ratio this/other.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, toMlp } from "./gen.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const THIS = resolve(HERE, "..", "..", "bin", "mlp.js");
const [otherArg, nArg = "1000", repsArg = "5"] = process.argv.slice(2);
if (otherArg === undefined) {
  process.stderr.write("usage: node bench/executor/compare.mjs OTHER_BIN [N] [REPS]\n");
  process.exit(2);
}
const OTHER = resolve(otherArg);
const N = Number(nArg);
const REPS = Number(repsArg);

function timed(bin, args, cwd) {
  const t0 = performance.now();
  const r = spawnSync("node", [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-1000)}`);
  return ms;
}

function workload() {
  const dir = mkdtempSync(join(tmpdir(), "mlp-ab-"));
  writeFileSync(join(dir, "pipeline.mlp"), toMlp(build("chain", N)));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "input.txt"), "x\n");
  return dir;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scenarios = ["full", "noop", "from-last", "dry"];
const times = { this: Object.fromEntries(scenarios.map((s) => [s, []])), other: Object.fromEntries(scenarios.map((s) => [s, []])) };

for (let rep = 0; rep < REPS; rep++) {
  for (const [who, bin] of rep % 2 === 0 ? [["this", THIS], ["other", OTHER]] : [["other", OTHER], ["this", THIS]]) {
    const dir = workload();
    try {
      const run = (...extra) => timed(bin, ["run", "pipeline.mlp", "-j2", "-q", "--store", ".mlp", ...extra], dir);
      times[who]["dry"].push(run("--dry-run"));
      times[who]["full"].push(run());
      times[who]["noop"].push(run());
      times[who]["from-last"].push(run("--from", `s${N - 1}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const rows = scenarios.map((s) => {
  const a = median(times.this[s]);
  const b = median(times.other[s]);
  return `| ${s} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)} |`;
});
process.stdout.write(`chain of ${N} steps, ${REPS} runs each, medians in ms\n\n| scenario | this | other | this/other |\n|---|---|---|---|\n${rows.join("\n")}\n`);
