/**
 * `npm run gen:docs`: regenerates the documentation that is derived from code —
 * `docs/diagnostics.md` from the code catalogue. A test fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allCodes } from "../diagnostics/codes.js";
import { renderCatalogueMarkdown } from "../diagnostics/render/catalogue-markdown.js";

/** The repository root (this file runs from `dist/src/cli/`). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const target = join(root, "docs", "diagnostics.md");
writeFileSync(target, renderCatalogueMarkdown(allCodes()));
process.stdout.write(`wrote ${target}\n`);
