/**
 * A step whose command runs a local script must list it in `code`, or editing the script will
 * not invalidate the cache (see docs/running.md, "Caching").
 */
import { flatPipelineMembers } from "../../syntax/pipeline-members.js";
import { createRule } from "../rule.js";
import type { StepMember } from "../../syntax/ast.js";
import { findMember } from "../ast-queries.js";

/** Relative paths to scripts in a command: `steps/train.py`, `./run.sh`, `src/x.mjs`. */
const SCRIPT = /(?:^|[\s"'=])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:py|sh|bash|js|mjs|cjs|ts|r|R|jl|rb|pl))(?=$|[\s"';|&)])/g;

export function localScripts(command: string): string[] {
  const found: string[] = [];
  for (const m of command.matchAll(SCRIPT)) {
    const path = m[1]!;
    if (!path.startsWith("/")) found.push(path);
  }
  return found;
}

export default createRule({
  name: "untracked-script",
  meta: {
    code: "MLP6004",
    description: "a step runs a local script that its `code` list does not name",
    defaultLevel: "warning",
    messages: { untracked: "`run` executes `{{script}}` but `code` does not list it" },
    help: { untracked: "add `code \"{{script}}\"` so changing the script re-runs the step" },
  },
  check(ctx) {
    const visit = (members: readonly StepMember[]) => {
      const run = findMember(members, "Run");
      if (!run) return;
      const code = new Set(
        (findMember(members, "Code")?.paths ?? []).map((p) => p.value.replace(/^\.\//, "")),
      );
      for (const script of localScripts(run.command.value)) {
        if (!code.has(script.replace(/^\.\//, ""))) {
          ctx.report({ span: run.command.span, messageId: "untracked", data: { script } });
        }
      }
    };
    for (const decl of ctx.file.declarations) {
      if (decl.kind === "Component") visit(decl.members);
      if (decl.kind === "Pipeline") for (const m of flatPipelineMembers(decl)) if (m.kind === "Step" && m.members) visit(m.members);
    }
  },
});
