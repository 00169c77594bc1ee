// The compile benchmark: generated pipelines of 100, 1,000 and 10,000 steps. Prints parse,
// check and lower times, MB/s and peak RSS (each size in a fresh process), whole-process
// `mlp compile --target ir` wall time, and as a yardstick in the same run the time js-yaml takes
// to load an equivalent YAML description (node start-up included for both), and whole-process
// `mlp check` beside `node -e 0` (also of the same pipeline with a `target` block for each backend,
// as real pipelines have), and the minor page faults of each (/usr/bin/time, when installed).
// Usage: npm run build && node bench/compile/run.mjs [--sizes 100,1000,10000] [--runs 3] [--write]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "./generate.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt("--sizes", "100,1000,10000").split(",").map(Number);
const runs = Number(opt("--runs", "3"));
const targets = opt("--targets", "github,argo,airflow");
const write = args.includes("--write");
const root = mkdtempSync(join(tmpdir(), "mlp-bench-compile-"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function wall(cmd, argv) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed: ${r.stderr}`);
  return performance.now() - t0;
}

/**
 * Minor page faults of one run of the command (GNU time's `%R`), or undefined without
 * /usr/bin/time. On a VM each first touch of a page can cost ~10-15 µs (docs/benchmarks.md), so
 * the memory a process touches is a cost of its own that instruction counts do not show.
 */
const GNU_TIME = "/usr/bin/time";
function faults(cmd, argv) {
  if (!existsSync(GNU_TIME)) return undefined;
  const r = spawnSync(GNU_TIME, ["-f", "mlp-bench-faults %R", cmd, ...argv], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const m = /mlp-bench-faults (\d+)/.exec(r.stderr ?? "");
  return r.status === 0 && m ? Number(m[1]) : undefined;
}

/**
 * The generated pipeline with a `target` block for each backend after its first line: what
 * `mlp check` then validates (each block against its target's options schema) costs too.
 */
const TARGET_BLOCKS = ['  target github { runs_on: "ubuntu-latest" }', '  target argo { namespace: "ml" }', '  target airflow { artifact_root: "/mnt/a", artifact_volume: "a" }'];
function withTargetBlocks(text) {
  const i = text.indexOf("\n", text.indexOf("pipeline big {")) + 1;
  return text.slice(0, i) + TARGET_BLOCKS.join("\n") + "\n" + text.slice(i);
}

const rows = [];
for (const n of sizes) {
  const dir = join(root, `n${n}`);
  generate(n, dir);
  writeFileSync(join(dir, "with-targets.mlp"), withTargetBlocks(readFileSync(join(dir, "main.mlp"), "utf8")));
  const phases = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ["bench/compile/measure.mjs", dir], { env: { ...process.env, BENCH_TARGETS: targets } });
    phases.push(JSON.parse(out.toString()));
  }
  const pick = (f) => median(phases.map(f));
  const cli = [];
  const checkCli = [];
  const checkTargetsCli = [];
  const yamlLoad = [];
  const nodeBare = [];
  const compileArgs = ["bin/mlp.js", "compile", join(dir, "main.mlp"), "--target", "ir", "--out", join(dir, "ir")];
  const checkArgs = ["bin/mlp.js", "check", join(dir, "main.mlp")];
  const checkTargetsArgs = ["bin/mlp.js", "check", join(dir, "with-targets.mlp")];
  // One untimed run of each command first: the first run after a build writes the CLI's code
  // cache (bin/bundle-loader.js), which every later run (and every user's second run) reads.
  wall(process.execPath, compileArgs);
  wall(process.execPath, checkArgs);
  wall(process.execPath, checkTargetsArgs);
  for (let i = 0; i < runs; i++) {
    cli.push(wall(process.execPath, compileArgs));
    checkCli.push(wall(process.execPath, checkArgs));
    checkTargetsCli.push(wall(process.execPath, checkTargetsArgs));
    yamlLoad.push(wall(process.execPath, ["-e", `require("js-yaml").load(require("fs").readFileSync(${JSON.stringify(join(dir, "pipeline.yaml"))}, "utf8"))`]));
    nodeBare.push(wall(process.execPath, ["-e", "0"]));
  }
  const yamlArgs = ["-e", `require("js-yaml").load(require("fs").readFileSync(${JSON.stringify(join(dir, "pipeline.yaml"))}, "utf8"))`];
  const pageFaults = { check: faults(process.execPath, checkArgs), compile: faults(process.execPath, compileArgs), yaml: faults(process.execPath, yamlArgs), node: faults(process.execPath, ["-e", "0"]) };
  const emit = {};
  for (const t of targets.split(",")) {
    const ms = phases.map((p) => p.emit?.[t]?.ms).filter((x) => x !== undefined);
    if (ms.length > 0) emit[t] = { ms: median(ms), bytes: phases[0].emit[t].bytes, files: phases[0].emit[t].files };
  }
  rows.push({
    n,
    mb: phases[0].bytes / 1e6,
    yamlMb: statSync(join(dir, "pipeline.yaml")).size / 1e6,
    init: pick((p) => p.parserInitMs),
    parse: pick((p) => p.parseMs),
    lex: pick((p) => p.lexMs),
    tokens: phases[0].tokens,
    irPrint: pick((p) => p.irPrintMs),
    irWrite: pick((p) => p.irWriteMs),
    irMb: phases[0].irPrettyBytes / 1e6,
    check: pick((p) => p.checkMs),
    lower: pick((p) => p.lowerMs),
    total: pick((p) => p.totalMs),
    rss: pick((p) => p.frontRssMb),
    cli: median(cli),
    checkCli: median(checkCli),
    checkTargetsCli: median(checkTargetsCli),
    yaml: median(yamlLoad),
    nodeBare: median(nodeBare),
    pageFaults,
    emit,
  });
}
rmSync(root, { recursive: true, force: true });

const f = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const lines = [];
lines.push(`Machine: ${execFileSync("nproc").toString().trim()} cores, node ${process.version}; median of ${runs} runs; sizes ${sizes.join(", ")} steps.`, "");
lines.push("| steps | source | parse | check | lower | parse+check+lower | MB/s | peak RSS (front end) | `mlp compile --target ir` (process) | js-yaml load of equivalent YAML (process) | ratio mlp / js-yaml |");
lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  lines.push(`| ${r.n} | ${r.mb.toFixed(2)} MB | ${f(r.parse)} | ${f(r.check)} | ${f(r.lower)} | ${f(r.total)} | ${(r.mb / (r.total / 1000)).toFixed(1)} | ${r.rss.toFixed(0)} MB | ${f(r.cli)} | ${f(r.yaml)} (${r.yamlMb.toFixed(2)} MB) | ${(r.cli / r.yaml).toFixed(2)} |`);
}
lines.push(
  "",
  `Whole processes, medians in the same run (after one untimed run that writes the code cache)${process.env.NODE_EXTRA_CA_CERTS ? "; NODE_EXTRA_CA_CERTS is set, which every Node process here pays for" : "; NODE_EXTRA_CA_CERTS is not set"}:`,
  "",
  "| steps | `mlp check` (process) | `mlp check`, with a `target` block for each backend (process) | `mlp compile --target ir` (process) | `node -e 0` |",
  "|---|---|---|---|---|",
);
for (const r of rows) lines.push(`| ${r.n} | ${f(r.checkCli)} | ${f(r.checkTargetsCli)} | ${f(r.cli)} | ${f(r.nodeBare)} |`);
const pf = (x) => (x === undefined ? "n/a" : x.toLocaleString("en-US"));
lines.push("", "Minor page faults of one run of each process (`/usr/bin/time -f %R`): the pages of memory it touched, about 4 KB each.", "");
lines.push("| steps | `mlp check` | `mlp compile --target ir` | js-yaml load | `node -e 0` |", "|---|---|---|---|---|");
for (const r of rows) lines.push(`| ${r.n} | ${pf(r.pageFaults.check)} | ${pf(r.pageFaults.compile)} | ${pf(r.pageFaults.yaml)} | ${pf(r.pageFaults.node)} |`);
lines.push("", `One-off cost of loading and building the parser per process (included in the process times): ${f(median(rows.map((r) => r.init)))}.`);
const small = rows.find((r) => r.n === 1000);
const big = rows.find((r) => r.n === 10000);
if (small && big) lines.push(`Growth 1,000 -> 10,000 steps (parse+check+lower): ${(big.total / small.total).toFixed(1)}x.`);
lines.push("", "Inside the phases (each timed again on its own after the front end, so with warm code): lexing the entry file (part of parse), and the IR file as `mlp compile --target ir --out` makes it: the compact JSON (the IR target's `emit`), then indented and written a megabyte at a time.", "");
lines.push("| steps | tokens | lex | IR file | IR as compact JSON | indent and write IR |", "|---|---|---|---|---|---|");
for (const r of rows) lines.push(`| ${r.n} | ${r.tokens} | ${f(r.lex)} | ${r.irMb.toFixed(2)} MB | ${f(r.irPrint)} | ${f(r.irWrite)} |`);
const emitRows = rows.filter((r) => Object.keys(r.emit).length > 0);
if (emitRows.length > 0) {
  lines.push("", "| steps | target | emit time | output size | files |", "|---|---|---|---|---|");
  for (const r of emitRows) for (const [t, e] of Object.entries(r.emit)) lines.push(`| ${r.n} | ${t} | ${f(e.ms)} | ${(e.bytes / 1e6).toFixed(2)} MB | ${e.files} |`);
}
const table = lines.join("\n");
console.log(table);

if (write) {
  const path = "docs/benchmarks.md";
  const doc = readFileSync(path, "utf8");
  const start = "<!-- compile-bench:start -->";
  const end = "<!-- compile-bench:end -->";
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`${path} has no ${start} … ${end} section`);
  writeFileSync(path, doc.slice(0, a + start.length) + "\n" + table + "\n" + doc.slice(b));
  console.log(`\nwrote the table into ${path}`);
}
