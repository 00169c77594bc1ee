/**
 * Params, secrets, datasets, steps, gates and deploys share one namespace per pipeline
 * (language reference, "Declarations"): a name declared again is MLP2003, labelled with the kind
 * of both declarations.
 */
import type { Identifier } from "../../syntax/ast.js";
import { pipelineMemberWord } from "../../syntax/member-words.js";
import type { MemberSymbol } from "../program.js";
import type { CheckRule } from "../rule.js";

/** The name node of a declaration's symbol (a deploy is named by its environment). */
function nameNode(sym: MemberSymbol): Identifier {
  return sym.kind === "deploy" ? sym.decl.env : sym.decl.name;
}

export const uniquePipelineMemberNames: CheckRule = {
  name: "unique-pipeline-member-names",
  phase: "names",
  codes: ["MLP2003"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      if (scope.duplicated.size === 0) continue;
      for (const m of scope.flat) {
        if (m.kind !== "Param" && m.kind !== "Secret" && m.kind !== "Dataset" && m.kind !== "Step" && m.kind !== "Gate" && m.kind !== "Deploy" && m.kind !== "Sweep") continue;
        const node = m.kind === "Deploy" ? m.env : m.name;
        // the declarations phase kept the first declaration of each name
        const first = scope.members.get(node.name)!;
        if (first.decl === m) continue;
        const kind = pipelineMemberWord(m);
        ctx.error("MLP2003", `duplicate name \`${node.name}\` in pipeline \`${scope.name}\``, node.span, {
          label: `${kind} \`${node.name}\` declared here`,
          labels: [{ span: nameNode(first).span, message: `${first.kind} \`${node.name}\` first declared here` }],
          notes: ["params, secrets, datasets, steps, gates, deploys and sweeps share one namespace per pipeline"],
          help: ["rename one of them"],
        });
      }
    }
  },
};
