/**
 * A pipeline has at most one `description`, one `schedule` and one `target NAME { … }` block per
 * target (language reference, "Pipelines"): a repeat is MLP2011, with the first one labelled.
 */
import type { PipelineMember } from "../../syntax/ast.js";
import { PIPELINE_MEMBER_WORD } from "../../syntax/member-words.js";
import { forEachRepeat, memberKeywordSpan } from "../bodies.js";
import type { CheckRule } from "../rule.js";

/** What must be unique: the word of `description` and `schedule`, and each target's name. */
function singleKey(m: PipelineMember): string | undefined {
  if (m.kind === "Description" || m.kind === "Schedule") return PIPELINE_MEMBER_WORD[m.kind];
  if (m.kind === "Target") return `target ${m.name.name}`;
  return undefined;
}

export const singlePipelineMembers: CheckRule = {
  name: "single-pipeline-members",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      const members = scope.decl.members;
      forEachRepeat(members, singleKey, (i, j) => {
        const m = members[i]!;
        const first = members[j]!;
        if (m.kind === "Target" && first.kind === "Target") {
          ctx.error("MLP2011", `duplicate \`target ${m.name.name}\` block`, m.name.span, {
            labels: [{ span: first.name.span, message: "first written here" }],
            help: ["merge the options into one block"],
          });
          return;
        }
        const word = PIPELINE_MEMBER_WORD[m.kind];
        ctx.error("MLP2011", `duplicate \`${word}\` in pipeline \`${scope.name}\``, memberKeywordSpan(m.span, word), {
          labels: [{ span: memberKeywordSpan(first.span, word), message: "first written here" }],
        });
      });
    }
  },
};
