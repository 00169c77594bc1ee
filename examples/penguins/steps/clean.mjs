// clean.mjs — drops rows with a missing value in any column.
// node steps/clean.mjs --data IN.csv --out OUT.csv --metrics METRICS.json
import { need, parseFlags, readCsv, writeCsv, writeJson } from "./lib.mjs";

const flags = parseFlags();
const { columns, rows } = readCsv(need(flags, "data"));
const kept = rows.filter((r) => columns.every((c) => r[c] !== ""));
writeCsv(need(flags, "out"), columns, kept);
writeJson(need(flags, "metrics"), { kept: kept.length, dropped: rows.length - kept.length });
console.log(`kept ${kept.length} of ${rows.length} rows`);
