// predict.mjs — scores a batch: each row gets the predicted species and the share of trees that
// voted for it.
// node steps/predict.mjs --model MODEL.json --data BATCH.csv --out PREDICTIONS.csv --metrics M.json
import { need, parseFlags, readCsv, writeCsv, writeJson } from "./lib.mjs";
import { loadModel } from "./model.mjs";

const flags = parseFlags();
const model = loadModel(need(flags, "model"));
const path = need(flags, "data");
const { columns, rows } = readCsv(path);
const scored = model.predict(rows, path).map((p, i) => ({ ...rows[i], predicted_species: p.label, probability: p.share }));
const features = columns.filter((c) => c !== model.label);
writeCsv(need(flags, "out"), [...features, "predicted_species", "probability"], scored);
const mean = scored.length === 0 ? 0 : scored.reduce((s, r) => s + r.probability, 0) / scored.length;
writeJson(need(flags, "metrics"), { rows: scored.length, mean_probability: mean });
console.log(`scored ${scored.length} rows; mean vote share ${mean.toFixed(3)}`);
