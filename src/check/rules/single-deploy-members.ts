/**
 * A deploy writes `model`, `approval`, `secrets` and `to` at most once each (language reference,
 * "Deploys"): a repeat is MLP2011, at its keyword, with the first one labelled.
 */
import type { DeployMember } from "../../syntax/ast.js";
import { DEPLOY_MEMBER_WORD, REPEATABLE_MEMBER_WORDS } from "../../syntax/member-words.js";
import { forEachRepeat, memberKeywordSpan } from "../bodies.js";
import type { CheckRule } from "../rule.js";

function singleWord(m: DeployMember): string | undefined {
  const word = DEPLOY_MEMBER_WORD[m.kind];
  return REPEATABLE_MEMBER_WORDS.has(word) ? undefined : word;
}

export const singleDeployMembers: CheckRule = {
  name: "single-deploy-members",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      for (const decl of scope.decl.members) {
        if (decl.kind !== "Deploy") continue;
        const members = decl.members;
        forEachRepeat(members, singleWord, (i, first) => {
          const word = DEPLOY_MEMBER_WORD[members[i]!.kind];
          ctx.error("MLP2011", `duplicate \`${word}\` in deploy`, memberKeywordSpan(members[i]!.span, word), {
            labels: [{ span: memberKeywordSpan(members[first]!.span, word), message: "first written here" }],
          });
        });
      }
    }
  },
};
