/**
 * ANSI styling for the human renderer. Renderers colour only when their caller asks; the CLI
 * decides (a TTY, no `NO_COLOR`, or an explicit `--color`).
 */
import type { Severity } from "../diagnostic.js";

/** The styling functions a renderer uses; every one is the identity when colour is off. */
export interface Palette {
  severity(severity: Severity, text: string): string;
  secondary(text: string): string;
  gutter(text: string): string;
  bold(text: string): string;
}

const wrap = (open: string, text: string): string => (text === "" ? "" : `\u001b[${open}m${text}\u001b[0m`);
const SEVERITY_SGR: Record<Severity, string> = { error: "1;31", warning: "1;33", info: "1;36" };

/** A palette that emits ANSI escape sequences when `color` is true, plain text otherwise. */
export function palette(color: boolean): Palette {
  if (!color) {
    const id = (t: string): string => t;
    return { severity: (_s, t) => t, secondary: id, gutter: id, bold: id };
  }
  return {
    severity: (s, t) => wrap(SEVERITY_SGR[s], t),
    secondary: (t) => wrap("1;34", t),
    gutter: (t) => wrap("1;34", t),
    bold: (t) => wrap("1", t),
  };
}
