// publish.mjs — hands the predictions over: here, a copy into the pipeline's published output
// (a real pipeline would load them into a warehouse table).
// node steps/publish.mjs --predictions IN.csv --out OUT.csv --metrics M.json
import { need, parseFlags, readCsv, writeCsv, writeJson } from "./lib.mjs";

const flags = parseFlags();
const { columns, rows } = readCsv(need(flags, "predictions"));
writeCsv(need(flags, "out"), columns, rows);
writeJson(need(flags, "metrics"), { rows: rows.length });
console.log(`published ${rows.length} predictions`);
