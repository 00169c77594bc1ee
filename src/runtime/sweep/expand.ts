/**
 * A sweep, as the local executor runs it: the pipeline with each member step and gate copied once
 * per point of the grid (with the run's param values), so the scheduler, the step plan, the
 * attempts and the recorder handle points as ordinary nodes. A copy is named `MEMBER[INDEX]`
 * (`train[3]`: the name runs and logs record) and reads
 *   - `over` bindings and expressions as literals: the point's value, which is thereby part of
 *     its cache key (a step's key never includes its name, so a point keeps its key when values
 *     are added and its index moves);
 *   - references to members as references to the same point's copies.
 * Nodes outside read the sweep's node, the fan-in (`fan-in-node.ts`), which publishes the best
 * point's outputs as `SWEEP.STEP.OUTPUT`, its metrics as `SWEEP.STEP.METRIC`, and each collected
 * output as `SWEEP.collect(STEP.OUTPUT)`: `best` and `collect` bindings, `best` expressions and a
 * deploy's `model.sweep` are rewritten to those. A pipeline without sweeps is returned as is.
 */
import { fanInSpec, type FanInSpec } from "../../ir/fan-in-spec.js";
import type { IrBinding, IrCondition, IrDeploy, IrExpr, IrGate, IrNodeRef, IrStep, IrSweep, IrValue } from "../../ir/ir.js";
import { sweepPoints, type SweepPoint } from "../../ir/sweep-grid.js";
import type { ValidPipeline } from "../../ir/validate.js";
import { pipelineView } from "../../ir/view.js";
import type { ParamValues } from "../params.js";

/** One sweep of a run: its grid with this run's values, its fan-in spec, its points' node names. */
export interface SweepRun {
  readonly sweep: IrSweep;
  readonly points: readonly SweepPoint[];
  readonly spec: FanInSpec;
  /** Per point (by index), each member's copy: member name -> node name. */
  readonly nodes: readonly ReadonlyMap<string, string>[];
}

/** Where a copied node belongs. */
export interface PointNode {
  readonly sweep: string;
  readonly point: number;
  readonly member: string;
}

export interface ExpandedPipeline {
  readonly pipeline: ValidPipeline;
  readonly sweeps: ReadonlyMap<string, SweepRun>;
  /** Copied member nodes by name. */
  readonly pointNodes: ReadonlyMap<string, PointNode>;
}

/** The name of member `member`'s copy at point `index`. */
export function pointNodeName(member: string, index: number): string {
  return `${member}[${index}]`;
}

/** The output name under which the fan-in publishes member output `step.output` at the best point. */
export const bestOutputName = (step: string, output: string): string => `${step}.${output}`;
/** The output name under which the fan-in publishes the collect directory of `step.output`. */
export const collectOutputName = (step: string, output: string): string => `collect(${step}.${output})`;
/** The metric name under which the fan-in publishes member metric `step.metric` at the best point. */
export const bestMetricName = (step: string, metric: string): string => `${step}.${metric}`;

