// publish.mjs — hands the predictions over: writes them with a manifest (run id, row count,
// retention) into the pipeline's `outbox` directory, staging the copy in the step's scratch
// directory first. A real pipeline would load them into a warehouse table here.
// node steps/publish.mjs --predictions IN.csv --retention SECONDS --run-id ID --scratch DIR --outbox DIR --metrics M.json
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fail, need, parseFlags, readCsv, writeCsv, writeJson } from "./lib.mjs";

const flags = parseFlags();
const retention = Number(need(flags, "retention"));
if (!(retention >= 0)) fail(`--retention must be a number of seconds, got \`${flags.retention}\``, 2);
const { columns, rows } = readCsv(need(flags, "predictions"));
const scratch = need(flags, "scratch");
const outbox = need(flags, "outbox");
const staged = join(scratch, "predictions.csv");
writeCsv(staged, columns, rows);
mkdirSync(outbox, { recursive: true });
copyFileSync(staged, join(outbox, "predictions.csv"));
writeJson(join(outbox, "manifest.json"), { run_id: need(flags, "run-id"), rows: rows.length, retention_seconds: retention });
writeJson(need(flags, "metrics"), { rows: rows.length });
