#!/usr/bin/env node
// prepare-data.mjs — builds the small CSV files the examples ship under `examples/*/data/`
// from the copies of the datasets in the npm package `vega-datasets` (a dev install is enough).
//
//   node examples/prepare-data.mjs          # rewrite the CSVs (committed; a fresh `npm ci` needs nothing else)
//   node examples/prepare-data.mjs --check  # exit 1 if the committed CSVs differ from what it would write
//
// The output is deterministic: a fixed-seed shuffle, fixed column order, `\n` line ends.
// Licences and citations of both datasets are in each `data/README.md`.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The package exports only its entry point (`build/index.js`); its data folder sits beside `build/`.
const vegaData = join(dirname(require.resolve("vega-datasets")), "..", "data");
const check = process.argv.includes("--check");

/** mulberry32: a tiny seeded PRNG, so the shuffle is the same on every machine. */
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

function shuffle(rows, seed) {
  const out = rows.slice();
  const rand = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** RFC 4180 field: quoted only when it must be. Null and undefined become an empty field. */
function field(v) {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(columns, rows) {
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => field(r[c])).join(","));
  return lines.join("\n") + "\n";
}

let stale = 0;
function write(rel, text) {
  const path = join(here, rel);
  if (check) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
      console.error(`stale: ${rel}`);
      stale++;
    }
    return;
  }
  writeFileSync(path, text);
  console.log(`wrote ${rel} (${text.split("\n").length - 2} rows)`);
}

// ---------------------------------------------------------------------------------------------
// Palmer penguins: 344 rows. Columns renamed to the palmerpenguins R package's names; the one
// `"."` in Sex is a missing value, as is null; sex is lower-cased as in palmerpenguins.
const PENGUIN_COLUMNS = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"];
const penguins = JSON.parse(readFileSync(join(vegaData, "penguins.json"), "utf8")).map((r) => ({
  species: r["Species"],
  island: r["Island"],
  bill_length_mm: r["Beak Length (mm)"],
  bill_depth_mm: r["Beak Depth (mm)"],
  flipper_length_mm: r["Flipper Length (mm)"],
  body_mass_g: r["Body Mass (g)"],
  sex: r["Sex"] === "." || r["Sex"] == null ? null : String(r["Sex"]).toLowerCase(),
}));
const shuffled = shuffle(penguins, 20260101);
// 264 labelled rows are the training data; the first 200 of them stand for the snapshot the
// current model was trained on (the drift reference); the other 80 rows, complete ones only and
// without the label, are the "new batch" the prediction pipeline scores.
const labelled = shuffled.slice(0, 264);
const reference = labelled.slice(0, 200);
const complete = (r) => PENGUIN_COLUMNS.every((c) => r[c] !== null && r[c] !== undefined);
const batch = shuffled.slice(264).filter(complete);
write("penguins/data/penguins.csv", toCsv(PENGUIN_COLUMNS, labelled));
write("penguins/data/penguins_reference.csv", toCsv(PENGUIN_COLUMNS, reference));
write("penguins/data/penguins_batch.csv", toCsv(PENGUIN_COLUMNS.slice(1), batch));

// ---------------------------------------------------------------------------------------------
// Seattle weather: 1,461 days, 2012-2015, already clean. Split by year, with a `month` column
// (1-12) added after `date`: the model's season feature, and a column drift can compare (a date
// itself always "drifts": no day of 2014 occurs in 2012-2013).
const weatherText = readFileSync(join(vegaData, "seattle-weather.csv"), "utf8").replace(/\r\n/g, "\n").trimEnd();
const [header, ...days] = weatherText.split("\n");
if (!header.startsWith("date,")) throw new Error(`unexpected seattle-weather.csv header: ${header}`);
const withMonth = (line) => line.replace(/^(\d{4})-(\d{2})-(\d{2}),/, (all, _y, m) => `${all}${Number(m)},`);
const byYears = (years) =>
  [header.replace(/^date,/, "date,month,"), ...days.filter((d) => years.includes(d.slice(0, 4))).map(withMonth)].join("\n") + "\n";
write("weather-drift/data/weather-2012-2013.csv", byYears(["2012", "2013"]));
write("weather-drift/data/weather-2014.csv", byYears(["2014"]));
write("weather-drift/data/weather-2015.csv", byYears(["2015"]));

if (stale > 0) {
  console.error(`${stale} file(s) differ: run \`node examples/prepare-data.mjs\``);
  process.exit(1);
}
