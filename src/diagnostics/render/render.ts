/**
 * One entry point over the renderers, so the CLI (and later the language server or an API user)
 * picks a format by name: `human`, `short`, `json` or `github`.
 */
import type { Diagnostic } from "../diagnostic.js";
import { renderGithub } from "./github.js";
import { renderHuman, renderHumanSummary } from "./human.js";
import { renderJson } from "./json.js";
import { renderShort } from "./short.js";
import type { SourceLookup } from "./source-lookup.js";

/** The output formats, in the order `--help` lists them. */
export const FORMATS = ["human", "short", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** True when `s` names a format. */
export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** Options every renderer accepts; only `human` uses them today. */
export interface RenderOptions {
  readonly color?: boolean;
  readonly maxLineWidth?: number;
  /** Human format: end with the `N errors, M warnings found` line (default true). */
  readonly summary?: boolean;
  /** Human format: how many diagnostics to draw before `… N more` (default `HUMAN_LIMIT`). */
  readonly maxDiagnostics?: number;
}

/**
 * The human format draws the first 100 diagnostics, then says how many more there are (clang
 * stops at 20 errors). Past a screenful the rest are mostly echoes of the first mistake, and each
 * costs a dozen lines; the machine formats (`short`, `json`, `github`) always list every one.
 */
export const HUMAN_LIMIT = 100;

/**
 * Renders diagnostics in `format`. Human output ends with a summary line when there is anything
 * to summarise; JSON is always a whole document (even for no diagnostics).
 */
export function renderDiagnostics(format: Format, diagnostics: readonly Diagnostic[], lookup: SourceLookup, options: RenderOptions = {}): string {
  switch (format) {
    case "human": {
      const limit = Math.max(1, options.maxDiagnostics ?? HUMAN_LIMIT);
      const shown = diagnostics.length > limit ? diagnostics.slice(0, limit) : diagnostics;
      const rest = diagnostics.length - shown.length;
      const more = rest > 0 ? `\n... and ${rest} more (\`--format short\` or \`--format json\` lists every diagnostic)\n` : "";
      const body = renderHuman(shown, lookup, options) + more;
      const summary = options.summary === false ? "" : renderHumanSummary(diagnostics, options);
      return body === "" ? summary : summary === "" ? body : `${body}\n${summary}`;
    }
    case "short":
      return renderShort(diagnostics);
    case "json":
      return renderJson(diagnostics);
    case "github":
      return renderGithub(diagnostics);
  }
}
