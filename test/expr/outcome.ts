/**
 * What an evaluator made of one case, as the target really shows it: the text a computed input
 * receives, whether the gate holds, the value itself where the evaluator exposes it, or a failure.
 */
import type { IrValue } from "../../src/ir/ir.js";
import type { Expected } from "./cases.js";

export type Outcome =
  | { readonly value?: IrValue; readonly text?: string; readonly holds?: boolean }
  | { readonly fails: string };

/** A value's text form (docs/ir.md): numbers as JavaScript prints them, booleans `true`/`false`. */
export function canonicalText(v: IrValue): string {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

/** Why `got` does not match `expected` (empty when it does). */
export function mismatches(expected: Expected, got: Outcome): string[] {
  if ("fails" in expected) return "fails" in got ? [] : [`expected a failure (${expected.fails}), got ${JSON.stringify(got)}`];
  if ("fails" in got) return [`expected ${show(expected.value)}, failed: ${got.fails}`];
  const out: string[] = [];
  if ("value" in got && got.value !== undefined && !sameValue(got.value, expected.value)) out.push(`value ${show(got.value)}, expected ${show(expected.value)}`);
  if (got.text !== undefined && got.text !== canonicalText(expected.value)) out.push(`text ${JSON.stringify(got.text)}, expected ${JSON.stringify(canonicalText(expected.value))}`);
  if (got.holds !== undefined && got.holds !== (expected.value === true)) out.push(`gate ${got.holds ? "holds" : "does not hold"}, expected the opposite`);
  return out;
}

/** Equal values; NaN equals NaN, and 0 equals -0 (both print as `0`). */
function sameValue(a: IrValue, b: IrValue): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

function show(v: IrValue): string {
  return typeof v === "number" ? String(Object.is(v, -0) ? "-0" : v) : JSON.stringify(v);
}
