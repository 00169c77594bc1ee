/**
 * Where a sweep's results travel on Argo (language brief §9.1; the layout is `src/ir/fan-in-spec.ts`'s).
 *
 * Each point's member steps upload what the fan-in reads (the outputs that nodes outside read at
 * the best point or `collect`, and every metrics file) to fixed keys of the artifact repository,
 * `<prefix>/<workflow name>/<sweep>/<entry>/<step>/<output>` and `…/<entry>/<step>.metrics.json`
 * (`archive: none`, so a file is one object and a directory a prefix). The grid is fixed when the
 * file is compiled, so the fan-in task lists every one of those keys as an optional input artifact
 * and Argo lays them out as `--points DIR` expects. Results never travel as parameters: Argo caps
 * a parameter at 256 KiB.
 */
import { posixJoin } from "./checks.js";

/** Inside the fan-in container: `--points` and `--out`. */
export const FAN_IN_PATHS = {
  points: "/tmp/mlp-fan-in/points",
  out: "/tmp/mlp-fan-in/out",
} as const;

/** Input parameter of a point's templates that carries the point's entry name. */
export const ENTRY_PARAMETER = "mlp-entry";
/** Output artifact of a member step that carries its metrics file to the fan-in. */
export const METRICS_ARTIFACT = "mlp-metrics";

/**
 * Artifact names. IR names are identifiers (letters, digits, `_`), so names joined with `-` never
 * collide, and a suffix with a `-` (`metrics-file`) is never an output's name.
 */
export function bestArtifact(step: string, output: string): string {
  return `best-${step}-${output}`;
}
export function collectArtifact(step: string, output: string): string {
  return `collect-${step}-${output}`;
}
export function pointOutputArtifact(entry: string, step: string, output: string): string {
  return `p${entry}-${step}-${output}`;
}
export function pointMetricsArtifact(entry: string, step: string): string {
  return `p${entry}-${step}-metrics-file`;
}

/** Storage keys, relative to the artifact repository's bucket. `entry` may be an Argo tag. */
export function pointOutputKey(prefix: string, sweepTask: string, entry: string, step: string, output: string): string {
  return posixJoin(prefix, "{{workflow.name}}", sweepTask, entry, step, output);
}
export function pointMetricsKey(prefix: string, sweepTask: string, entry: string, step: string): string {
  return posixJoin(prefix, "{{workflow.name}}", sweepTask, entry, `${step}.metrics.json`);
}
/** Where a deployed best-point model is kept, for KServe and the deploy record. */
export function bestModelKey(prefix: string, sweepTask: string, step: string, output: string): string {
  return posixJoin(prefix, "{{workflow.name}}", sweepTask, "best", step, output);
}
