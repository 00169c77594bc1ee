// Instruction counts (valgrind's callgrind, every thread of the process) of the whole
// `mlp compile --target ir` and `mlp check` processes and of js-yaml loading the equivalent YAML,
// for the generated pipelines. Wall times on a shared machine move by 2x with the load; these
// counts move by about 1%, so they decide between two versions of the front end.
// Usage: npm run build && node bench/compile/instructions.mjs [--sizes 100,10000]
// Needs valgrind; a 10,000-step compile takes a few minutes under callgrind. Runs without
// NODE_EXTRA_CA_CERTS: loading a CA bundle costs every Node process ~0.43 G instructions here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

/** Instructions executed by `node argv…` under callgrind. */
function instructions(argv) {
  const out = join(root, "callgrind.out");
  const r = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, ...argv], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`valgrind node ${argv.join(" ")} failed:\n${r.stderr}`);
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, "utf8"));
  rmSync(out, { force: true });
  if (summary === null) throw new Error("no summary line in callgrind's output");
  return Number(summary[1]);
}

const g = (n) => `${(n / 1e9).toFixed(2)} G`;
console.log(`| steps | \`node -e 0\` | \`mlp check\` | \`mlp compile --target ir\` | js-yaml load | compile / js-yaml |`);
console.log("|---|---|---|---|---|---|");
const bare = instructions(["-e", "0"]);
for (const n of sizes) {
  const dir = join(root, `n${n}`);
  generate(n, dir);
  const check = instructions(["bin/mlp.js", "check", join(dir, "main.mlp")]);
  const compile = instructions(["bin/mlp.js", "compile", join(dir, "main.mlp"), "--target", "ir", "--out", join(dir, "ir")]);
  const yaml = instructions(["-e", `require("js-yaml").load(require("fs").readFileSync(${JSON.stringify(join(dir, "pipeline.yaml"))}, "utf8"))`]);
  console.log(`| ${n} | ${g(bare)} | ${g(check)} | ${g(compile)} | ${g(yaml)} | ${(compile / yaml).toFixed(2)} |`);
}
rmSync(root, { recursive: true, force: true });
