/**
 * What a sweep's fan-in needs to know, in one JSON value that every target hands to `mlp fan-in`
 * (and the local runtime uses directly), so the best point is chosen and `collect` directories are
 * built by mlp's own code everywhere (language brief §9.1).
 *
 * The points' results are laid out on disk as (DIR is the `--points` directory):
 *   DIR/<entry>/<step>/<output>          each member step's outputs (file or directory)
 *   DIR/<entry>/<step>.metrics.json      each member step's metrics (a JSON object), when it has any
 * where `<entry>` is `pointEntryName(index, count)`. A point without the `best` step's metrics file
 * did not finish (a member failed, or a gate inside the block did not hold): it takes no part in
 * the choice. The fan-in writes (OUT is `--out`):
 *   OUT/points.json                      every point: index, entry, values, metrics by step, status
 *   OUT/best.json                        the best point: index, entry, values, metrics by step
 *   OUT/best/<step>/<output>             the best point's outputs that nodes outside read
 *   OUT/collect/<step>/<output>/<entry>  every point's output for each `collect`, plus
 *   OUT/collect/<step>/<output>/points.json   that list's index, entry, values and metrics
 */
import type { IrParam, IrValue } from "./ir.js";
import type { PipelineView } from "./view.js";
import { pointEntryName, sweepPoints } from "./sweep-grid.js";

export interface FanInSpec {
  readonly sweep: string;
  readonly points: readonly { readonly index: number; readonly entry: string; readonly values: Readonly<Record<string, IrValue>> }[];
  readonly best?: { readonly direction: "max" | "min"; readonly step: string; readonly metric: string };
  /** Member steps: their outputs and metrics, in `order`. */
  readonly steps: readonly { readonly name: string; readonly outputs: readonly string[]; readonly metrics: readonly string[] }[];
  /** Member outputs that nodes outside read at the best point (`best` bindings, deploy models). */
  readonly bestOutputs: readonly { readonly step: string; readonly output: string }[];
  /** Member outputs that nodes outside `collect`. */
  readonly collect: readonly { readonly step: string; readonly output: string }[];
}

/**
 * The fan-in spec of sweep `name`, with list params taking `paramValue` (the run's values locally,
 * the defaults on a target).
 */
export function fanInSpec(view: PipelineView, name: string, paramValue: (param: string) => IrValue | undefined): FanInSpec {
  const sweep = view.sweep(name)!;
  const points = sweepPoints(sweep, paramValue);
  const bestOutputs = new Map<string, { step: string; output: string }>();
  const collect = new Map<string, { step: string; output: string }>();
  for (const n of view.downstream(name)) {
    if (n.kind === "step")
      for (const i of n.step.inputs) {
        const b = i.binding;
        if ((b.kind === "best" || b.kind === "collect") && b.sweep === name)
          (b.kind === "best" ? bestOutputs : collect).set(`${b.step}.${b.output}`, { step: b.step, output: b.output });
      }
    if (n.kind === "deploy" && n.deploy.model.sweep === name) bestOutputs.set(`${n.deploy.model.step}.${n.deploy.model.output}`, { step: n.deploy.model.step, output: n.deploy.model.output });
  }
  const sorted = <T extends { step: string; output: string }>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    sweep: name,
    points: points.map((p) => ({ index: p.index, entry: pointEntryName(p.index, points.length), values: p.values })),
    ...(sweep.best ? { best: { direction: sweep.best.direction, step: sweep.best.step, metric: sweep.best.metric } } : {}),
    steps: view.members(name).flatMap((n) => (n.kind === "step" ? [{ name: n.name, outputs: n.step.outputs.map((o) => o.name), metrics: n.step.metrics.map((m) => m.name) }] : [])),
    bestOutputs: sorted(bestOutputs),
    collect: sorted(collect),
  };
}

/** The spec a target compiles in: list params at their defaults. */
export function defaultFanInSpec(view: PipelineView, name: string, params: readonly IrParam[]): FanInSpec {
  return fanInSpec(view, name, (p) => params.find((x) => x.name === p)?.default);
}
