/**
 * MLP5240: a deploy's environment name becomes the `mlp.dev/environment` label of the objects
 * that record and serve it, and the last part of the record ConfigMap's name
 * (`mlp-<pipeline>-<env>`). Kubernetes refuses a label value over 63 characters or not starting
 * and ending with a letter or digit (`prod_` becomes `prod-`), and the API server would refuse the
 * object only when the workflow reaches the deploy: it is refused at compile time instead.
 */
import type { IrDeploy } from "../../src/ir/ir.js";
import { isDns1123Subdomain, isLabelValue, kubeName, MAX_LABEL_VALUE } from "./names.js";
import type { PipelineContext } from "./pipeline-context.js";
import { recordName } from "./deploy-template.js";

/** Reports MLP5240 when `d`'s name cannot label (or name) its Kubernetes objects; true when it can. */
export function checkDeployName(d: IrDeploy, ctx: PipelineContext): boolean {
  const label = kubeName(d.name);
  const record = recordName(ctx, d.name);
  let why: string | undefined;
  if (label.length > MAX_LABEL_VALUE) why = `it becomes the label value \`${label}\`, ${label.length} characters long; Kubernetes allows ${MAX_LABEL_VALUE}`;
  else if (!isLabelValue(label)) why = `it becomes the label value \`${label}\`, which must start and end with a letter or digit`;
  else if (!isDns1123Subdomain(record)) why = `the ConfigMap that records it would be named \`${record}\`, not a DNS-1123 subdomain`;
  if (why === undefined) return true;
  ctx.reporter.error("MLP5240", `deploy \`${d.name}\` cannot name its Kubernetes objects on Argo`, d.origin, {
    label: "this deploy",
    notes: [`${why} (\`mlp.dev/environment\` on the record ConfigMap and the InferenceService, which \`deployed(${d.name})\` looks up)`],
    help: ["rename the environment: letters and digits at both ends, `_` inside, at most 63 characters, e.g. `deploy production { … }`"],
  });
  return false;
}
