// evaluate.mjs — accuracy and macro-F1 of a model on held-out rows, plus a per-class report.
// node steps/evaluate.mjs --model MODEL.json --test TEST.csv --report REPORT.json --metrics M.json
import { classificationMetrics, need, parseFlags, readCsv, writeJson } from "./lib.mjs";
import { loadModel } from "./model.mjs";

const flags = parseFlags();
const model = loadModel(need(flags, "model"));
const path = need(flags, "test");
const { rows } = readCsv(path);
const predicted = model.predict(rows, path).map((p) => p.label);
const truth = rows.map((r) => r[model.label]);
const { accuracy, f1, perClass } = classificationMetrics(truth, predicted);
writeJson(need(flags, "report"), { rows: rows.length, accuracy, f1, perClass });
writeJson(need(flags, "metrics"), { accuracy, f1, test_rows: rows.length });
console.log(`accuracy ${accuracy.toFixed(3)}, macro-F1 ${f1.toFixed(3)} on ${rows.length} rows`);
