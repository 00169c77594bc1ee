/**
 * Argo names for the nodes of one pipeline: every step, gate, deploy, approval, sweep (its fan-in,
 * its fan-out and its point DAG) and `deployed(env)` lookup becomes a DAG task (and a template of
 * the same name). Names are checked
 * against Argo's rules and against each other, since `Train` and `train`, or a step
 * `deploy_staging` and the deploy `staging`, would otherwise become one task.
 */
import type { PipelineView } from "../../src/ir/view.js";
import type { Span } from "../../src/source/span.js";
import { isArgoFieldName, kubeName, MAX_FIELD_NAME } from "./names.js";
import type { Reporter } from "./report.js";
import { modelLookupName, modelSources } from "./deployed-model.js";
import { ASSERT_TEMPLATE, FINALLY_TEMPLATE, NOT_HELD_TEMPLATE } from "./control-flow.js";

/** Template names the target itself uses; no node may take them. */
export const DAG_TEMPLATE = "mlp-dag";
export const GATE_TEMPLATE = "mlp-gate";

/** Task names by node, for one pipeline. */
export interface TaskNames {
  step(name: string): string;
  gate(name: string): string;
  deploy(env: string): string;
  approval(env: string): string;
  lookup(env: string): string;
  /** Task that records a `to command` deploy after its command ran. */
  record(env: string): string;
  /** Task that runs when gate `name` does not hold: it logs why and marks the run gated. */
  notHeld(name: string): string;
  /** Task name of any node (step, gate, deploy, or a sweep's fan-in) by its IR name. */
  node(name: string): string;
  /** A sweep's fan-out: its main-DAG task and the template that runs every point (`<sweep>-points`). */
  sweepPoints(sweep: string): string;
  /** The DAG template of one point of a sweep (`<sweep>-point`). */
  sweepPoint(sweep: string): string;
}

/** Assigns and checks the task names of `p`; problems go to `reporter` (MLP5201, MLP5202). */
export function assignTaskNames(view: PipelineView, lookups: ReadonlySet<string>, reporter: Reporter): TaskNames {
  const p = view.pipeline;
  const taken = new Map<string, { what: string; span: Span }>();
  taken.set(DAG_TEMPLATE, { what: "the pipeline's DAG template", span: p.origin });
  taken.set(GATE_TEMPLATE, { what: "the gate template", span: p.origin });
  for (const t of [FINALLY_TEMPLATE, NOT_HELD_TEMPLATE, ASSERT_TEMPLATE]) taken.set(t, { what: `the template \`${t}\``, span: p.origin });
  const byNode = new Map<string, string>();

  const claim = (argo: string, what: string, source: string, span: Span): string => {
    if (!isArgoFieldName(argo)) {
      reporter.error("MLP5201", `${what} \`${source}\` cannot be an Argo task name`, span, {
        label: "this name",
        notes: [
          `it becomes \`${argo}\`; Argo task and template names must match \`[a-zA-Z0-9][-a-zA-Z0-9]*\` and be at most ${MAX_FIELD_NAME} characters`,
        ],
        help: ["rename it so it starts with a letter and does not start or end with `_`"],
      });
      return argo;
    }
    const prior = taken.get(argo);
    if (prior !== undefined) {
      reporter.error("MLP5202", `${what} \`${source}\` and ${prior.what} both become the Argo task \`${argo}\``, span, {
        label: "this name",
        labels: [{ span: prior.span, message: "the other one" }],
        notes: ["Argo names are lower case, with `-` for `_`"],
        help: ["rename one of them"],
      });
      return argo;
    }
    taken.set(argo, { what: `${what} \`${source}\``, span });
    return argo;
  };

  for (const s of p.steps) byNode.set(s.name, claim(kubeName(s.name), "step", s.name, s.origin));
  const notHeld = new Map<string, string>();
  for (const g of p.gates) {
    byNode.set(g.name, claim(kubeName(g.name), g.assert === true ? "assert" : "gate", g.name, g.origin));
    if (g.assert !== true) notHeld.set(g.name, claim(`${kubeName(g.name)}-not-held`, "the report of gate", g.name, g.origin));
  }
  const deploys = new Map<string, string>();
  const approvals = new Map<string, string>();
  const records = new Map<string, string>();
  for (const d of p.deploys) {
    const t = claim(`deploy-${kubeName(d.name)}`, "deploy", d.name, d.origin);
    deploys.set(d.name, t);
    byNode.set(d.name, t);
    if (d.approval) approvals.set(d.name, claim(`approve-${kubeName(d.name)}`, "the approval of deploy", d.name, d.origin));
    if (d.to.kind === "command") records.set(d.name, claim(`record-${kubeName(d.name)}`, "the record of deploy", d.name, d.origin));
  }
  // A sweep is three names: its fan-in task (the node others need), its fan-out, and its point DAG.
  const points = new Map<string, string>();
  const point = new Map<string, string>();
  for (const s of view.sweeps) {
    byNode.set(s.name, claim(kubeName(s.name), "sweep", s.name, s.origin));
    points.set(s.name, claim(`${kubeName(s.name)}-points`, "the fan-out of sweep", s.name, s.origin));
    point.set(s.name, claim(`${kubeName(s.name)}-point`, "the point template of sweep", s.name, s.origin));
  }
  const lookupNames = new Map<string, string>();
  for (const key of [...lookups].sort()) {
    // `PIPELINE.ENV` reads another pipeline's record (`deployedKey` in expr.ts)
    const dot = key.indexOf(".");
    const d = dot < 0 ? view.deploy(key) : undefined;
    const argo = dot < 0 ? `deployed-${kubeName(key)}` : `deployed-${kubeName(key.slice(0, dot))}-${kubeName(key.slice(dot + 1))}`;
    lookupNames.set(key, claim(argo, "the lookup of `deployed`", dot < 0 ? key : `${key.slice(dot + 1)}, from: ${key.slice(0, dot)}`, d?.origin ?? p.origin));
  }
  // `deployed(…).model` inputs: one lookup task per environment read (`deployed-model.ts`).
  for (const src of modelSources(p)) claim(modelLookupName(src), "the model lookup of `deployed`", `${src.env}, from: ${src.pipeline}`, p.origin);
  const get = (m: ReadonlyMap<string, string>, k: string): string => m.get(k) ?? kubeName(k);
  return {
    step: (n) => get(byNode, n),
    gate: (n) => get(byNode, n),
    deploy: (n) => get(deploys, n),
    approval: (n) => get(approvals, n),
    lookup: (n) => get(lookupNames, n),
    record: (n) => get(records, n),
    notHeld: (n) => get(notHeld, n),
    node: (n) => get(byNode, n),
    sweepPoints: (n) => get(points, n),
    sweepPoint: (n) => get(point, n),
  };
}
