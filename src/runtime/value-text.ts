/**
 * The text form of a value, as a step receives a value input and as `"${…}"` interpolation and
 * string `+` concatenate it (docs/ir.md, "Input bindings"): integers in decimal, floats as
 * JavaScript prints them, booleans `true`/`false`, strings as they are, lists as JSON.
 */
import type { IrValue } from "../ir/ir.js";

export function valueText(v: IrValue): string {
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
