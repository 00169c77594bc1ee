// split.mjs — stratified train/test split: each species is shuffled with a fixed seed and
// `test-fraction` of it (rounded) goes to the test set, so both sets keep the class balance.
// node steps/split.mjs --data IN.csv --test-fraction 0.25 --seed 42 --train TRAIN.csv --test TEST.csv --metrics M.json
import { LABEL, fail, need, parseFlags, prng, readCsv, writeCsv, writeJson } from "./lib.mjs";

const flags = parseFlags();
const fraction = Number(need(flags, "test-fraction"));
if (!(fraction > 0 && fraction < 1)) fail(`--test-fraction must be between 0 and 1, got \`${flags["test-fraction"]}\``, 2);
const rand = prng(Number(need(flags, "seed")));
const { columns, rows } = readCsv(need(flags, "data"));
if (!columns.includes(LABEL)) fail(`${flags.data}: no \`${LABEL}\` column`);

const byClass = new Map();
for (const r of rows) byClass.set(r[LABEL], [...(byClass.get(r[LABEL]) ?? []), r]);
const train = [];
const test = [];
for (const label of [...byClass.keys()].sort()) {
  const group = byClass.get(label);
  for (let i = group.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [group[i], group[j]] = [group[j], group[i]];
  }
  const nTest = Math.round(group.length * fraction);
  test.push(...group.slice(0, nTest));
  train.push(...group.slice(nTest));
}
writeCsv(need(flags, "train"), columns, train);
writeCsv(need(flags, "test"), columns, test);
writeJson(need(flags, "metrics"), { train_rows: train.length, test_rows: test.length });
console.log(`train ${train.length} rows, test ${test.length} rows`);
