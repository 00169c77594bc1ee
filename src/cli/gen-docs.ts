/**
 * `npm run gen:docs`: regenerates the documentation that is derived from code —
 * `docs/diagnostics.md` from the code catalogue (the compiler's codes and the built-in targets'). A test fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogue } from "./catalogue.js";
import { renderCatalogueMarkdown } from "../diagnostics/render/catalogue-markdown.js";

/** The repository root (this file runs from `dist/src/cli/`). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const target = join(root, "docs", "diagnostics.md");
writeFileSync(target, renderCatalogueMarkdown(catalogue()));
process.stdout.write(`wrote ${target}\n`);
