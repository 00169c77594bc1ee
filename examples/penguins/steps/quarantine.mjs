// quarantine.mjs — the else branch of predict.mlp: a batch that may not be published is copied
// aside with the reason it was held back, for someone to look at.
//   node steps/quarantine.mjs --batch FILE --reason TEXT --out DIR
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { need, parseFlags } from "./lib.mjs";

const flags = parseFlags();
const out = need(flags, "out");
const reason = need(flags, "reason");
mkdirSync(out, { recursive: true });
copyFileSync(need(flags, "batch"), join(out, "batch.csv"));
writeFileSync(join(out, "REASON.txt"), reason + "\n");
console.log(`quarantined the batch: ${reason}`);
