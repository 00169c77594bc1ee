/**
 * A pipeline's members with the steps and gates of each `sweep` block spliced in after the sweep:
 * what the checker and lint rules walk when they look at every step or gate of a pipeline. (A
 * sweep nested in a sweep is not supported; its members are left out, and the checker says so.)
 */
import type { GateDecl, PipelineDecl, PipelineMember, StepDecl } from "./ast.js";

export function flatPipelineMembers(pipeline: PipelineDecl): (PipelineMember | StepDecl | GateDecl)[] {
  const out: (PipelineMember | StepDecl | GateDecl)[] = [];
  for (const m of pipeline.members) {
    out.push(m);
    if (m.kind === "Sweep") for (const sm of m.members) if (sm.kind === "Step" || sm.kind === "Gate") out.push(sm);
  }
  return out;
}
