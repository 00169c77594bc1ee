// train.mjs — trains a random forest (ml-random-forest) to predict the species and saves it as
// JSON together with its feature encoder and class names.
// node steps/train.mjs --data TRAIN.csv --trees 50 --max-depth 8 --seed 42 --model MODEL.json --metrics M.json
import { RandomForestClassifier } from "ml-random-forest";
import { LABEL, classificationMetrics, encode, fail, fitEncoder, need, parseFlags, readCsv, voteWithShare, writeJson } from "./lib.mjs";

const flags = parseFlags();
const trees = Number(need(flags, "trees"));
const maxDepth = Number(need(flags, "max-depth"));
const seed = Number(need(flags, "seed"));
if (!Number.isInteger(trees) || trees < 1) fail(`--trees must be a positive integer, got \`${flags.trees}\``, 2);
const path = need(flags, "data");
const { rows } = readCsv(path);
if (rows.length === 0) fail(`${path}: no rows to train on`);

const encoder = fitEncoder(rows);
const classes = [...new Set(rows.map((r) => r[LABEL]))].sort();
const X = rows.map((r, i) => encode(encoder, r, `${path}: row ${i + 1}`));
const y = rows.map((r) => classes.indexOf(r[LABEL]));
const forest = new RandomForestClassifier({
  seed,
  nEstimators: trees,
  maxFeatures: 0.7,
  replacement: true,
  useSampleBagging: true,
  noOOB: true,
  treeOptions: { maxDepth },
});
forest.train(X, y);

const predicted = voteWithShare(forest, X).map((p) => classes[p.label]);
const { accuracy } = classificationMetrics(rows.map((r) => r[LABEL]), predicted);
writeJson(need(flags, "model"), { format: "mlp-example/random-forest@1", label: LABEL, classes, encoder, forest: forest.toJSON() }, { compact: true });
writeJson(need(flags, "metrics"), { train_accuracy: accuracy, train_rows: rows.length });
console.log(`trained ${trees} trees on ${rows.length} rows; training accuracy ${accuracy.toFixed(3)}`);
