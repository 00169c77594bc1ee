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
}

/**
 * Renders diagnostics in `format`. Human output ends with a summary line when there is anything
 * to summarise; JSON is always a whole document (even for no diagnostics).
 */
export function renderDiagnostics(format: Format, diagnostics: readonly Diagnostic[], lookup: SourceLookup, options: RenderOptions = {}): string {
  switch (format) {
    case "human": {
      const body = renderHuman(diagnostics, lookup, options);
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
