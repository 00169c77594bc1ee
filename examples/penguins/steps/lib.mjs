// lib.mjs — small helpers shared by the penguins step programs: command-line flags, an
// RFC 4180 CSV reader/writer (the tables here are a few hundred rows, so whole-file is fine),
// a seeded PRNG, feature encoding, and the accuracy / macro-F1 metrics.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** `--name value` pairs; a flag given twice collects an array. Exits 2 on a malformed command line. */
export function parseFlags(argv = process.argv.slice(2)) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith("--") || i + 1 >= argv.length) fail(`expected \`--name value\` pairs, got \`${key}\``, 2);
    const name = key.slice(2);
    const value = argv[i + 1];
    flags[name] = name in flags ? [].concat(flags[name], value) : value;
  }
  return flags;
}

export function need(flags, name) {
  const v = flags[name];
  if (v === undefined) fail(`missing --${name}`, 2);
  return v;
}

export function fail(message, code = 1) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

/** Parses RFC 4180 text: quoted fields, `""` escapes, embedded newlines, CRLF or LF line ends. */
export function parseCsv(text, path = "<csv>") {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let i = 0;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") { record.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field); field = "";
      records.push(record); record = [];
      line++;
    } else field += c;
  }
  if (quoted) fail(`${path}:${line}: unterminated quoted field`);
  if (field !== "" || record.length > 0) { record.push(field); records.push(record); }
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ""));
  if (!header) fail(`${path}: empty file, expected a header row`);
  return { columns: header, rows: rows.map((r, n) => {
    if (r.length !== header.length) fail(`${path}: row ${n + 1} has ${r.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  }) };
}

export function readCsv(path) {
  return parseCsv(readFileSync(path, "utf8"), path);
}

function csvField(v) {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(path, columns, rows) {
  mkdirSync(dirname(path), { recursive: true });
  const lines = [columns.map(csvField).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(","));
  writeFileSync(path, lines.join("\n") + "\n");
}

/** Writes JSON; `compact` for large values such as models, indented otherwise. */
export function writeJson(path, value, { compact = false } = {}) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, (compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)) + "\n");
}

/** mulberry32, so splits and forests are the same on every machine. */
export function prng(seed) {
  let a = Number(seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LABEL = "species";
export const NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"];
export const CATEGORICAL = ["island", "sex"];

/** Learns the category vocabularies from training rows; saved inside the model. */
export function fitEncoder(rows) {
  const vocab = {};
  for (const c of CATEGORICAL) vocab[c] = [...new Set(rows.map((r) => r[c]))].sort();
  return { numeric: NUMERIC, categorical: CATEGORICAL, vocab };
}

/** One row to a feature vector: numbers as they are, categories one-hot (unknown: all zero). */
export function encode(encoder, row, where) {
  try {
    return encodeOrThrow(encoder, row, where);
  } catch (e) {
    fail(e.message);
  }
}

/** `encode` for callers that must not exit (the model server): throws on a bad value. */
export function encodeOrThrow(encoder, row, where) {
  const x = [];
  for (const c of encoder.numeric) {
    const v = Number(row[c]);
    if (row[c] === "" || row[c] === undefined || row[c] === null || !Number.isFinite(v)) throw new Error(`${where}: column \`${c}\` is not a number: \`${row[c]}\``);
    x.push(v);
  }
  for (const c of encoder.categorical) for (const v of encoder.vocab[c]) x.push(row[c] === v ? 1 : 0);
  return x;
}

/** Accuracy and macro-averaged F1 over the classes that occur in truth or prediction. */
export function classificationMetrics(truth, predicted) {
  const classes = [...new Set([...truth, ...predicted])].sort();
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  const perClass = {};
  let f1Sum = 0;
  for (const k of classes) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === k && truth[i] === k) tp++;
      else if (predicted[i] === k) fp++;
      else if (truth[i] === k) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[k] = { precision, recall, f1, support: tp + fn };
    f1Sum += f1;
  }
  return {
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    f1: classes.length === 0 ? 0 : f1Sum / classes.length,
    perClass,
  };
}

/** Majority vote of the forest's trees and the share of trees that voted for it. */
export function voteWithShare(forest, X) {
  const votes = forest.predictionValues(X).to2DArray();
  return votes.map((row) => {
    const counts = new Map();
    for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
    let best = row[0], bestCount = -1;
    for (const [v, n] of [...counts].sort((a, b) => a[0] - b[0])) if (n > bestCount) { best = v; bestCount = n; }
    return { label: best, share: bestCount / row.length };
  });
}
