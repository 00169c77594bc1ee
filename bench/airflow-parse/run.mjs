// The Airflow parse benchmark: pipelines of 10, 100 and 1,000 steps (the compile bench's
// generator: components, gates, an import, an approval deploy) compiled to Airflow DAG files, and
// the time Python takes to import each file. Airflow re-parses DAG files continuously and stops an
// import after `dagbag_import_timeout` (30 s by default).
//
// Airflow itself is not installed: stand-in modules (stub_airflow.py) accept every import and
// constructor, so the figures are Python's own cost of the file (read, parse, compile, run the
// module top level) and NOT the cost of Airflow's DAG and operator constructors, which a real
// import adds. In the same run, as baselines: `python3 -c pass` (interpreter start-up) and the
// import of the stand-ins alone.
// Usage: npm run build && node bench/airflow-parse/run.mjs [--sizes 10,100,1000] [--runs 5] [--operator kubernetes|bash] [--airflow 3|2]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { generate } from "../compile/generate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt("--sizes", "10,100,1000").split(",").map(Number);
const runs = Number(opt("--runs", "5"));
const operator = opt("--operator", "kubernetes");
const airflow = opt("--airflow", "3");
const python = process.env.PYTHON ?? "python3";
const root = mkdtempSync(join(tmpdir(), "mlp-bench-airflow-"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}
function wall(cmd, argv) {
  const t0 = performance.now();
  run(cmd, argv);
  return performance.now() - t0;
}

const startup = median(Array.from({ length: runs }, () => wall(python, ["-c", "pass"])));
const stubs = median(Array.from({ length: runs }, () => wall(python, ["-c", `import sys; sys.path.insert(0, ${JSON.stringify(here)}); import stub_airflow`])));

const rows = [];
for (const n of sizes) {
  const dir = join(root, `n${n}`);
  generate(n, dir);
  // The generated pipeline gets the chosen Airflow version and operator.
  const main = join(dir, "main.mlp");
  writeFileSync(main, readFileSync(main, "utf8").replace(/\n}\n$/, `\n  target airflow { airflow_version: "${airflow}", operator: "${operator}", artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" }\n}\n`));
  const out = join(dir, "dags");
  run(process.execPath, [join(repo, "bin/mlp.js"), "compile", main, "--target", "airflow", "--out", out]);
  const file = readdirSync(out).filter((f) => f.endsWith(".py")).map((f) => join(out, f))[0];
  const inProcess = JSON.parse(run(python, [join(here, "time_import.py"), file, String(runs)]));
  const whole = median(Array.from({ length: runs }, () => wall(python, [join(here, "time_import.py"), file, "1"])));
  rows.push({ n, bytes: statSync(file).size, ...inProcess, whole });
}
const version = run(python, ["--version"]).trim();
rmSync(root, { recursive: true, force: true });
const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const lines = [
  `Airflow ${airflow} DAG files, operator ${operator}; ${version}; median of ${runs}; stand-in airflow modules (Airflow's own constructors not included)`,
  `baselines: python3 -c pass ${f(startup)} ms; importing the stand-ins ${f(stubs)} ms`,
  "",
  "| steps | file size | bytes/step | compile | run module | import (compile + run) | whole process | share of the 30 s dagbag_import_timeout |",
  "|---|---|---|---|---|---|---|---|",
];
for (const r of rows) {
  const total = r.compile + r.exec;
  lines.push(
    `| ${r.n} | ${(r.bytes / 1e3).toFixed(1)} KB | ${Math.round(r.bytes / r.n)} | ${f(r.compile)} ms | ${f(r.exec)} ms | ${f(total)} ms | ${f(r.whole)} ms | ${((total / 30000) * 100).toFixed(2)} % |`,
  );
}
console.log(lines.join("\n"));
