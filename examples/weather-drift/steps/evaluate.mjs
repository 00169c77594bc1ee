// evaluate.mjs — accuracy and macro-F1 of a weather model on labelled days, with a per-class report.
// node steps/evaluate.mjs --model MODEL.json --data DAYS.csv --report REPORT.json --metrics M.json
import { readFileSync } from "node:fs";
import { RandomForestClassifier } from "ml-random-forest";
import { classificationMetrics, encode, fail, need, parseFlags, readCsv, voteWithShare, writeJson } from "./lib.mjs";

const flags = parseFlags();
const modelPath = need(flags, "model");
let saved;
try {
  saved = JSON.parse(readFileSync(modelPath, "utf8"));
} catch (e) {
  fail(`${modelPath}: not a model file (${e.message})`);
}
if (saved.format !== "mlp-example/weather-forest@1") fail(`${modelPath}: not a model written by train.mjs`);
const forest = RandomForestClassifier.load(saved.forest);

const path = need(flags, "data");
const { rows } = readCsv(path);
const X = rows.map((r, i) => encode(r, `${path}: row ${i + 1}`));
const predicted = voteWithShare(forest, X).map((p) => saved.classes[p.label]);
const { accuracy, f1, perClass } = classificationMetrics(rows.map((r) => r[saved.label]), predicted);
writeJson(need(flags, "report"), { rows: rows.length, accuracy, f1, perClass });
writeJson(need(flags, "metrics"), { accuracy, f1 });
console.log(`accuracy ${accuracy.toFixed(3)}, macro-F1 ${f1.toFixed(3)} on ${rows.length} days`);
