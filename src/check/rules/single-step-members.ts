/**
 * A step or component body writes each member at most once, `after` excepted (language
 * reference, "Steps"): a second `run`, `image`, `timeout`, … is MLP2011, at its keyword, with
 * the first one labelled.
 */
import type { StepMember } from "../../syntax/ast.js";
import { REPEATABLE_MEMBER_WORDS, STEP_MEMBER_WORD } from "../../syntax/member-words.js";
import { memberKeywordSpan } from "../bodies.js";
import type { CheckRule } from "../rule.js";

/**
 * One bit per kind of member that may appear once (0 for the others), to note which were seen
 * in a body without a map or a closure: this runs for every member of every step.
 */
const SINGLE_BIT = Object.fromEntries(
  (Object.keys(STEP_MEMBER_WORD) as StepMember["kind"][]).map((kind, i) => [kind, REPEATABLE_MEMBER_WORDS.has(STEP_MEMBER_WORD[kind]) ? 0 : 1 << i]),
) as Readonly<Record<StepMember["kind"], number>>;

export const singleStepMembers: CheckRule = {
  name: "single-step-members",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const { members, owner, name } of ctx.bodies.bodies) {
      let seen = 0;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        const bit = SINGLE_BIT[m.kind];
        if ((seen & bit) === 0) {
          seen |= bit;
          continue;
        }
        const word = STEP_MEMBER_WORD[m.kind];
        let first = 0;
        while (members[first]!.kind !== m.kind) first++;
        ctx.error("MLP2011", `duplicate \`${word}\` in ${owner} \`${name}\``, memberKeywordSpan(m.span, word), {
          labels: [{ span: memberKeywordSpan(members[first]!.span, word), message: "first written here" }],
          help: [`merge the two \`${word}\` members into one`],
        });
      }
    }
  },
};
