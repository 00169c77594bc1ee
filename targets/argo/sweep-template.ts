/**
 * A `sweep` (language brief §9.1) on Argo:
 *
 * - `<sweep>-point`: a DAG template for the block, one task per member step and gate, wired as
 *   in the main DAG; it takes the point (`mlp-entry` and each dimension) as input parameters.
 * - `<sweep>-points`: the fan-out, a DAG whose one task runs the point template `withItems`, one
 *   item per point of the grid (compiled in: a list param's default, see docs/targets/argo.md).
 *   It carries the target option `parallelism` (Argo counts a template's running children, so the
 *   limit applies to points), does not stop at the first failed point (`failFast: false`) and
 *   continues past failed points (`continueOn`): a point that did not finish takes no part in the
 *   choice, as `mlp run` does it.
 * - `<sweep>`: the fan-in, a container in the mlp image running `mlp fan-in` with the spec of
 *   `src/ir/fan-in-spec.ts` in `MLP_FAN_IN_SPEC`. Every point's results arrive as optional input
 *   artifacts (`sweep-layout.ts`); the best point's outputs and each `collect` directory leave as
 *   output artifacts, and `best.json` as the output parameter `best`, which `SWEEP.STEP.metric`
 *   expressions read (`expr.ts`).
 *
 * A point's values travel as the item's strings: a string value base64-encoded (the member
 * decodes it in its shell, as a string param), any other value as `mlp run`'s text. No `.mlp`
 * value reaches a field Argo substitutes.
 */
import { defaultFanInSpec, type FanInSpec } from "../../src/ir/fan-in-spec.js";
import type { IrSweep, IrValue } from "../../src/ir/ir.js";
import { buildContainer, type EnvVar } from "./container.js";
import { BEST_PARAMETER, deployedEnvs, exprTag, printExpr } from "./expr.js";
import { notHeldTask } from "./control-flow.js";
import { dependsOn, modelKey, type PipelineContext } from "./pipeline-context.js";
import { PointScope } from "./point-scope.js";
import { base64, hasArgoTag, shellQuote } from "./safe-text.js";
import { stepTemplate, valueText } from "./step-template.js";
import {
  bestArtifact,
  collectArtifact,
  ENTRY_PARAMETER,
  FAN_IN_PATHS,
  pointMetricsArtifact,
  pointMetricsKey,
  pointOutputArtifact,
  pointOutputKey,
} from "./sweep-layout.js";
import { GATE_TEMPLATE } from "./task-names.js";
import { posixJoin } from "./checks.js";

/** The environment variable `mlp fan-in` reads its spec from. */
export const FAN_IN_SPEC_ENV = "MLP_FAN_IN_SPEC";
/** The task of the fan-out template that runs the point template once per item. */
const POINT_TASK = "point";

export interface SweepTemplates {
  readonly templates: Record<string, unknown>[];
  /** The main DAG's tasks: the fan-out, then the fan-in. */
  readonly tasks: Record<string, unknown>[];
  /** Whether a member gate uses the shared gate template. */
  readonly usesGate: boolean;
}

