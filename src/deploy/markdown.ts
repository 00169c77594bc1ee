/**
 * The deploy kinds and their options as Markdown, for `docs/language.md` (between the
 * `deploy-kinds` markers; `npm run gen:docs` writes it, a test fails when the page drifts).
 */
import { DEPLOY_KIND_NAMES, DEPLOY_KINDS, deployOptionSpecs } from "./kinds.js";

export const DEPLOY_KINDS_BEGIN = "<!-- deploy-kinds: generated from src/deploy/kinds.ts by `npm run gen:docs` -->";
export const DEPLOY_KINDS_END = "<!-- /deploy-kinds -->";

export function renderDeployKindsMarkdown(): string {
  const lines = ["| kind | option | type | required | default | meaning |", "|---|---|---|---|---|---|"];
  for (const kind of DEPLOY_KIND_NAMES) {
    const specs = Object.entries(deployOptionSpecs(kind));
    lines.push(`| \`${kind}\` | | | | | ${DEPLOY_KINDS[kind].description} |`);
    for (const [name, s] of specs) {
      const type = s.type === "integer" ? `int${s.minimum !== undefined ? ` ≥ ${s.minimum}` : ""}` : "string";
      const older = s.aliases !== undefined && s.aliases.length > 0 ? ` (older spelling: ${s.aliases.map((a) => `\`${a}\``).join(", ")})` : "";
      const def = s.default === undefined ? "" : typeof s.default === "string" ? `\`"${s.default}"\`` : `\`${s.default}\``;
      lines.push(`| | \`${name}\` | ${type} | ${s.required === true ? "yes" : "no"} | ${def} | ${s.description}${older} |`);
    }
  }
  return lines.join("\n") + "\n";
}

/** `page` with the text between the markers replaced by the table (the markers must be there). */
export function withDeployKindsTable(page: string): string {
  const begin = page.indexOf(DEPLOY_KINDS_BEGIN);
  const end = page.indexOf(DEPLOY_KINDS_END);
  if (begin < 0 || end < begin) throw new Error("the deploy-kinds markers are missing from the page");
  return page.slice(0, begin + DEPLOY_KINDS_BEGIN.length) + "\n" + renderDeployKindsMarkdown() + page.slice(end);
}
