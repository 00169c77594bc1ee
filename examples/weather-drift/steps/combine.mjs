// combine.mjs — concatenates tables with the same header (the retraining set).
// node steps/combine.mjs --in A.csv --in B.csv … --out OUT.csv --metrics M.json
import { fail, need, parseFlags, readCsv, writeCsv, writeJson } from "./lib.mjs";

const flags = parseFlags();
const inputs = [].concat(need(flags, "in"));
let columns;
const rows = [];
for (const path of inputs) {
  const t = readCsv(path);
  if (columns && t.columns.join(",") !== columns.join(",")) fail(`${path}: header \`${t.columns.join(",")}\` differs from \`${columns.join(",")}\``);
  columns = t.columns;
  rows.push(...t.rows);
}
writeCsv(need(flags, "out"), columns, rows);
writeJson(need(flags, "metrics"), { rows: rows.length });
console.log(`combined ${inputs.length} tables into ${rows.length} rows`);
