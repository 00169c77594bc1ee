#!/usr/bin/env node
/**
 * Executor benchmark: the same generated DAGs (chain, wide fan-in, diamond-layers) of trivial
 * shell steps, run side by side by `mlp run -j2`, `make -j2`, `snakemake -j2`, and N bare
 * `sh -c true` spawns as the floor. Reports full-run (from clean), no-op re-run and dry-run
 * times per tool, as ratios to make, plus per-step slopes. See bench/executor/README.md.
 *
 * Usage: npm run bench:executor   (env: BENCH_NS=10,100,1000 BENCH_SHAPES=chain,wide,diamond-layers
 *        BENCH_REPS=3 BENCH_SNAKEMAKE=1 BENCH_DIR=/tmp/… BENCH_OUT=bench/executor/results/latest.json)
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, toIr, toMlp } from "./gen.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
/** mlp is built into the workload directory, so a rebuild of the repository's dist/ mid-run cannot disturb it. */
let MLP = join(ROOT, "bin", "mlp.js");
/** The peers' workload generator (make, snakemake, cwltool), kept beside this script. */
const GEN_PY = join(HERE, "gen.py");
const NS = (process.env.BENCH_NS ?? "10,100,1000").split(",").map(Number);
const SHAPES = (process.env.BENCH_SHAPES ?? "chain,wide,diamond-layers").split(",");
const REPS = Number(process.env.BENCH_REPS ?? 3);
const WANT_SNAKE = process.env.BENCH_SNAKEMAKE !== "0";
const WORK = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), "mlp-bench-"));
const OUT = process.env.BENCH_OUT ?? join(HERE, "results", "latest.json");
/** Snakemake's full and no-op runs only up to this N (its dry run always); it needs minutes at 1,000. */
const SNAKE_MAX_N = Number(process.env.BENCH_SNAKE_MAX_N ?? 1000);

function sh(cmd, cwd) {
  return spawnSync("/bin/sh", ["-c", cmd], { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 1 << 28 });
}

