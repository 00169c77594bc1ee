// bench/std/one.mjs — one measured run for bench/std/run.mjs, in its own process:
//   node bench/std/one.mjs baseline                     # load the runtime only
//   node bench/std/one.mjs run <mlp std arguments…>     # e.g. run drift --current a.csv …
// Prints one JSON line: { ms, cpuMs, maxRssKb } (or { error }).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { runStd } = await import(join(root, "dist", "src", "cli", "commands", "std.js"));
const [mode, builtin, ...args] = process.argv.slice(2);
let result;
if (mode === "baseline") {
  result = { ms: 0, maxRssKb: process.resourceUsage().maxRSS };
} else {
  let stderr = "";
  const streams = { stdout: process.stdout, stderr: { write: (s) => ((stderr += s), true) } };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const code = await runStd(builtin, args, streams);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  result = code === 0 ? { ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS } : { error: stderr.trim() || `exit ${code}` };
}
process.stdout.write(JSON.stringify(result) + "\n");