/** The templates and main-DAG tasks of `sweep`; undefined when `artifact_store_uri` is invalid (MLP5206 is reported). */
export function sweepTemplates(sweep: IrSweep, ctx: PipelineContext): SweepTemplates | undefined {
  const store = ctx.store;
  if (store === undefined) return undefined;
  const { names, view } = ctx;
  const spec = defaultFanInSpec(view, sweep.name, ctx.pipeline.params);
  const scope = new PointScope(sweep, names, spec, store.prefix);

  // The point's DAG: the members, wired to each other and to the point's inputs.
  const memberTemplates: Record<string, unknown>[] = [];
  const memberTasks: Record<string, unknown>[] = [];
  let usesGate = false;
  for (const node of view.members(sweep.name)) {
    if (node.kind === "step") {
      const tt = stepTemplate(node.step, ctx, scope);
      memberTemplates.push(tt.template);
      memberTasks.push(tt.task);
    } else if (node.kind === "gate") {
      usesGate = true;
      const g = node.gate;
      const lookups = g.conditions.flatMap((c) => [...deployedEnvs(c.expr)]);
      const depends = dependsOn(scope.depends(g.needs, lookups));
      const condition = g.conditions.map((c) => printExpr(c.expr, scope.expr)).join(" and ");
      memberTasks.push({
        name: names.gate(g.name),
        template: GATE_TEMPLATE,
        ...(depends !== undefined ? { depends } : {}),
        ...(condition.length > 0 ? { when: exprTag(condition) } : {}),
      });
      // A point whose gate does not hold logs why and marks the run gated, as outside a sweep.
      if (condition.length > 0) memberTasks.push(notHeldTask(g, names.notHeld(g.name), depends, scope.expr));
    }
  }

  const passedParams = [...scope.parameters.keys()].sort();
  const passedArtifacts = [...scope.artifacts.keys()].sort();
  const pointTemplate = {
    name: names.sweepPoint(sweep.name),
    inputs: {
      parameters: [{ name: ENTRY_PARAMETER }, ...sweep.over.map((d) => ({ name: d.name })), ...passedParams.map((name) => ({ name }))],
      ...(passedArtifacts.length > 0 ? { artifacts: passedArtifacts.map((name) => ({ name })) } : {}),
    },
    dag: { tasks: memberTasks },
  };

  const fanOutName = names.sweepPoints(sweep.name);
  const passInputs = {
    ...(passedParams.length > 0 ? { parameters: passedParams.map((name) => ({ name })) } : {}),
    ...(passedArtifacts.length > 0 ? { artifacts: passedArtifacts.map((name) => ({ name })) } : {}),
  };
  const fanOutTemplate = {
    name: fanOutName,
    ...(Object.keys(passInputs).length > 0 ? { inputs: passInputs } : {}),
    ...(ctx.options.parallelism !== undefined ? { parallelism: ctx.options.parallelism } : {}),
    dag: {
      failFast: false,
      tasks: [
        {
          name: POINT_TASK,
          template: names.sweepPoint(sweep.name),
          arguments: {
            parameters: [
              { name: ENTRY_PARAMETER, value: `{{item.${ENTRY_PARAMETER}}}` },
              ...sweep.over.map((d) => ({ name: d.name, value: `{{item.${d.name}}}` })),
              ...passedParams.map((name) => ({ name, value: `{{inputs.parameters.${name}}}` })),
            ],
            ...(passedArtifacts.length > 0 ? { artifacts: passedArtifacts.map((name) => ({ name, from: `{{inputs.artifacts.${name}}}` })) } : {}),
          },
          withItems: spec.points.map((p) => pointItem(sweep, p.entry, p.values)),
          continueOn: { failed: true, error: true },
        },
      ],
    },
  };
  const fanOutDepends = dependsOn([...scope.outerDepends].sort());
  const fanOutTask = {
    name: fanOutName,
    template: fanOutName,
    ...(fanOutDepends !== undefined ? { depends: fanOutDepends } : {}),
    ...(passedParams.length > 0 || passedArtifacts.length > 0
      ? {
          arguments: {
            ...(passedParams.length > 0 ? { parameters: passedParams.map((name) => ({ name, value: scope.parameters.get(name)! })) } : {}),
            ...(passedArtifacts.length > 0 ? { artifacts: passedArtifacts.map((name) => ({ name, from: scope.artifacts.get(name)! })) } : {}),
          },
        }
      : {}),
  };

  const fanIn = fanInTemplate(sweep, spec, ctx, store);
  const fanInTask = { name: names.node(sweep.name), template: names.node(sweep.name), depends: dependsOn([fanOutName])! };
  return { templates: [fanOutTemplate, pointTemplate, ...memberTemplates, fanIn], tasks: [fanOutTask, fanInTask], usesGate };
}

