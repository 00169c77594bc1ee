/**
 * Decoding of numeric tokens: plain numbers, durations (`30s`) and quantities (`512Mi`), and the
 * explanation for a malformed one (MLP1009). The lexer only classifies; values are computed here.
 */

export type DurationUnit = "ms" | "s" | "m" | "h" | "d";
export type QuantityUnit = "Ki" | "Mi" | "Gi" | "Ti" | "K" | "M" | "G" | "T";

const SECONDS: Record<DurationUnit, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
const DURATION_UNITS = ["ms", "s", "m", "h", "d"] as const;
const QUANTITY_UNITS = ["Ki", "Mi", "Gi", "Ti", "K", "M", "G", "T"] as const;

const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

export interface DecodedNumber {
  readonly value: number;
  readonly isInteger: boolean;
}

/** A plain number: `42`, `0.05`, `1e-3`. */
export function decodeNumber(raw: string): DecodedNumber {
  return { value: Number(raw), isInteger: /^\d+$/.test(raw) };
}

/** Splits `30s` into its number and unit (the lexer guarantees the shape). */
export function decodeDuration(raw: string): { value: number; unit: DurationUnit; seconds: number } {
  const num = NUMBER.exec(raw)![0];
  const unit = raw.slice(num.length) as DurationUnit;
  const value = Number(num);
  return { value, unit, seconds: value * SECONDS[unit] };
}

/** Splits `512Mi` into its number and unit (the lexer guarantees the shape). */
export function decodeQuantity(raw: string): { value: number; unit: QuantityUnit } {
  const num = NUMBER.exec(raw)![0];
  return { value: Number(num), unit: raw.slice(num.length) as QuantityUnit };
}

/** Why a `BadNumber` token is malformed: a message and a help line for MLP1009. */
export function explainBadNumber(raw: string): { message: string; help: string; value: number } {
  const m = NUMBER.exec(raw);
  const num = m?.[0] ?? "";
  const rest = raw.slice(num.length);
  const value = num === "" ? NaN : Number(num);
  if (rest.startsWith(".") || /^[eE][+-]?$/.test(rest) || /^[eE][+-]?[^0-9]/.test(rest)) {
    return {
      message: "invalid number `" + raw + "`",
      help: "write digits on both sides of `.` and after an exponent, as in `0.5` or `1e-3`",
      value,
    };
  }
  const lower = rest.toLowerCase();
  const looksDuration = /^(ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks|y)$/.test(lower);
  if (looksDuration) {
    return {
      message: "invalid duration `" + raw + "`: unknown unit `" + rest + "`",
      help: "duration units are " + DURATION_UNITS.map((u) => "`" + u + "`").join(", ") + " (as in `30s`, `2h`)",
      value,
    };
  }
  if (/^[kmgtp]i?b?$/i.test(rest) || /^[kmgtp]i?b$/i.test(rest)) {
    return {
      message: "invalid quantity `" + raw + "`: unknown unit `" + rest + "`",
      help: "quantity units are " + QUANTITY_UNITS.map((u) => "`" + u + "`").join(", ") + " (as in `512Mi`, `4Gi`)",
      value,
    };
  }
  return {
    message: "invalid number `" + raw + "`: unexpected suffix `" + rest + "`",
    help:
      "a number may end with a duration unit (" +
      DURATION_UNITS.map((u) => "`" + u + "`").join(", ") +
      ") or a quantity unit (" +
      QUANTITY_UNITS.map((u) => "`" + u + "`").join(", ") +
      "); put a space between a number and a name",
    value,
  };
}
