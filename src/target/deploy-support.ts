/**
 * What a target can deploy: each target declares the kinds and, per kind, the options it
 * honours (`targets/<name>/deploy-support.ts`), and refuses the rest with the wording here, under
 * its own "unsupported deploy" code. Unknown kinds and options never get this far: `mlp check`
 * refuses them against the definition in `src/deploy/kinds.ts`, and the IR schema refuses them in a
 * hand-written document. What remains is a kind or option the language has that this target
 * cannot honour.
 */
import { DEPLOY_KIND_NAMES, type DeployKind, type DeployOptionName } from "../deploy/kinds.js";
import type { IrDeploy } from "../ir/ir.js";

/** The kinds a target deploys, each with the options it reads (every other option is refused). */
export type DeploySupport = { readonly [K in DeployKind]?: readonly DeployOptionName<K>[] };

/** One refusal, for the target to report at the deploy under its own code. */
export interface DeployRefusal {
  readonly message: string;
  readonly notes: readonly string[];
  readonly help: readonly string[];
}

const list = (names: readonly string[], prefix = ""): string => (names.length === 0 ? "none" : names.map((n) => `\`${prefix}${n}\``).join(", "));

/**
 * Why `target` (its display name: "GitHub Actions", "Argo", "Airflow") cannot deploy `deploy` as
 * written, one refusal per unsupported kind or option; empty when it can.
 */
export function unsupportedDeploy(target: string, support: DeploySupport, deploy: IrDeploy): DeployRefusal[] {
  const kind = deploy.to.kind;
  const kinds = DEPLOY_KIND_NAMES.filter((k) => support[k] !== undefined);
  const options = support[kind] as readonly string[] | undefined;
  if (options === undefined) {
    return [
      {
        message: `deploy \`${deploy.name}\` is \`to ${kind}\`, which the ${target} target does not support`,
        notes: [`the ${target} target deploys ${list(kinds, "to ")}`],
        help: [`deploy with one of those, or compile this pipeline for a target that deploys \`to ${kind}\``],
      },
    ];
  }
  return Object.keys(deploy.to.options)
    .filter((o) => !options.includes(o))
    .sort()
    .map((o) => ({
      message: `option \`${o}\` of \`to ${kind}\` in deploy \`${deploy.name}\` is not supported by the ${target} target`,
      notes: [`of \`to ${kind}\`, the ${target} target reads ${list(options)}`],
      help: [`remove \`${o}\`, or compile this pipeline for a target that supports it`],
    }));
}