/** One item of the fan-out: the entry name and each dimension's value as text (strings in base64). */
function pointItem(sweep: IrSweep, entry: string, values: Readonly<Record<string, IrValue>>): Record<string, string> {
  const item: Record<string, string> = { [ENTRY_PARAMETER]: entry };
  for (const d of sweep.over) {
    const v = values[d.name]!;
    item[d.name] = d.type.kind === "string" ? base64(valueText(v)) : valueText(v);
  }
  return item;
}

/** The fan-in's container template. */
function fanInTemplate(sweep: IrSweep, spec: FanInSpec, ctx: PipelineContext, store: NonNullable<PipelineContext["store"]>): Record<string, unknown> {
  const sweepTask = ctx.names.node(sweep.name);
  const located = (key: string): Record<string, unknown> => (store.scheme === "s3" ? { s3: { key } } : { gcs: { key } });
  const read = [...spec.bestOutputs, ...spec.collect].filter((o, i, all) => all.findIndex((x) => x.step === o.step && x.output === o.output) === i);
  const inputs: Record<string, unknown>[] = [];
  for (const p of spec.points) {
    for (const s of spec.steps) {
      if (s.metrics.length > 0) {
        inputs.push({
          name: pointMetricsArtifact(p.entry, s.name),
          path: posixJoin(FAN_IN_PATHS.points, p.entry, `${s.name}.metrics.json`),
          optional: true,
          ...located(pointMetricsKey(store.prefix, sweepTask, p.entry, s.name)),
        });
      }
      for (const o of read) {
        if (o.step !== s.name) continue;
        inputs.push({
          name: pointOutputArtifact(p.entry, o.step, o.output),
          path: posixJoin(FAN_IN_PATHS.points, p.entry, o.step, o.output),
          optional: true,
          ...located(pointOutputKey(store.prefix, sweepTask, p.entry, o.step, o.output)),
        });
      }
    }
  }
  const outputs: Record<string, unknown>[] = [];
  for (const o of spec.bestOutputs) {
    const path = posixJoin(FAN_IN_PATHS.out, "best", o.step, o.output);
    // A deployed model is kept where KServe and the deploy record read it.
    const stored = ctx.storedModels.get(modelKey(o.step, o.output, sweep.name));
    outputs.push(stored === undefined ? { name: bestArtifact(o.step, o.output), path } : { name: bestArtifact(o.step, o.output), path, archive: { none: {} }, ...located(stored.key) });
  }
  for (const o of spec.collect) outputs.push({ name: collectArtifact(o.step, o.output), path: posixJoin(FAN_IN_PATHS.out, "collect", o.step, o.output) });

  // The spec holds the points' values: a value Argo would read as a tag moves into the script,
  // which `buildContainer` then ships base64-encoded.
  const specText = JSON.stringify(spec);
  const env: EnvVar[] = [];
  const prelude = ["set -e", `mkdir -p ${FAN_IN_PATHS.points} ${FAN_IN_PATHS.out}`];
  if (hasArgoTag(specText)) prelude.push(`${FAN_IN_SPEC_ENV}=${shellQuote(specText)}; export ${FAN_IN_SPEC_ENV}`);
  else env.push({ name: FAN_IN_SPEC_ENV, value: specText });
  const script = [...prelude, `exec mlp fan-in --points ${FAN_IN_PATHS.points} --out ${FAN_IN_PATHS.out}`].join("\n") + "\n";
  const out = {
    ...(spec.best !== undefined ? { parameters: [{ name: BEST_PARAMETER, valueFrom: { path: posixJoin(FAN_IN_PATHS.out, "best.json") } }] } : {}),
    ...(outputs.length > 0 ? { artifacts: outputs } : {}),
  };
  return {
    name: sweepTask,
    ...(inputs.length > 0 ? { inputs: { artifacts: inputs } } : {}),
    ...(Object.keys(out).length > 0 ? { outputs: out } : {}),
    container: buildContainer({ image: ctx.options.mlpImage, script, env }),
  };
}
