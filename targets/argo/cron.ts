/**
 * The cron dialect a CronWorkflow accepts. Argo validates each schedule with
 * `cron.ParseStandard` from github.com/robfig/cron/v3; this is a faithful port of that parser's
 * accept/reject decision (five fields, names, ranges, steps, `?`, `@descriptors`, `@every`,
 * `TZ=`/`CRON_TZ=` prefixes), so a schedule Argo would refuse is refused at compile time.
 * Notable differences from Vixie cron: day-of-week is 0-6 only (`7` is refused) and Quartz
 * extensions (`L`, `W`, `#`) are refused.
 */

interface FieldRange {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly FieldRange[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day of month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: MONTHS },
  { label: "day of week", min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Why Argo's CronWorkflow would refuse `spec`, or undefined when it accepts it. */
export function cronProblem(spec: string): string | undefined {
  let s = spec;
  if (s.length === 0) return "the schedule is empty";
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const space = s.indexOf(" ");
    const eq = s.indexOf("=");
    if (space < 0) return "a `TZ=` prefix must be followed by a space and a schedule";
    const zone = s.slice(eq + 1, space);
    if (!isTimeZone(zone)) return `unknown time zone \`${zone}\``;
    s = s.slice(space).trim();
  }
  if (s.startsWith("@")) return descriptorProblem(s);
  const fields = s.split(/[ \t\n\r\v\f]+/).filter((f) => f.length > 0);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i]!.split(",")) {
      const problem = rangeProblem(part, FIELDS[i]!);
      if (problem !== undefined) return `${FIELDS[i]!.label} field \`${fields[i]}\`: ${problem}`;
    }
  }
  return undefined;
}

function descriptorProblem(s: string): string | undefined {
  if (DESCRIPTORS.has(s)) return undefined;
  if (s.startsWith("@every ")) {
    return goDurationProblem(s.slice("@every ".length));
  }
  return `unrecognized descriptor \`${s}\``;
}

function rangeProblem(expr: string, r: FieldRange): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let step = 1;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
  } else {
    const lo = intOrName(lowAndHigh[0]!, r.names);
    if (typeof lo === "string") return lo;
    start = lo;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const hi = intOrName(lowAndHigh[1]!, r.names);
      if (typeof hi === "string") return hi;
      end = hi;
    } else return `too many hyphens in \`${expr}\``;
  }
  if (rangeAndStep.length === 2) {
    const st = parseInt10(rangeAndStep[1]!);
    if (typeof st === "string") return st;
    step = st;
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes in \`${expr}\``;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min})`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max})`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end})`;
  if (step === 0) return "step of range should be a positive number";
  return undefined;
}

function intOrName(s: string, names: Readonly<Record<string, number>> | undefined): number | string {
  if (names !== undefined) {
    const n = names[s.toLowerCase()];
    if (n !== undefined) return n;
  }
  return parseInt10(s);
}

/** Go's `strconv.Atoi` followed by robfig's negative check. */
function parseInt10(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `failed to parse int from \`${s}\``;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return `failed to parse int from \`${s}\``;
  if (n < 0) return `negative number (${n}) not allowed`;
  return n;
}

/** Go's `time.ParseDuration` acceptance: `[-+]?(\d*\.?\d*(ns|us|µs|μs|ms|s|m|h))+` or `0`. */
function goDurationProblem(s: string): string | undefined {
  if (s === "0" || s === "+0" || s === "-0") return undefined;
  // µ (micro sign) and μ (Greek mu) escaped: the bundle stays ASCII, one byte a character in memory.
  if (/^[-+]?((\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/.test(s)) return undefined;
  return `invalid duration \`${s}\` after \`@every\``;
}

function isTimeZone(zone: string): boolean {
  if (zone === "UTC" || zone === "Local") return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True when `zone` names an IANA time zone (for the CronWorkflow `timezone` option). */
export function isKnownTimeZone(zone: string): boolean {
  return zone !== "Local" && isTimeZone(zone);
}
