/**
 * The cron syntax Airflow accepts for `schedule=`: five fields (minute, hour, day of month,
 * month, day of week) as parsed by croniter, or one of Airflow's presets (`@daily`, …).
 * Returns a reason for the first problem, or `undefined` when the expression is accepted.
 */

/** Airflow's schedule presets (`airflow.timetables`/`cron_presets`), plus `@once`. */
export const CRON_PRESETS: readonly string[] = [
  "@once", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly", "@annually",
];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

function value(text: string, f: FieldSpec): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (f.names) {
    const i = f.names.indexOf(text.toLowerCase());
    if (i >= 0) return f === FIELDS[3] ? i + 1 : i;
  }
  return undefined;
}

function checkItem(item: string, f: FieldSpec, index: number): string | undefined {
  if (item === "") return `empty list item in the ${f.name} field`;
  let body = item;
  const slash = item.split("/");
  if (slash.length > 2) return `\`${item}\` has more than one \`/\` in the ${f.name} field`;
  if (slash.length === 2) {
    body = slash[0] ?? "";
    const step = slash[1] ?? "";
    if (!/^[0-9]+$/.test(step) || Number(step) === 0) return `step \`${step}\` in the ${f.name} field must be a positive integer`;
  }
  if (body === "*" || (body === "?" && (index === 2 || index === 4))) return undefined;
  if (index === 2 && body.toUpperCase() === "L" && slash.length === 1) return undefined;
  if (index === 4 && slash.length === 1) {
    const m = /^([0-9a-zA-Z]+)#([1-5])$/.exec(body);
    if (m) {
      const d = value(m[1] ?? "", f);
      return d !== undefined && d >= f.min && d <= f.max ? undefined : `\`${body}\` is not a valid weekday in the ${f.name} field`;
    }
    const l = /^([0-9a-zA-Z]+)[lL]$/.exec(body);
    if (l) {
      const d = value(l[1] ?? "", f);
      return d !== undefined && d >= f.min && d <= f.max ? undefined : `\`${body}\` is not a valid weekday in the ${f.name} field`;
    }
  }
  const range = body.split("-");
  if (range.length > 2) return `\`${body}\` is not a valid range in the ${f.name} field`;
  const lo = value(range[0] ?? "", f);
  if (lo === undefined) return `\`${range[0]}\` is not a valid value in the ${f.name} field`;
  if (lo < f.min || lo > f.max) return `${lo} is outside ${f.min}-${f.max} in the ${f.name} field`;
  if (range.length === 2) {
    const hi = value(range[1] ?? "", f);
    if (hi === undefined) return `\`${range[1]}\` is not a valid value in the ${f.name} field`;
    if (hi < f.min || hi > f.max) return `${hi} is outside ${f.min}-${f.max} in the ${f.name} field`;
    if (hi < lo) return `range \`${body}\` runs backwards in the ${f.name} field`;
  }
  return undefined;
}

/** Why Airflow would refuse `expr` as a schedule, or `undefined` if it accepts it. */
export function cronProblem(expr: string): string | undefined {
  const trimmed = expr.trim();
  if (trimmed.startsWith("@")) {
    return CRON_PRESETS.includes(trimmed) ? undefined : `\`${trimmed}\` is not one of Airflow's presets (${CRON_PRESETS.join(", ")})`;
  }
  if (trimmed !== expr || /[\t\n\r]/.test(expr)) return "the expression has leading, trailing or non-space whitespace";
  const parts = expr.split(/ +/);
  if (parts.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i] as FieldSpec;
    for (const item of (parts[i] ?? "").split(",")) {
      const problem = checkItem(item, f, i);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