function ensureSnakemake() {
  if (!WANT_SNAKE) return false;
  if (sh("command -v snakemake").status === 0) return true;
  process.stderr.write("snakemake not found: installing the Debian package (apt-get install -y snakemake)…\n");
  const sudo = process.getuid && process.getuid() !== 0 ? "sudo " : "";
  let r = sh(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y snakemake`);
  if (r.status !== 0) r = sh(`${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y snakemake`);
  const ok = sh("command -v snakemake").status === 0;
  if (!ok) process.stderr.write(`could not install snakemake; continuing without it\n${r.stderr.slice(-500)}\n`);
  return ok;
}

/** Wall time in ms of one command (whole process), after `prepare` (untimed). */
function time(cmd, cwd, prepare) {
  if (prepare) sh(prepare, cwd);
  const t0 = process.hrtime.bigint();
  const r = sh(cmd, cwd);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !cmd.startsWith("make -q")) throw new Error(`\`${cmd}\` in ${cwd} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function reps(n, tool, label) {
  // No-op and dry runs take well under a second for make and mlp: a median of several is cheap.
  // Their full runs at N=1,000 set the per-step slope, so they get a median too (snakemake's
  // take minutes and only decide "faster than snakemake", with a wide margin).
  if (tool !== "snakemake" && (label !== "full" || n >= 1000)) return REPS;
  if (n >= 1000) return 1;
  if (n >= 100 || tool === "snakemake") return Math.max(1, Math.min(REPS, 2));
  return REPS;
}

function measure(label, n, tool, cmd, cwd, prepare) {
  const k = reps(n, tool, label);
  const xs = [];
  for (let i = 0; i < k; i++) xs.push(time(cmd, cwd, prepare));
  const m = median(xs);
  process.stderr.write(`  ${label.padEnd(8)} ${tool.padEnd(10)} ${fmt(m).padStart(9)}  (${k} run${k > 1 ? "s" : ""})\n`);
  return m;
}

function fmt(ms) {
  if (ms === undefined || ms === null) return "-";
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function canCompileMlp(dir) {
  return sh(`node ${JSON.stringify(MLP)} check pipeline.mlp`, dir).status === 0;
}

function main() {
  const buildDir = join(WORK, "mlp");
  mkdirSync(join(buildDir, "bin"), { recursive: true });
  // `npm run build` compiles and bundles the CLI into dist/; a copy keeps this run's build fixed.
  const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (built.status !== 0) {
    // Someone else's half-edited file: measure the last good build rather than nothing.
    if (!existsSync(join(ROOT, "dist", "cli", "mlp.cjs"))) throw new Error(`npm run build failed:\n${built.stderr.slice(-2000)}`);
    process.stderr.write(`npm run build failed; benchmarking the existing dist/\n${built.stderr.slice(-500)}\n`);
  }
  rmSync(join(buildDir, "dist"), { recursive: true, force: true });
  cpSync(join(ROOT, "dist"), join(buildDir, "dist"), { recursive: true });
  for (const file of ["mlp.js", "bundle-loader.js"]) writeFileSync(join(buildDir, "bin", file), readFileSync(join(ROOT, "bin", file)));
  writeFileSync(join(buildDir, "package.json"), readFileSync(join(ROOT, "package.json")));
  if (!existsSync(join(buildDir, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(buildDir, "node_modules"));
  MLP = join(buildDir, "bin", "mlp.js");
  const haveSnake = ensureSnakemake();
  const versions = {
    node: process.version,
    make: sh("make --version").stdout.split("\n")[0],
    snakemake: haveSnake ? sh("snakemake --version").stdout.trim() : null,
    mlp: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    nproc: sh("nproc").stdout.trim(),
    load: sh("cat /proc/loadavg").stdout.trim(),
  };
  process.stderr.write(`workloads in ${WORK}\n${JSON.stringify(versions)}\n`);
  const results = [];
  for (const shape of SHAPES) {
    for (const n of NS) {
      const dir = join(WORK, `${shape}-${n}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      sh(`python3 ${JSON.stringify(GEN_PY)} ${shape} ${n} .`, dir);
      const steps = build(shape, n);
      writeFileSync(join(dir, "pipeline.mlp"), toMlp(steps));
      writeFileSync(join(dir, "pipeline.ir.json"), JSON.stringify(toIr(steps)));
      const input = canCompileMlp(dir) ? "pipeline.mlp" : "pipeline.ir.json";
      const mlp = `node ${JSON.stringify(MLP)} run ${input} -j2 -q --store .mlp`;
      const clean = "rm -rf out .snakemake .mlp";
      process.stderr.write(`${shape} N=${n} (${steps.length} steps, mlp reads ${input})\n`);
      const row = { shape, n, steps: steps.length, input, t: {} };
      const floorCmd = `i=0; while [ $i -lt ${steps.length} ]; do sh -c true; i=$((i+1)); done`;
      row.t.floor = measure("floor", n, "sh -c true", floorCmd, dir);
      row.t.make = { full: measure("full", n, "make", "make -s -j2", dir, clean) };
      row.t.make.noop = measure("no-op", n, "make", "make -s -j2", dir);
      row.t.make.dry = measure("dry", n, "make", "make -n > /dev/null", dir, clean);
      row.t.mlp = { full: measure("full", n, "mlp", mlp, dir, clean) };
      row.t.mlp.noop = measure("no-op", n, "mlp", mlp, dir);
      row.t.mlp.dry = measure("dry", n, "mlp", `${mlp} --dry-run`, dir, clean);
      // Check that mlp computed what make computed: the final step's output, byte for byte.
      sh(clean, dir);
      sh("make -s -j2", dir);
      sh(mlp, dir);
      const shown = JSON.parse(sh(`node ${JSON.stringify(MLP)} runs show latest --store .mlp --format json`, dir).stdout);
      const last = steps[steps.length - 1].name;
      const art = shown.artifacts.find((a) => a.step === last && a.direction === "out");
      const obj = join(dir, ".mlp", "objects", art.hash.slice(0, 2), art.hash);
      row.sameOutput = readFileSync(obj, "utf8") === readFileSync(join(dir, "out", `${last}.txt`), "utf8");
      if (!row.sameOutput) process.stderr.write(`  ! mlp's output of \`${last}\` differs from make's\n`);
      if (haveSnake) {
        const snake = "snakemake -j2 -q";
        row.t.snakemake = {};
        if (n <= SNAKE_MAX_N) {
          row.t.snakemake.full = measure("full", n, "snakemake", snake, dir, clean);
          row.t.snakemake.noop = measure("no-op", n, "snakemake", snake, dir);
        }
        row.t.snakemake.dry = measure("dry", n, "snakemake", `${snake} -n`, dir, clean);
      }
      results.push(row);
      // Write what we have after every workload, so an interrupted run still reports.
      mkdirSync(dirname(OUT), { recursive: true });
      writeFileSync(OUT, JSON.stringify({ versions, results }, null, 1));
      writeFileSync(join(dirname(OUT), "latest.md"), renderReport(results, versions));
    }
  }
  const report = renderReport(results, versions);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ versions, results }, null, 1));
  writeFileSync(join(dirname(OUT), "latest.md"), report);
  process.stdout.write(report);
  if (!process.env.BENCH_DIR) rmSync(WORK, { recursive: true, force: true });
}

