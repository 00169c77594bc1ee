/**
 * The JSON renderer: one stable, versioned document for tools (editors, CI, dashboards).
 *
 * Shape (version 1; fields are only ever added, never renamed or removed):
 * ```
 * { "version": 1,
 *   "diagnostics": [ { "code", "severity", "message", "rule"?, "span", "label"?,
 *                      "labels": [ { "span", "message" } ], "notes": [], "help": [] } ],
 *   "summary": { "errors", "warnings" } }
 * ```
 * A span is `{ file, start: { line, column, offset }, end: { line, column, offset }, length }`:
 * 1-based lines and columns, 0-based UTF-16 offsets, `end` exclusive. `file` is `""` for a
 * problem that is not about a source file (the command line, a plugin, the output directory).
 */
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";

/** The version of the JSON document; bumped only for an incompatible change. */
export const DIAGNOSTICS_JSON_VERSION = 1;

/** A span as it appears in the JSON document. */
export interface JsonSpan {
  readonly file: string;
  readonly start: { readonly line: number; readonly column: number; readonly offset: number };
  readonly end: { readonly line: number; readonly column: number; readonly offset: number };
  readonly length: number;
}

/** One diagnostic as it appears in the JSON document. */
export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly rule?: string;
  readonly span: JsonSpan;
  readonly label?: string;
  readonly labels: ReadonlyArray<{ readonly span: JsonSpan; readonly message: string }>;
  readonly notes: readonly string[];
  readonly help: readonly string[];
}

/** The whole JSON document. */
export interface JsonReport {
  readonly version: typeof DIAGNOSTICS_JSON_VERSION;
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: { readonly errors: number; readonly warnings: number };
}

function jsonSpan(s: Span): JsonSpan {
  return {
    file: s.file,
    start: { line: s.start.line, column: s.start.column, offset: s.start.offset },
    end: { line: s.end.line, column: s.end.column, offset: s.end.offset },
    length: Math.max(0, s.end.offset - s.start.offset),
  };
}

/** Builds the JSON document (key order fixed, so output is byte-stable). */
export function toJsonReport(diagnostics: readonly Diagnostic[]): JsonReport {
  return {
    version: DIAGNOSTICS_JSON_VERSION,
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      ...(d.rule !== undefined ? { rule: d.rule } : {}),
      span: jsonSpan(d.span),
      ...(d.label !== undefined ? { label: d.label } : {}),
      labels: d.labels.map((l) => ({ span: jsonSpan(l.span), message: l.message })),
      notes: [...d.notes],
      help: [...d.help],
    })),
    summary: {
      errors: diagnostics.filter((d) => d.severity === "error").length,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
    },
  };
}

/** Renders the JSON document, pretty-printed, ending with a newline. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toJsonReport(diagnostics), null, 2)}\n`;
}

const position = {
  type: "object",
  required: ["line", "column", "offset"],
  additionalProperties: false,
  properties: {
    line: { type: "integer", minimum: 1 },
    column: { type: "integer", minimum: 1 },
    offset: { type: "integer", minimum: 0 },
  },
} as const;

const span = {
  type: "object",
  required: ["file", "start", "end", "length"],
  additionalProperties: false,
  properties: { file: { type: "string" }, start: position, end: position, length: { type: "integer", minimum: 0 } },
} as const;

/** JSON Schema (draft-07) of the document `renderJson` prints; tests validate output against it. */
export const DIAGNOSTICS_JSON_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "mlp diagnostics, version 1",
  type: "object",
  required: ["version", "diagnostics", "summary"],
  additionalProperties: false,
  properties: {
    version: { const: DIAGNOSTICS_JSON_VERSION },
    diagnostics: {
      type: "array",
      items: {
        type: "object",
        required: ["code", "severity", "message", "span", "labels", "notes", "help"],
        additionalProperties: false,
        properties: {
          code: { type: "string", pattern: "^MLP[0-9]{4}$" },
          severity: { enum: ["error", "warning", "info"] },
          message: { type: "string" },
          rule: { type: "string" },
          span,
          label: { type: "string" },
          labels: {
            type: "array",
            items: { type: "object", required: ["span", "message"], additionalProperties: false, properties: { span, message: { type: "string" } } },
          },
          notes: { type: "array", items: { type: "string" } },
          help: { type: "array", items: { type: "string" } },
        },
      },
    },
    summary: {
      type: "object",
      required: ["errors", "warnings"],
      additionalProperties: false,
      properties: { errors: { type: "integer", minimum: 0 }, warnings: { type: "integer", minimum: 0 } },
    },
  },
} as const;
