/**
 * Control flow stays simple enough to mean the same on every target (language brief §9.2):
 * - a `finally` step runs after everything, whatever happened: it reads no step (only params,
 *   datasets, literals and `deployed(…)`), waits for none (`after`), and no node reads or waits
 *   for it (MLP4004);
 * - `assert`, `finally` and `after not GATE` stay outside sweep blocks, where a gate is checked
 *   once per point and every step runs once per point (MLP2024).
 */
import type { Expr, Identifier, StepDecl, StepMember } from "../../syntax/ast.js";
import type { Span } from "../../source/span.js";
import type { CheckContext } from "../context.js";
import type { PipelineScope } from "../program.js";
import { forEachRef, refText } from "../walk.js";
import type { CheckRule } from "../rule.js";

export const validControlFlow: CheckRule = {
  name: "valid-control-flow",
  phase: "graph",
  codes: ["MLP2024", "MLP4004"],
  check: (ctx) => {
    for (const scope of ctx.scopes()) checkPipeline(ctx, scope);
  },
};

function checkPipeline(ctx: CheckContext, scope: PipelineScope): void {
  for (const m of scope.decl.members)
    if (m.kind === "Sweep")
      for (const sm of m.members)
        if ((sm.kind === "Gate" && sm.assert === true) || (sm.kind === "Step" && sm.finally === true)) {
          const word = sm.kind === "Gate" ? "assert" : "finally";
          ctx.error("MLP2024", `\`${word}\` inside sweep \`${m.name.name}\``, sm.name.span, {
            notes: [sm.kind === "Gate" ? "an assert fails the whole run; inside a sweep it would be checked once per point" : "a `finally` step runs once per run, after everything; inside a sweep it would run once per point"],
            help: [`move \`${word} ${sm.name.name}\` out of the block`],
          });
        }
  const finals = new Set<string>();
  const flat = scope.flat;
  for (let i = 0; i < flat.length; i++) {
    const m = flat[i]!;
    if (m.kind === "Step" && m.finally === true) finals.add(m.name.name);
  }
  // Reads are reported only from a `finally` step or of one: without any, no expression is walked.
  const readsMatter = finals.size > 0;
  for (let i = 0; i < flat.length; i++) {
    const m = flat[i]!;
    if (m.kind === "Step") {
      const final = m.finally === true;
      if (readsMatter) for (const e of stepExprs(m)) checkReads(ctx, scope, e, final ? m : undefined, finals);
      const members = m.members ?? NO_MEMBERS;
      for (let j = 0; j < members.length; j++) {
        const a = members[j]!;
        if (a.kind !== "After") continue;
        const sym = scope.members.get(m.name.name);
        const inSweep = sym?.kind === "step" && sym.sweep !== undefined;
        checkAfter(ctx, a.names, a.not === true, final ? m : undefined, finals, inSweep, a.span);
      }
    } else if (m.kind === "Gate") {
      if (readsMatter) for (const c of m.conditions) checkReads(ctx, scope, c, undefined, finals);
    } else if (m.kind === "Deploy") {
      for (const dm of m.members) {
        if (dm.kind === "DeployModel" && readsMatter) checkReads(ctx, scope, dm.ref, undefined, finals);
        if (dm.kind === "After") checkAfter(ctx, dm.names, dm.not === true, undefined, finals, false, dm.span);
        if (dm.kind === "DeployTo" && readsMatter) for (const kv of dm.options) checkReads(ctx, scope, kv.value, undefined, finals);
      }
    }
  }
}

const NO_MEMBERS: readonly StepMember[] = [];

/** The expressions a step binds: its inputs, or its component call's arguments. */
function stepExprs(m: StepDecl): Expr[] {
  if (m.call !== undefined) return m.call.args.map((a) => a.value);
  const out: Expr[] = [];
  for (const sm of m.members ?? []) if (sm.kind === "Inputs") for (const e of sm.entries) if (e.value !== undefined) out.push(e.value);
  return out;
}

/** References to steps: from a `finally` step (`final`), any; from anyone, one to a `finally` step. */
function checkReads(ctx: CheckContext, scope: PipelineScope, e: Expr, final: StepDecl | undefined, finals: ReadonlySet<string>): void {
  forEachRef(e, (node) => {
    if (node.kind !== "Ref") return;
    const res = ctx.analysis.resolutions.get(node);
    if (res === undefined) return;
    const step = res.kind === "output" || res.kind === "metric" ? res.step : res.kind === "sweepOutput" || res.kind === "sweepMetric" ? res.sweep : undefined;
    if (step === undefined) return;
    if (final !== undefined) readsStep(ctx, final, refText(node), node.span);
    else if (finals.has(step)) readsFinal(ctx, step, node.span);
  });
  void scope;
}

function checkAfter(ctx: CheckContext, names: readonly Identifier[], not: boolean, final: StepDecl | undefined, finals: ReadonlySet<string>, inSweep: boolean, span: Span): void {
  if (not && inSweep) {
    ctx.error("MLP2024", "`after not` inside a sweep block", span, {
      notes: ["a gate inside a sweep is checked once per point; an else branch per point is not supported"],
      help: ["branch after the sweep: gate on the best point outside the block (`gate g { SWEEP.STEP.METRIC > … }`) and write `after not g` there"],
    });
    return;
  }
  for (const n of names) {
    if (final !== undefined) {
      ctx.error("MLP4004", `\`finally\` step \`${final.name.name}\` waits for \`${n.name}\``, n.span, {
        notes: ["a `finally` step runs once after every other node, whatever happened: it waits for all of them"],
        help: ["remove the `after`"],
      });
    } else if (finals.has(n.name)) readsFinal(ctx, n.name, n.span);
  }
}

function readsStep(ctx: CheckContext, final: StepDecl, text: string, span: Span): void {
  ctx.error("MLP4004", `\`finally\` step \`${final.name.name}\` reads \`${text}\``, span, {
    label: "a step's output or metric",
    notes: ["a `finally` step runs whatever happened, so the steps it would read may not have run"],
    help: ["pass params, datasets or literals, and read the run's outcome from `${status}`"],
  });
}

function readsFinal(ctx: CheckContext, name: string, span: Span): void {
  ctx.error("MLP4004", `\`${name}\` is a \`finally\` step: no node may read it or wait for it`, span, {
    notes: ["a `finally` step runs after every other node"],
    help: ["make it an ordinary `step` to use its outputs"],
  });
}