function ratio(a, b) {
  return a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`;
}

/** Least-squares slope (ms per step) over the rows of one shape. */
function slope(rows, pick) {
  const pts = rows.map((r) => [r.steps, pick(r)]).filter(([, y]) => y !== undefined);
  if (pts.length < 2) return undefined;
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const num = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

function renderReport(results, versions) {
  let s = `# Executor benchmark\n\n${versions.nproc} cores, load ${versions.load.split(" ").slice(0, 3).join(" ")} at start; ${versions.make}; snakemake ${versions.snakemake ?? "not installed"}; node ${versions.node}.\n`;
  s += "Whole-process wall time, median of the runs; ratios are to `make -j2` in the same scenario.\n\n";
  for (const scen of ["full", "noop", "dry"]) {
    const title = { full: "Full run from clean", noop: "No-op re-run (everything up to date)", dry: "Dry run from clean" }[scen];
    s += `## ${title}\n\n| shape | N | make -j2 | mlp -j2 | mlp / make | snakemake -j2 | snakemake / make | mlp faster than snakemake |${scen === "full" ? " sh -c true floor |" : ""}\n`;
    s += `|---|---|---|---|---|---|---|---|${scen === "full" ? "---|" : ""}\n`;
    for (const r of results) {
      const mk = r.t.make[scen];
      const ml = r.t.mlp[scen];
      const sn = r.t.snakemake?.[scen];
      s += `| ${r.shape} | ${r.n} | ${fmt(mk)} | ${fmt(ml)} | ${ratio(ml, mk)} | ${fmt(sn)} | ${ratio(sn, mk)} | ${sn === undefined ? "-" : ml < sn ? `yes (${ratio(sn, ml)})` : "**no**"} |${scen === "full" ? ` ${fmt(r.t.floor)} |` : ""}\n`;
    }
    s += "\n";
  }
  s += "## Per-step cost (least-squares slope over N, full run from clean)\n\n| shape | make -j2 ms/step | mlp -j2 ms/step | mlp / make (goal <= 1.5) | snakemake ms/step | floor ms/step |\n|---|---|---|---|---|---|\n";
  const goals = [];
  for (const shape of [...new Set(results.map((r) => r.shape))]) {
    const rows = results.filter((r) => r.shape === shape);
    const mk = slope(rows, (r) => r.t.make.full);
    const ml = slope(rows, (r) => r.t.mlp.full);
    const sn = slope(rows, (r) => r.t.snakemake?.full);
    const fl = slope(rows, (r) => r.t.floor);
    s += `| ${shape} | ${mk?.toFixed(2) ?? "-"} | ${ml?.toFixed(2) ?? "-"} | ${ratio(ml, mk)} | ${sn?.toFixed(2) ?? "-"} | ${fl?.toFixed(2) ?? "-"} |\n`;
    if (mk !== undefined && ml !== undefined) goals.push([`per-step overhead <= 1.5x make (${shape})`, ml / mk <= 1.5, ratio(ml, mk)]);
  }
  for (const r of results.filter((x) => x.n === 1000)) goals.push([`no-op re-run of ${r.steps} steps <= 0.3 s (${r.shape})`, r.t.mlp.noop <= 300, fmt(r.t.mlp.noop)]);
  const slower = results.flatMap((r) => ["full", "noop", "dry"].filter((k) => r.t.snakemake?.[k] !== undefined && !(r.t.mlp[k] < r.t.snakemake[k])).map((k) => `${r.shape}/${r.n}/${k}`));
  if (results.some((r) => r.t.snakemake)) goals.push(["faster than snakemake everywhere", slower.length === 0, slower.length === 0 ? "all" : `slower in ${slower.join(", ")}`]);
  goals.push(["mlp's final output equals make's", results.every((r) => r.sameOutput), results.every((r) => r.sameOutput) ? "all" : "differs"]);
  s += "\n## Goals\n\n| goal | met | figure |\n|---|---|---|\n" + goals.map(([g, ok, f]) => `| ${g} | ${ok ? "yes" : "**no**"} | ${f} |`).join("\n") + "\n";
  return s;
}

main();
