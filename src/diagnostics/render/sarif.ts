/**
 * SARIF 2.1.0 output, the format GitHub code scanning accepts (`upload-sarif`). Rule metadata
 * comes from the caller so this renderer stays independent of the lint registry.
 */
import type { Diagnostic } from "../diagnostic.js";

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly defaultLevel: "error" | "warning" | "note" | "none";
  readonly helpUri?: string;
}

export interface SarifOptions {
  readonly toolVersion: string;
  readonly rules: readonly SarifRule[];
  /** Turns a diagnostic's file path into a URI relative to the repository root. */
  readonly relativeUri: (file: string) => string;
}

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** Renders diagnostics as one SARIF 2.1.0 log (a JSON string ending with a newline). */
export function renderSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const results = diagnostics.map((d) => {
    const index = ruleIndex.get(d.code);
    const text = [d.message, ...d.help.map((h) => `help: ${h}`)].join("\n");
    return {
      ruleId: d.code,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[d.severity],
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: options.relativeUri(d.span.file), uriBaseId: "%SRCROOT%" },
            region: {
              startLine: d.span.start.line,
              startColumn: d.span.start.column,
              endLine: d.span.end.line,
              endColumn: Math.max(d.span.end.column, d.span.start.line === d.span.end.line ? d.span.start.column + 1 : 1),
            },
          },
        },
      ],
    };
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mlp",
            version: options.toolVersion,
            informationUri: "https://github.com/mlp-dev/mlp",
            rules: options.rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.description },
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              defaultConfiguration: { level: r.defaultLevel },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
