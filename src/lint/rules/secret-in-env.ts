/**
 * Secrets reach a step through `secret NAME` + `secrets [NAME]`, which every target keeps out of
 * generated files and logs; a value written into `env` is stored in plain text everywhere.
 */
import { flatPipelineMembers } from "../../syntax/pipeline-members.js";
import { createRule } from "../rule.js";
import type { StepMember } from "../../syntax/ast.js";
import { membersOf, pipelinesOf } from "../ast-queries.js";

const SECRET_KEY = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|_)/i;

export default createRule({
  name: "secret-in-env",
  meta: {
    code: "MLP6006",
    description: "a secret passed through `env` instead of `secrets`",
    defaultLevel: "warning",
    messages: {
      declared: "`env` sets `{{key}}`, which names the declared secret `{{secret}}`",
      suspicious: "`env` sets `{{key}}` to a literal value that looks like a secret",
    },
    help: {
      declared: "remove it from `env` and add `secrets [{{secret}}]` to the step",
      suspicious: "declare `secret {{key}}` in the pipeline and add `secrets [{{key}}]` to the step",
    },
  },
  check(ctx) {
    const secretNames = new Map<string, string>();
    for (const pipeline of pipelinesOf(ctx.file)) {
      for (const s of membersOf(pipeline, "Secret")) secretNames.set(s.name.name.toLowerCase(), s.name.name);
    }
    const visit = (members: readonly StepMember[]) => {
      for (const m of members) {
        if (m.kind !== "Env") continue;
        for (const entry of m.entries) {
          const key = entry.key.name;
          const secret = secretNames.get(key.toLowerCase());
          if (secret) ctx.report({ span: entry.key.span, messageId: "declared", data: { key, secret } });
          else if (SECRET_KEY.test(key) && entry.value.kind === "String" && entry.value.value !== "")
            ctx.report({ span: entry.key.span, messageId: "suspicious", data: { key } });
        }
      }
    };
    for (const decl of ctx.file.declarations) {
      if (decl.kind === "Component") visit(decl.members);
      if (decl.kind === "Pipeline") for (const m of flatPipelineMembers(decl)) if (m.kind === "Step" && m.members) visit(m.members);
    }
  },
});
