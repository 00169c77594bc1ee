/**
 * Checks a fan-in spec read from JSON (`mlp fan-in --spec`, `MLP_FAN_IN_SPEC`) before anything is
 * read or written: every field of `FanInSpec` (src/ir/fan-in-spec.ts) with its type, entry names
 * that are digits and step and output names that are identifiers (they become paths), points in
 * order, and `best`/`bestOutputs`/`collect` naming member steps and their outputs and metrics.
 * A target's compiled spec always passes; a hand-edited one gets one message per problem.
 */
import type { FanInSpec } from "../../ir/fan-in-spec.js";
import { isIdentifier } from "../../source/identifier.js";

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: Json): boolean => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** The spec, or the problems found (each names the field: `points[2].entry`). */
export function checkFanInSpec(value: Json): { spec: FanInSpec } | { problems: string[] } {
  const problems: string[] = [];
  const bad = (where: string, what: string): void => void problems.push(`\`${where}\` ${what}`);
  if (!isObject(value)) return { problems: ["the spec is not a JSON object"] };
  const known = new Set(["sweep", "points", "best", "steps", "bestOutputs", "collect"]);
  for (const k of Object.keys(value)) if (!known.has(k)) bad(k, "is not a field of a fan-in spec");
  if (typeof value.sweep !== "string" || !isIdentifier(value.sweep)) bad("sweep", "must be the sweep's name (an identifier)");

  const steps = new Map<string, { outputs: Set<string>; metrics: Set<string> }>();
  if (!Array.isArray(value.steps) || value.steps.length === 0) bad("steps", "must be a non-empty list of the member steps");
  else
    value.steps.forEach((s, i) => {
      const at = `steps[${i}]`;
      if (!isObject(s)) return bad(at, "must be an object with `name`, `outputs` and `metrics`");
      const names = (k: "outputs" | "metrics"): Set<string> => {
        const list = s[k];
        if (!Array.isArray(list) || !list.every((x) => typeof x === "string" && isIdentifier(x))) {
          bad(`${at}.${k}`, "must be a list of identifiers");
          return new Set();
        }
        return new Set(list as string[]);
      };
      if (typeof s.name !== "string" || !isIdentifier(s.name)) return bad(`${at}.name`, "must be an identifier");
      if (steps.has(s.name)) return bad(`${at}.name`, `repeats step \`${s.name}\``);
      steps.set(s.name, { outputs: names("outputs"), metrics: names("metrics") });
    });

  if (!Array.isArray(value.points) || value.points.length === 0) bad("points", "must be a non-empty list of the grid's points");
  else {
    const entries = new Set<string>();
    value.points.forEach((p, i) => {
      const at = `points[${i}]`;
      if (!isObject(p)) return bad(at, "must be an object with `index`, `entry` and `values`");
      if (p.index !== i) bad(`${at}.index`, `must be ${i} (points are listed in grid order)`);
      if (typeof p.entry !== "string" || !/^[0-9]+$/.test(p.entry)) bad(`${at}.entry`, "must be the point's entry name (digits)");
      else if (entries.has(p.entry)) bad(`${at}.entry`, `repeats entry \`${p.entry}\``);
      else entries.add(p.entry);
      if (!isObject(p.values) || !Object.values(p.values).every(isScalar)) bad(`${at}.values`, "must map each dimension to a number, string or boolean");
    });
  }

  const memberOutput = (where: string, o: Json): void => {
    if (!isObject(o) || typeof o.step !== "string" || typeof o.output !== "string") return bad(where, "must be an object with `step` and `output`");
    const s = steps.get(o.step);
    if (s === undefined) bad(`${where}.step`, `names no member step (\`${o.step}\`)`);
    else if (!s.outputs.has(o.output)) bad(`${where}.output`, `names no output of step \`${o.step}\` (\`${o.output}\`)`);
  };
  for (const k of ["bestOutputs", "collect"] as const) {
    const list = value[k];
    if (!Array.isArray(list)) bad(k, "must be a list (empty when nothing outside reads it)");
    else list.forEach((o, i) => memberOutput(`${k}[${i}]`, o));
  }
  if (value.best !== undefined) {
    const b = value.best;
    if (!isObject(b)) bad("best", "must be an object with `direction`, `step` and `metric`");
    else {
      if (b.direction !== "max" && b.direction !== "min") bad("best.direction", "must be `max` or `min`");
      const s = typeof b.step === "string" ? steps.get(b.step) : undefined;
      if (s === undefined) bad("best.step", "must name a member step");
      else if (typeof b.metric !== "string" || !s.metrics.has(b.metric)) bad("best.metric", `must name a metric of step \`${String(b.step)}\``);
    }
  } else if (Array.isArray(value.bestOutputs) && value.bestOutputs.length > 0) bad("bestOutputs", "must be empty when the spec has no `best`");
  return problems.length > 0 ? { problems } : { spec: value as unknown as FanInSpec };
}
