// Front-end time and size cases of issue #13, each `mlp` command in a fresh process, timed with
// wall clock, CPU (user + system, from /usr/bin/time when present) and peak RSS:
//   1. "did you mean" for an unknown name one letter off a declared name of 20,000 / 80,000 chars;
//   2. 5,000 diagnostics on one 20 KB line, in the human and the short format;
//   3. a ~30 MB generated pipeline (bench/compile/generate.mjs, 110,000 steps): check, compile
//      --target ir --out, fmt --check, lint; and 1,000,000 one-line steps compiled to the IR.
// CPU time is the figure to compare on a shared machine: wall time includes waiting for a core.
// Usage: npm run build && node bench/frontend-scale/run.mjs [--mlp bin/mlp.js] [--cases 1,2,3]
//        [--timeout 600] [--steps 110000]
// `--mlp` runs another build (e.g. a checkout of the previous commit) for a before/after table.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "../compile/generate.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const mlp = resolve(opt("--mlp", "bin/mlp.js"));
const cases = opt("--cases", "1,2,3").split(",").map(Number);
const timeoutS = Number(opt("--timeout", "600"));
const bigSteps = Number(opt("--steps", "110000"));
const root = mkdtempSync(join(tmpdir(), "mlp-bench-fe-"));
const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);

/** Runs `mlp ...argv` in `cwd`; wall ms, CPU s, peak RSS MB, exit status and the first error code. */
function run(argv, cwd) {
  const cmd = hasTime ? TIME : process.execPath;
  const full = hasTime ? ["-f", "\n@@ %U %S %M", process.execPath, mlp, ...argv] : [mlp, ...argv];
  const t0 = performance.now();
  const r = spawnSync(cmd, full, { cwd, stdio: ["ignore", "ignore", "pipe"], timeout: timeoutS * 1000, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const err = r.stderr?.toString() ?? "";
  const m = /@@ ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(err);
  return {
    ms,
    cpu: m ? Number(m[1]) + Number(m[2]) : undefined,
    rssMb: m ? Number(m[3]) / 1024 : undefined,
    status: r.error ? "timeout" : String(r.status),
    code: /MLP\d{4}/.exec(err)?.[0] ?? "",
    lines: err.split("\n").filter((l) => /^(error|warning)\[MLP/.test(l)).length,
  };
}

const rows = [];
function row(label, argv, cwd) {
  const r = run(argv, cwd);
  rows.push({ label, ...r });
  const f = (x, d = 1) => (x === undefined ? "-" : x.toFixed(d));
  console.log(`| ${label} | ${(r.ms / 1000).toFixed(2)} s | ${f(r.cpu, 2)} s | ${f(r.rssMb, 0)} MB | ${r.status}${r.code ? ` ${r.code}` : ""} |`);
}

console.log(`mlp: ${mlp}\n`);
console.log("| case | wall | CPU (user+sys) | peak RSS | exit, first code |");
console.log("|---|---|---|---|---|");

if (cases.includes(1)) {
  for (const n of [20_000, 80_000]) {
    const dir = join(root, `dym${n}`);
    spawnSync("mkdir", ["-p", dir]);
    const declared = "a".repeat(n);
    const used = "a".repeat(n - 1) + "b";
    const step = (name, input) => [`  step ${name} {`, `    inputs { data: ${input} }`, "    outputs { out: Table<Row> }", '    image "python:3.12-slim"', '    run "true ${data} ${out}"', "  }"];
    const text = ["schema Row { id: string }", "pipeline p {", '  dataset raw: Table<Row> = "data/raw.csv"', ...step(declared, "raw"), ...step("t", `${used}.out`), "}", ""].join("\n");
    writeFileSync(join(dir, "main.mlp"), text);
    row(`1. did you mean, ${n.toLocaleString("en")}-char name: check`, ["check", "main.mlp"], dir);
  }
}

if (cases.includes(2)) {
  const dir = join(root, "diags");
  spawnSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "main.mlp"), "pipeline p { " + "@   ".repeat(5000) + "}\n");
  const kb = (statSync(join(dir, "main.mlp")).size / 1024).toFixed(0);
  row(`2. 5,000 diagnostics on one ${kb} KB line: check (human)`, ["check", "main.mlp"], dir);
  row(`2. 5,000 diagnostics on one ${kb} KB line: check --format short`, ["check", "--format", "short", "main.mlp"], dir);
}

if (cases.includes(3)) {
  const dir = join(root, "big");
  generate(bigSteps, dir);
  const mb = (statSync(join(dir, "main.mlp")).size / 1e6).toFixed(1);
  const label = `3. ${mb} MB, ${bigSteps.toLocaleString("en")} steps`;
  row(`${label}: check`, ["check", "main.mlp"], dir);
  row(`${label}: compile --target ir --out`, ["compile", "main.mlp", "--target", "ir", "--out", "ir"], dir);
  row(`${label}: fmt --check`, ["fmt", "--check", "main.mlp"], dir);
  row(`${label}: lint`, ["lint", "main.mlp"], dir);
  const mdir = join(root, "million");
  spawnSync("mkdir", ["-p", mdir]);
  const parts = ["pipeline p {"];
  for (let i = 0; i < 1_000_000; i++) parts.push(`  step s${i} { run "t" }`);
  parts.push("}", "");
  writeFileSync(join(mdir, "main.mlp"), parts.join("\n"));
  const mmb = (statSync(join(mdir, "main.mlp")).size / 1e6).toFixed(1);
  row(`3. ${mmb} MB, 1,000,000 one-line steps: compile --target ir --out`, ["compile", "main.mlp", "--target", "ir", "--out", "ir"], mdir);
}

rmSync(root, { recursive: true, force: true });
