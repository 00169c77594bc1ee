/**
 * An image must name a pinned tag or a digest, so a re-run uses the same bits
 * (see docs/language.md, "Steps": `image`).
 */
import { flatPipelineMembers } from "../../syntax/pipeline-members.js";
import { createRule } from "../rule.js";
import type { StepMember } from "../../syntax/ast.js";

/** The tag of an image reference (`python:3.12-slim` -> `3.12-slim`), or undefined when none. */
function tagOf(image: string): string | undefined {
  const lastSlash = image.lastIndexOf("/");
  const lastColon = image.lastIndexOf(":");
  return lastColon > lastSlash ? image.slice(lastColon + 1) : undefined;
}

export default createRule({
  name: "unpinned-image",
  meta: {
    code: "MLP6001",
    description: "an image without a pinned tag or digest (`:latest` or no tag)",
    defaultLevel: "warning",
    messages: {
      latest: "image `{{image}}` uses the moving tag `latest`",
      untagged: "image `{{image}}` has no tag or digest",
    },
    help: {
      latest: "pin a version tag (`python:3.12-slim`) or a digest (`python@sha256:…`)",
      untagged: "pin a version tag (`python:3.12-slim`) or a digest (`python@sha256:…`)",
    },
  },
  check(ctx) {
    const visit = (members: readonly StepMember[]) => {
      for (const m of members) {
        if (m.kind !== "Image") continue;
        const image = m.image.value;
        if (image.includes("@sha256:")) continue;
        const tag = tagOf(image);
        if (tag === undefined) ctx.report({ span: m.image.span, messageId: "untagged", data: { image } });
        else if (tag === "latest") ctx.report({ span: m.image.span, messageId: "latest", data: { image } });
      }
    };
    for (const decl of ctx.file.declarations) {
      if (decl.kind === "Component") visit(decl.members);
      if (decl.kind === "Pipeline") for (const m of flatPipelineMembers(decl)) if (m.kind === "Step" && m.members) visit(m.members);
    }
  },
});
