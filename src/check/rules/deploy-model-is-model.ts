/**
 * A deploy ships a model (language reference, "Deploys"): its `model` names a step output
 * declared `Model`; another type is MLP4002, labelled at the output's declaration.
 */
import type { CheckRule } from "../rule.js";
import { showType } from "../types.js";
import { unparen } from "../walk.js";

export const deployModelIsModel: CheckRule = {
  name: "deploy-model-is-model",
  phase: "graph",
  codes: ["MLP4002"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      for (const sym of scope.members.values()) {
        if (sym.kind !== "deploy") continue;
        for (const m of sym.decl.members) {
          if (m.kind !== "DeployModel") continue;
          const ref = unparen(m.ref);
          const res = ref.kind === "Ref" ? ctx.analysis.resolutions.get(ref) : undefined;
          if (res?.kind !== "output" && res?.kind !== "sweepOutput") continue;
          const step = scope.members.get(res.step);
          const port = step?.kind === "step" ? step.sig.outputs.get(res.output) : undefined;
          if (port === undefined || port.type.kind === "Model" || port.type.kind === "error") continue;
          ctx.error("MLP4002", `deploy of a non-Model: \`${res.step}.${res.output}\` is a \`${showType(port.type)}\``, m.ref.span, {
            labels: step?.kind === "step" && step.sig.form !== "std" ? [{ span: port.span, message: `declared as \`${showType(port.type)}\` here` }] : [],
            help: ["deploy an output declared as `Model`, for example `outputs { model: Model }`"],
          });
        }
      }
    }
  },
};
