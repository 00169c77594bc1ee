/**
 * `mlp runs diff RUN --against ENV`: a run's metrics beside the ones recorded for the model now
 * deployed to ENV by the same pipeline (the deployment's metrics snapshot), with the difference,
 * and each gate condition of the run with its values. What model CI on a pull request shows.
 */
import { showRun } from "./tracking.js";
import type { Store } from "./store.js";

/** One metric of the run and of the deployed model (null where one of them has none). */
export interface MetricAgainst {
  readonly name: string;
  readonly run: number | boolean | null;
  readonly deployed: number | boolean | null;
  /** `run - deployed` when both are numbers. */
  readonly diff: number | null;
}

export interface RunAgainstDeployed {
  readonly run: number;
  readonly pipeline: string;
  readonly env: string;
  /** The deployment live in `env` for the run's pipeline; null when nothing is deployed there. */
  readonly deployment: { readonly model: string; readonly version: number; readonly run: number; readonly artifact: string } | null;
  readonly metrics: readonly MetricAgainst[];
  readonly gates: readonly { readonly gate: string; readonly verdict: string; readonly conditions: readonly { text: string; ok: boolean; values: Record<string, unknown>; shown?: string }[] }[];
}

/** Run `id` against what is deployed to `env`; undefined when there is no such run. */
export function diffAgainstDeployed(store: Store, id: number, env: string): RunAgainstDeployed | undefined {
  const run = showRun(store, id);
  if (run === undefined) return undefined;
  const live = store.db
    .prepare<[string, string], { model: string; version: number; run_id: number; artifact: string; metrics: string }>(
      "SELECT d.model, d.version, d.run_id, d.artifact, d.metrics FROM env_pointers p JOIN deployments d ON d.id = p.deployment_id WHERE p.pipeline = ? AND p.env = ?",
    )
    .get(run.pipeline, env);
  // The snapshot holds each metric as `metric` and `step.metric`: the qualified names are compared.
  const snapshot = live === undefined ? {} : (JSON.parse(live.metrics) as Record<string, number | boolean>);
  const names = [...run.metrics.map((m) => `${m.step}.${m.name}`), ...Object.keys(snapshot).filter((k) => k.includes("."))];
  const ours = new Map(run.metrics.map((m) => [`${m.step}.${m.name}`, m.value]));
  const metrics = [...new Set(names)].map((name): MetricAgainst => {
    const a = ours.get(name) ?? null;
    const b = snapshot[name] ?? null;
    return { name, run: a, deployed: b, diff: typeof a === "number" && typeof b === "number" ? a - b : null };
  });
  return {
    run: id,
    pipeline: run.pipeline,
    env,
    deployment: live === undefined ? null : { model: live.model, version: live.version, run: live.run_id, artifact: live.artifact },
    metrics,
    gates: run.gates as RunAgainstDeployed["gates"],
  };
}