export function expandSweeps(p: ValidPipeline, params: ParamValues): ExpandedPipeline {
  const declared = p.sweeps ?? [];
  if (declared.length === 0) return { pipeline: p, sweeps: new Map(), pointNodes: new Map() };
  const view = pipelineView(p);
  const paramValue = (name: string): IrValue | undefined => params[name];
  const sweeps = new Map<string, SweepRun>();
  const pointNodes = new Map<string, PointNode>();
  for (const s of declared) {
    const points = sweepPoints(s, paramValue);
    const nodes = points.map((pt) => {
      const m = new Map<string, string>();
      for (const member of s.members) {
        const name = pointNodeName(member, pt.index);
        m.set(member, name);
        pointNodes.set(name, { sweep: s.name, point: pt.index, member });
      }
      return m;
    });
    sweeps.set(s.name, { sweep: s, points, spec: fanInSpec(view, s.name, paramValue), nodes });
  }

  /** How names and values read inside point `index` of sweep `sweep` (or outside any sweep). */
  const scope = (sweep: string | undefined, index: number) => {
    const run = sweep === undefined ? undefined : sweeps.get(sweep)!;
    const copies = run?.nodes[index];
    const values = run?.points[index]?.values;
    const rename = (n: string): string => copies?.get(n) ?? n;
    const expr = (e: IrExpr): IrExpr => {
      switch (e.kind) {
        case "over":
          return { kind: "literal", type: e.type, value: values![e.name]! };
        case "best":
          return { kind: "metric", type: e.type, step: e.sweep, metric: bestMetricName(e.step, e.metric) };
        case "metric":
          return copies?.has(e.step) ? { ...e, step: rename(e.step) } : e;
        case "binary":
          return { ...e, left: expr(e.left), right: expr(e.right) };
        case "unary":
          return { ...e, operand: expr(e.operand) };
        case "interpolate":
          return { ...e, parts: e.parts.map((part) => (part.kind === "expr" ? { ...part, expr: expr(part.expr) } : part)) };
        default:
          return e;
      }
    };
    const binding = (b: IrBinding): IrBinding => {
      switch (b.kind) {
        case "over":
          return { kind: "literal", value: values![b.name]! };
        case "best":
          return { kind: "output", step: b.sweep, output: bestOutputName(b.step, b.output) };
        case "collect":
          return { kind: "output", step: b.sweep, output: collectOutputName(b.step, b.output) };
        case "output":
          return copies?.has(b.step) ? { ...b, step: rename(b.step) } : b;
        case "expr":
          return { kind: "expr", expr: expr(b.expr) };
        case "deployed":
          return b.fallback === undefined ? b : { ...b, fallback: binding(b.fallback) };
        default:
          return b;
      }
    };
    const step = (st: IrStep): IrStep => ({
      ...st,
      name: rename(st.name),
      inputs: st.inputs.map((i) => ({ ...i, binding: binding(i.binding) })),
      needs: st.needs.map(rename),
      after: st.after.map(rename),
    });
    const gate = (g: IrGate): IrGate => ({
      ...g,
      name: rename(g.name),
      conditions: g.conditions.map((c): IrCondition => ({ ...c, expr: expr(c.expr) })),
      needs: g.needs.map(rename),
    });
    return { step, gate, expr };
  };

  const outside = scope(undefined, 0);
  const copiesOf = <T extends { readonly sweep?: string }>(x: T, copy: (s: ReturnType<typeof scope>) => (x: T) => T): T[] =>
    x.sweep === undefined ? [copy(outside)(x)] : sweeps.get(x.sweep)!.points.map((pt) => copy(scope(x.sweep, pt.index))(x));
  const steps = p.steps.flatMap((s) => copiesOf(s, (sc) => sc.step));
  const gates = p.gates.flatMap((g) => copiesOf(g, (sc) => sc.gate));
  const deploys = p.deploys.map((d): IrDeploy => {
    const m = d.model;
    const options = d.optionExprs === undefined ? {} : { optionExprs: Object.fromEntries(Object.entries(d.optionExprs).map(([k, e]) => [k, outside.expr(e)])) };
    return m.sweep === undefined ? { ...d, ...options } : { ...d, ...options, model: { step: m.sweep, output: bestOutputName(m.step, m.output) } };
  });
  const order: IrNodeRef[] = p.order.flatMap((ref) => {
    const own = ref.kind === "step" ? view.step(ref.name)?.sweep : ref.kind === "gate" ? view.gate(ref.name)?.sweep : undefined;
    return own === undefined ? [ref] : sweeps.get(own)!.nodes.map((m) => ({ kind: ref.kind, name: m.get(ref.name)! }));
  });
  const expandedSweeps = declared.map((s): IrSweep => {
    const names = sweeps.get(s.name)!.nodes.flatMap((m) => s.members.map((x) => m.get(x)!));
    return { ...s, members: names, needs: [...names].sort() };
  });
  // Copies of valid nodes with references renamed consistently: still a valid graph (names may
  // now carry `[i]`, which the runtime only uses in records and log file names).
  const pipeline = { ...p, steps, gates, deploys, order, sweeps: expandedSweeps } as ValidPipeline;
  return { pipeline, sweeps, pointNodes };
}
