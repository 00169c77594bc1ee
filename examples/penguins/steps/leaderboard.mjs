// leaderboard.mjs — a Markdown table of every point of a sweep, best first, from a collected
// directory (one entry per point plus points.json, as mlp delivers `collect(…)`).
// node steps/leaderboard.mjs --reports DIR --metric evaluate.f1 --out LEADERBOARD.md
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fail, need, parseFlags } from "./lib.mjs";

const flags = parseFlags();
const dir = need(flags, "reports");
const [step, metric] = need(flags, "metric").split(".");
let points;
try {
  points = JSON.parse(readFileSync(join(dir, "points.json"), "utf8"));
} catch (e) {
  fail(`cannot read ${join(dir, "points.json")}: ${e.message}`);
}
const score = (p) => p.metrics?.[step]?.[metric];
const ranked = points.filter((p) => typeof score(p) === "number").sort((a, b) => score(b) - score(a) || a.index - b.index);
const dims = Object.keys(points[0]?.values ?? {});
const lines = [
  `| rank | ${dims.join(" | ")} | ${step}.${metric} | accuracy |`,
  `|---|${dims.map(() => "---|").join("")}---|---|`,
  ...ranked.map((p, i) => {
    const report = JSON.parse(readFileSync(join(dir, p.entry), "utf8"));
    return `| ${i + 1} | ${dims.map((d) => p.values[d]).join(" | ")} | ${score(p).toFixed(3)} | ${report.accuracy.toFixed(3)} |`;
  }),
];
const unfinished = points.length - ranked.length;
if (unfinished > 0) lines.push("", `${unfinished} point(s) did not finish.`);
writeFileSync(need(flags, "out"), lines.join("\n") + "\n");
console.log(lines.slice(0, 5).join("\n"));
