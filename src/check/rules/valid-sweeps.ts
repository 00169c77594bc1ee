/**
 * A `sweep` block has the shape of language brief §9.1 (docs/language.md, "Sweeps"): at least one
 * `over` and one step, dimensions named once and not hiding a pipeline member, at most one `best`,
 * which is `max` or `min` of a metric a member step reports, and no sweep inside a sweep.
 */
import type { SweepDecl } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import type { MemberSymbol, PipelineScope } from "../program.js";
import { unparen } from "../walk.js";
import type { CheckRule } from "../rule.js";

export const validSweeps: CheckRule = {
  name: "valid-sweeps",
  phase: "names",
  codes: ["MLP2018", "MLP2020", "MLP2022", "MLP2023"],
  check(ctx) {
    for (const scope of ctx.scopes())
      for (const sym of scope.members.values()) if (sym.kind === "sweep" && sym.decl === scope.members.get(sym.name)?.decl) checkSweep(ctx, scope, sym);
  },
};

type SweepSymbol = Extract<MemberSymbol, { kind: "sweep" }>;

function checkSweep(ctx: CheckContext, scope: PipelineScope, sym: SweepSymbol): void {
  const decl = sym.decl;
  let overs = 0;
  let steps = 0;
  let best: SweepDecl["members"][number] | undefined;
  const dims = new Map<string, SweepDecl["members"][number]>();
  for (const m of decl.members) {
    switch (m.kind) {
      case "Sweep":
        ctx.error("MLP2020", `sweep \`${m.name.name}\` is inside sweep \`${decl.name.name}\`: sweeps do not nest`, m.name.span, {
          notes: ["a sweep's grid is the cross product of its `over` dimensions"],
          help: [`add its dimensions to \`${decl.name.name}\` as more \`over\` lines, or move it out of the block`],
        });
        break;
      case "Over": {
        overs++;
        const name = m.name.name;
        const first = dims.get(name);
        if (first !== undefined) {
          ctx.error("MLP2022", `sweep \`${decl.name.name}\` goes \`over\` \`${name}\` twice`, m.name.span, {
            labels: [{ span: first.span, message: "first here" }],
            help: ["put every value in one list"],
          });
          break;
        }
        dims.set(name, m);
        const hidden = scope.members.get(name);
        if (hidden !== undefined && hidden.kind !== "sweep")
          ctx.error("MLP2022", `dimension \`${name}\` of sweep \`${decl.name.name}\` has the name of ${hidden.kind} \`${name}\``, m.name.span, {
            notes: ["inside the block, the dimension would hide it"],
            help: ["rename the dimension"],
          });
        break;
      }
      case "Step":
        steps++;
        break;
      case "Best":
        if (best !== undefined) {
          ctx.error("MLP2023", `sweep \`${decl.name.name}\` has two \`best\` lines`, m.span, {
            labels: [{ span: best.span, message: "first here" }],
            help: ["keep one: the best point is chosen by one metric"],
          });
          break;
        }
        best = m;
        checkBest(ctx, scope, sym, m);
        break;
      default:
        break;
    }
  }
  if (overs === 0 || steps === 0)
    ctx.error("MLP2023", `sweep \`${decl.name.name}\` has no ${overs === 0 ? "`over`" : "step"}`, decl.name.span, {
      notes: ["a sweep runs its steps once per point of the grid its `over` lines make"],
      help: [overs === 0 ? "add a dimension, for example `over lr: [0.01, 0.1]`" : "add the steps to run at each point"],
    });
}

function checkBest(ctx: CheckContext, scope: PipelineScope, sym: SweepSymbol, m: Extract<SweepDecl["members"][number], { kind: "Best" }>): void {
  const name = sym.decl.name.name;
  if (m.direction.name !== "max" && m.direction.name !== "min") {
    ctx.error("MLP2018", `\`best\` takes \`max\` or \`min\`, found \`${m.direction.name}\``, m.direction.span, {
      help: [`for example \`best max evaluate.f1\``],
    });
    return;
  }
  const ref = unparen(m.metric);
  const res = ref.kind === "Ref" ? ctx.analysis.resolutions.get(ref) : undefined;
  if (ref.kind === "Ref" && res === undefined && ref.path.length === 2) return; // unknown name, already reported
  const member = res?.kind === "metric" ? scope.members.get(res.step) : undefined;
  if (res?.kind !== "metric" || member?.kind !== "step" || member.sweep !== name) {
    ctx.error("MLP2018", `\`best\` must name a metric of a step in sweep \`${name}\``, m.metric.span, {
      notes: ["the best point is the one whose member step reports the highest (`max`) or lowest (`min`) value"],
      help: [`for example \`best ${m.direction.name} STEP.METRIC\` with STEP one of ${sym.info.members.map((s) => `\`${s}\``).join(", ") || "the block's steps"}`],
    });
  }
}
