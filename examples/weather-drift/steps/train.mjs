// train.mjs — trains a random forest (ml-random-forest) predicting the weather type from the
// day's measurements and month; saves it as JSON with its class names.
// node steps/train.mjs --data TRAIN.csv --trees 20 --seed 7 --model MODEL.json --metrics M.json
import { RandomForestClassifier } from "ml-random-forest";
import { LABEL, classificationMetrics, encode, fail, need, parseFlags, readCsv, voteWithShare, writeJson } from "./lib.mjs";

const flags = parseFlags();
const trees = Number(need(flags, "trees"));
const seed = Number(need(flags, "seed"));
if (!Number.isInteger(trees) || trees < 1) fail(`--trees must be a positive integer, got \`${flags.trees}\``, 2);
const path = need(flags, "data");
const { rows } = readCsv(path);
if (rows.length === 0) fail(`${path}: no rows to train on`);

const classes = [...new Set(rows.map((r) => r[LABEL]))].sort();
const X = rows.map((r, i) => encode(r, `${path}: row ${i + 1}`));
const y = rows.map((r) => classes.indexOf(r[LABEL]));
const forest = new RandomForestClassifier({
  seed,
  nEstimators: trees,
  maxFeatures: 0.7,
  replacement: true,
  useSampleBagging: true,
  noOOB: true,
  treeOptions: { maxDepth: 8 },
});
forest.train(X, y);

const predicted = voteWithShare(forest, X).map((p) => classes[p.label]);
const { accuracy } = classificationMetrics(rows.map((r) => r[LABEL]), predicted);
writeJson(need(flags, "model"), { format: "mlp-example/weather-forest@1", label: LABEL, classes, forest: forest.toJSON() }, { compact: true });
writeJson(need(flags, "metrics"), { train_accuracy: accuracy, train_rows: rows.length });
console.log(`trained ${trees} trees on ${rows.length} days; training accuracy ${accuracy.toFixed(3)}`);
