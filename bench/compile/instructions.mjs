// Instruction counts (valgrind's callgrind: every thread, and the main thread) of the whole
// `mlp compile --target ir` and `mlp check` processes and of js-yaml loading the equivalent YAML,
// for the generated pipelines. Wall times on a shared machine move by 2x with the load; these
// counts move by about 1%, so they decide between two versions of the front end.
// Usage: npm run build && node bench/compile/instructions.mjs [--sizes 100,10000]
// Needs valgrind; a 10,000-step compile takes a few minutes under callgrind. Runs without
// NODE_EXTRA_CA_CERTS: loading a CA bundle costs every Node process ~0.43 G instructions here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "./generate.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--sizes");
const sizes = (at >= 0 ? args[at + 1] : "100,10000").split(",").map(Number);
const root = mkdtempSync(join(tmpdir(), "mlp-bench-instructions-"));

if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("valgrind is not installed");
  process.exit(2);
}

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

/**
 * Instructions executed by `node argv…` under callgrind: all threads, and the main thread alone
 * (what a user waits for on an idle machine; TurboFan compiles on background threads).
 */
function instructions(argv) {
  const dir = mkdtempSync(join(root, "callgrind-"));
  const r = spawnSync("valgrind", ["--tool=callgrind", "--separate-threads=yes", `--callgrind-out-file=${join(dir, "out")}`, process.execPath, ...argv], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`valgrind node ${argv.join(" ")} failed:\n${r.stderr}`);
  let all = 0;
  let main = 0;
  for (const file of readdirSync(dir)) {
    // One file per thread (`out-01` is the main thread's), each with a summary line.
    const summary = /^summary: (\d+)/m.exec(readFileSync(join(dir, file), "utf8"));
    if (summary === null) continue;
    all += Number(summary[1]);
    if (file.endsWith("-01")) main = Number(summary[1]);
  }
  rmSync(dir, { recursive: true, force: true });
  if (main === 0) throw new Error("no main-thread summary in callgrind's output");
  return { all, main };
}

const g = ({ all, main }) => `${(all / 1e9).toFixed(2)} G (main ${(main / 1e9).toFixed(2)} G)`;
console.log(`| steps | \`node -e 0\` | \`mlp check\` | \`mlp compile --target ir\` | js-yaml load | compile / js-yaml (all threads) |`);
console.log("|---|---|---|---|---|---|");
const bare = instructions(["-e", "0"]);
for (const n of sizes) {
  const dir = join(root, `n${n}`);
  generate(n, dir);
  const check = instructions(["bin/mlp.js", "check", join(dir, "main.mlp")]);
  const compile = instructions(["bin/mlp.js", "compile", join(dir, "main.mlp"), "--target", "ir", "--out", join(dir, "ir")]);
  const yaml = instructions(["-e", `require("js-yaml").load(require("fs").readFileSync(${JSON.stringify(join(dir, "pipeline.yaml"))}, "utf8"))`]);
  console.log(`| ${n} | ${g(bare)} | ${g(check)} | ${g(compile)} | ${g(yaml)} | ${(compile.all / yaml.all).toFixed(2)} |`);
}
rmSync(root, { recursive: true, force: true });
