#!/usr/bin/env node
// bench/std/run.mjs — time and peak memory of the std.* built-ins on generated CSV tables of
// 100,000 and 1,000,000 rows (a figure, not a test). Needs `npm run build` first.
//
//   node bench/std/run.mjs                 # 100k and 1M rows
//   node bench/std/run.mjs 250000          # chosen sizes
//
// Each built-in runs in a fresh child process (`bench/std/one.mjs`) that reports its own wall
// time and peak RSS (`process.resourceUsage().maxRSS`), next to the RSS of a process that only
// loads the runtime, so the increase is what the data costs. Bounded memory shows as a peak RSS
// that does not grow with the row count.
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const ROWS = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const COUNTRIES = ["DE", "FR", "US", "BR", "JP", "IN", "NG", "GB", "ES", "IT", "CA", "MX", "KR", "AU", "SE", "NO", "PL", "NL", "BE", "CH"];
const SCHEMA = "id:int,amount:float,score:float,country:string,member:bool,note:string";

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` rows; `shift` moves `amount` and the country mix (the "current" table). */
async function generate(path, rows, seed, shift) {
  const rand = prng(seed);
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once("drain", r)));
  await write("id,amount,score,country,member,note\r\n");
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const amount = (100 + 25 * g + shift * 10).toFixed(2);
    const score = rand() < 0.01 ? "" : rand().toFixed(4); // 1% missing
    const c = COUNTRIES[Math.min(COUNTRIES.length - 1, Math.floor((rand() ** (1 + shift)) * COUNTRIES.length))];
    const note = i % 97 === 0 ? `"said ""hi"", then\r\nleft"` : i % 13 === 0 ? `"a, b"` : "ok";
    buf += `${i},${amount},${score},${c},${rand() < 0.3 ? "true" : "false"},${note}\r\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

function one(args) {
  const out = execFileSync(process.execPath, [join(here, "one.mjs"), ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop());
}

const dir = mkdtempSync(join(tmpdir(), "mlp-bench-std-"));
try {
  const baseline = one(["baseline"]);
  console.log(`node ${process.version}; a process that only loads the std runtime peaks at ${(baseline.maxRssKb / 1024).toFixed(1)} MB RSS\n`);
  console.log("| rows | file | built-in | wall time | CPU time | rows/s (CPU) | peak RSS | above baseline |");
  console.log("|---:|---:|---|---:|---:|---:|---:|---:|");
  for (const rows of ROWS) {
    const ref = join(dir, `ref-${rows}.csv`);
    const cur = join(dir, `cur-${rows}.csv`);
    await generate(ref, rows, 1, 0);
    await generate(cur, rows, 2, 0.5);
    const mb = (statSync(cur).size / 1e6).toFixed(0);
    const runs = [
      ["profile", ["profile", "--data", cur, "--schema", `data=${SCHEMA}`]],
      ["expect", ["expect", "--data", cur, "--max_null_fraction", "0.05", "--schema", `data=${SCHEMA}`]],
      ["drift", ["drift", "--current", cur, "--reference", ref, "--schema", `current=${SCHEMA}`]],
    ];
    for (const [name, args] of runs) {
      const r = one(["run", ...args, "--metrics", join(dir, `m-${name}.json`), "--report", join(dir, `r-${name}.json`)]);
      if (r.error) throw new Error(`${name}: ${r.error}`);
      const mbRss = r.maxRssKb / 1024;
      console.log(
        `| ${rows.toLocaleString("en-US")} | ${mb} MB | ${name} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${Math.round(rows / (r.cpuMs / 1000)).toLocaleString("en-US")} | ${mbRss.toFixed(0)} MB | ${(mbRss - baseline.maxRssKb / 1024).toFixed(0)} MB |`,
      );
    }
  }
  console.log("\n(drift reads the reference twice when it exceeds the sample, and the current table once.)");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
