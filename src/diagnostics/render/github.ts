/**
 * The GitHub renderer: workflow commands (`::error file=…,line=…::message`) that GitHub Actions
 * turns into annotations on the pull request's diff. Values are escaped the way the runner
 * unescapes them: `%`, CR and LF everywhere, and also `:` and `,` inside properties.
 */
import type { Diagnostic, Severity } from "../diagnostic.js";
import { hasLocation } from "./location.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Escapes a command's message (the data after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property value (`file=`, `title=`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Renders one workflow command per diagnostic, each ending with a newline. */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${renderGithubOne(d)}\n`).join("");
}

/** `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=MLPnnnn::message` */
export function renderGithubOne(d: Diagnostic): string {
  const props: string[] = [];
  if (hasLocation(d.span)) {
    const { start, end } = d.span;
    // GitHub columns are 1-based and inclusive; our span end is exclusive.
    const sameLine = end.line === start.line;
    const endColumn = sameLine ? Math.max(start.column, end.column - 1) : Math.max(1, end.column - 1);
    props.push(`file=${escapeProperty(d.span.file)}`, `line=${start.line}`, `col=${start.column}`, `endLine=${end.line}`, `endColumn=${endColumn}`);
  }
  props.push(`title=${escapeProperty(d.rule !== undefined ? `${d.code} (${d.rule})` : d.code)}`);
  const body = [d.message, ...d.notes.map((n) => `note: ${n}`), ...d.help.map((h) => `help: ${h}`)].join("\n");
  return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(body)}`;
}
