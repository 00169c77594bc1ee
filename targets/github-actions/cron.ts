/**
 * The cron dialect GitHub Actions accepts for `on.schedule`: five fields (minute, hour, day of
 * month, month, day of week) built from `*`, numbers, `a-b` ranges, `/step` and `,` lists, with
 * three-letter month and weekday names; no `?`, `L`, `W`, `#` or `@daily` macros; and at most one
 * run every five minutes.
 */

export type CronCheck =
  | { readonly ok: true; readonly minIntervalMinutes: number }
  | { readonly ok: false; readonly reason: "syntax"; readonly message: string }
  | { readonly ok: false; readonly reason: "too-frequent"; readonly minIntervalMinutes: number };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** GitHub's shortest schedule interval. */
export const MIN_INTERVAL_MINUTES = 5;

function parseValue(text: string, spec: FieldSpec): number | string {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n < spec.min || n > spec.max) return `${spec.name} value \`${text}\` is outside ${spec.min}-${spec.max}`;
    return n;
  }
  const idx = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (idx >= 0) return spec.min + idx;
  return `\`${text}\` is not a valid ${spec.name}`;
}

/** Expands one field into the set of values it matches, or returns an error message. */
function expandField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  if (text === "") return `the ${spec.name} field is empty`;
  for (const item of text.split(",")) {
    const m = /^([^/]+)(?:\/([0-9]+))?$/.exec(item);
    if (!m) return `\`${item}\` is not a valid ${spec.name}`;
    const [, range, stepText] = m as unknown as [string, string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `step \`/${stepText}\` in the ${spec.name} field must be at least 1`;
    let lo: number;
    let hi: number;
    if (range === "*") {
      lo = spec.min;
      hi = spec.max;
    } else {
      const parts = range.split("-");
      if (parts.length > 2) return `\`${range}\` is not a valid ${spec.name} range`;
      const a = parseValue(parts[0]!, spec);
      if (typeof a === "string") return a;
      lo = a;
      if (parts.length === 2) {
        const b = parseValue(parts[1]!, spec);
        if (typeof b === "string") return b;
        hi = b;
        if (hi < lo) return `range \`${range}\` in the ${spec.name} field runs backwards`;
      } else {
        hi = stepText === undefined ? lo : spec.max;
      }
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

/** Checks `cron` against GitHub's dialect and its five-minute floor. */
export function checkCron(cron: string): CronCheck {
  const fields = cron.trim().split(/\s+/);
  if (cron.trim().startsWith("@"))
    return { ok: false, reason: "syntax", message: "GitHub does not accept `@` macros such as `@daily`" };
  if (fields.length !== 5)
    return { ok: false, reason: "syntax", message: `expected 5 fields (minute hour day month weekday), found ${fields.length}` };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = expandField(fields[i]!, FIELDS[i]!);
    if (typeof r === "string") return { ok: false, reason: "syntax", message: r };
    sets.push(r);
  }
  // Firing minutes within a day; the gap across midnight counts too (consecutive days may both match).
  const minutes = [...sets[0]!].sort((a, b) => a - b);
  const hours = [...sets[1]!].sort((a, b) => a - b);
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) times.push(h * 60 + m);
  let minGap = 24 * 60;
  for (let i = 1; i < times.length; i++) minGap = Math.min(minGap, times[i]! - times[i - 1]!);
  if (times.length > 0) minGap = Math.min(minGap, times[0]! + 24 * 60 - times[times.length - 1]!);
  if (minGap < MIN_INTERVAL_MINUTES) return { ok: false, reason: "too-frequent", minIntervalMinutes: minGap };
  return { ok: true, minIntervalMinutes: minGap };
}
