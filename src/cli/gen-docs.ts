/**
 * `npm run gen:docs`: regenerates the documentation that is derived from code —
 * `docs/diagnostics.md` from the code catalogue (the compiler's codes and the built-in targets'), and
 * the deploy-kinds table of `docs/language.md` and the deploy `to` of `src/ir/ir.schema.json` from
 * `src/deploy/kinds.ts`. A test fails when a committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogue } from "./catalogue.js";
import { renderCatalogueMarkdown } from "../diagnostics/render/catalogue-markdown.js";
import { withDeployKindsTable } from "../deploy/markdown.js";
import { deployToJsonSchema } from "../deploy/json-schema.js";

/** The repository root (this file runs from `dist/src/cli/`). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const target = join(root, "docs", "diagnostics.md");
writeFileSync(target, renderCatalogueMarkdown(catalogue()));
process.stdout.write(`wrote ${target}\n`);
const language = join(root, "docs", "language.md");
writeFileSync(language, withDeployKindsTable(readFileSync(language, "utf8")));
process.stdout.write(`wrote ${language}\n`);
const irSchema = join(root, "src", "ir", "ir.schema.json");
const schema = JSON.parse(readFileSync(irSchema, "utf8")) as { definitions: { deploy: { properties: { to: unknown } } } };
schema.definitions.deploy.properties.to = deployToJsonSchema();
writeFileSync(irSchema, JSON.stringify(schema, null, 2) + "\n");
process.stdout.write(`wrote ${irSchema}\n`);
