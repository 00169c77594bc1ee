/**
 * A gate inside a sweep is checked once per point: a matrix job like its member steps
 * (sweep-legs.ts). Each leg waits for the point's earlier members, downloads the point's metrics
 * it reads, and evaluates the conditions as any gate does (log, summary, `passed`). A leg whose
 * gate holds uploads its marker; one whose gate is closed does not, so the later members of that
 * point skip it, the point takes no part in the fan-in's choice, and the leg itself stays green
 * (a closed gate is not a failure). The other points go on.
 */
import type { IrGate } from "../../src/ir/ir.js";
import { runsOn, scriptStep, scriptValueEnv, sortedUnique, type PipelineContext } from "./context.js";
import { ghExpr } from "./gh-expr.js";
import { GATE_SCRIPT_TAIL } from "./gate-job.js";
import { jobCondition } from "./job-condition.js";
import { collectRefs, emptyRefs, jsPrelude, lookupJobId, toJs } from "./js-expr.js";
import { PARAMS_JOB } from "./params-job.js";
import type { BuiltJob } from "./step-job.js";
import {
  memberNeeds,
  memberStrategy,
  onlyIf,
  pointDownloadSteps,
  pointEntryExpr,
  pointUploadSteps,
  pointValuesExpr,
  READY,
  waitSteps,
} from "./sweep-legs.js";

/** The id of the step that evaluates the conditions. */
const CHECK_STEP = "check";

/** Builds the matrix job of member gate `gate`. */
export function memberGateJob(ctx: PipelineContext, gate: IrGate): BuiltJob {
  const sweep = ctx.view.sweep(gate.sweep!)!;
  const members = new Set(sweep.members);
  const refs = emptyRefs();
  for (const c of gate.conditions) collectRefs(c.expr, refs);
  const params = ctx.paramsAsJson && refs.params.size > 0 ? [PARAMS_JOB] : [];
  // Metrics of steps outside the block come from their jobs' outputs, as for any gate.
  const outside = [...refs.metrics.keys()].filter((s) => !members.has(s));
  const needs = sortedUnique([...gate.needs, ...outside, ...refs.sweeps, ...[...refs.deployed.keys()].map(lookupJobId), ...params]);
  const checks = gate.conditions.map((c) => `  () => ${toJs(c.expr, { pointSteps: members })},`).join("\n");
  const script = `${jsPrelude(refs, true)}const checks = [\n${checks}\n];\n${GATE_SCRIPT_TAIL}`;
  const env = {
    ...scriptValueEnv(ctx, refs.params.size > 0),
    MLP_POINT_VALUES: pointValuesExpr(),
    MLP_GATE: gate.name,
    MLP_CONDITIONS: JSON.stringify(gate.conditions.map((c) => c.text)),
  };
  const waitFor = memberNeeds(ctx, gate.name);
  const passed = ghExpr(`steps.${CHECK_STEP}.outputs.passed == 'true'`);
  const work = [
    ...pointDownloadSteps(ctx, sweep, [...refs.metrics.keys()].filter((s) => members.has(s)).sort()),
    scriptStep(`check ${gate.name}`, CHECK_STEP, env, script),
  ];
  const steps: Record<string, unknown>[] = [];
  if (waitFor.length > 0) steps.push(...waitSteps(ctx, sweep, gate.name, waitFor), ...work.map((s) => onlyIf(s, ghExpr(READY))));
  else steps.push(...work);
  const marks = pointUploadSteps(ctx, sweep, gate.name, false);
  steps.push(...marks.map((s) => onlyIf(s, waitFor.length > 0 ? ghExpr(`${READY} && ${passed.text}`) : passed)));
  const condition = jobCondition(ctx, gate.name, needs);
  const job: Record<string, unknown> = {
    name: `gate ${gate.name}`,
    ...(needs.length > 0 ? { needs } : {}),
    ...(condition !== undefined ? { if: condition } : {}),
    strategy: memberStrategy(ctx, sweep),
    "runs-on": runsOn(ctx, false),
    "timeout-minutes": 10,
    permissions: {},
    env: { MLP_POINT: pointEntryExpr() },
    steps,
  };
  return { id: gate.name, job };
}
