/**
 * A `deployed(ENV[, from: PIPELINE]).model [?? FALLBACK]` input of a step job. The lookup job
 * (lookup-job.ts) says whether a model is deployed and where the deploying run put it: the run's
 * artifact (downloaded with `actions/download-artifact` given `run-id` and `github-token`, which
 * needs `actions: read`) or the object store (`aws`/`gcloud`). The location reaches the steps as
 * expression values in `with:`/`env:`, never inside `run:`. Without a model, the input is the
 * fallback (its download runs only then), or the job fails naming the environment and pipeline.
 */
import type { IrBinding } from "../../src/ir/ir.js";
import { DOWNLOAD_ARTIFACT, uses } from "./actions.js";
import type { PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { lookupJobId, lookupKey } from "./js-expr.js";
import { isAbsolutePath, isUri, outputPath, repoPath, WORK_ROOT } from "./paths.js";
import { downloadSteps, refPath, storeSecretEnv, type ArtifactRef } from "./transfer.js";

type DeployedBinding = Extract<IrBinding, { kind: "deployed" }>;

/** What a deployed-model input adds to its step job. */
export interface DeployedPlan {
  readonly lookup: string;
  /** Steps before the command: fetch the model (or the fallback). */
  readonly steps: Record<string, unknown>[];
  /** The command step's env (values from the lookup, fallback dataset paths). */
  readonly stepEnv: Record<string, string | GhExpr>;
  /** The job's env (paths the compiler makes). */
  readonly jobEnv: Record<string, string>;
  /** Shell lines that set `MLP_IN_<input>`. */
  readonly prelude: string[];
}

/** Where the deployed model of input `input` is downloaded to. */
export function deployedDir(input: string): string {
  return `${WORK_ROOT}/deployed/${input}`;
}

function withCondition(step: Record<string, unknown>, condition: string): Record<string, unknown> {
  const { name, ...rest } = step;
  return { name, if: ghExpr(condition), ...rest };
}

/** Plans input `input` bound to `b`. */
export function planDeployedInput(ctx: PipelineContext, input: string, b: DeployedBinding): DeployedPlan {
  const lookup = lookupJobId(lookupKey(b.env, b.pipeline));
  const out = (name: string): string => `needs.${lookup}.outputs.${name}`;
  const found = `${out("found")} == 'true'`;
  const v = `MLP_IN_${input}`;
  const steps: Record<string, unknown>[] = [];
  const stepEnv: Record<string, string | GhExpr> = {};
  const jobEnv: Record<string, string> = { [v]: deployedDir(input) };
  steps.push(
    withCondition(
      {
        name: `download the model deployed to ${b.env}`,
        uses: uses(DOWNLOAD_ARTIFACT),
        with: {
          name: ghExpr(out("model-artifact")),
          path: deployedDir(input),
          "run-id": ghExpr(out("model-run")),
          "github-token": ghExpr("github.token"),
        },
      },
      `${found} && ${out("model-artifact")} != ''`,
    ),
    withCondition(
      {
        name: `fetch the model deployed to ${b.env} from the artifact store`,
        env: { MLP_FROM: ghExpr(out("model-store")), MLP_TO: deployedDir(input), ...storeSecretEnv(ctx) },
        run: [
          "set -eu",
          'mkdir -p "$GITHUB_WORKSPACE/$MLP_TO"',
          'case "$MLP_FROM" in',
          '  gs://*) gcloud storage rsync --recursive "$MLP_FROM" "$GITHUB_WORKSPACE/$MLP_TO" ;;',
          '  *) aws s3 sync --no-progress "$MLP_FROM" "$GITHUB_WORKSPACE/$MLP_TO" ;;',
          "esac",
          "",
        ].join("\n"),
      },
      `${found} && ${out("model-store")} != ''`,
    ),
  );
  stepEnv[`MLP_FOUND_${input}`] = ghExpr(out("found"));
  stepEnv[`MLP_MODEL_PATH_${input}`] = ghExpr(out("model-path"));
  const prelude = [`if [ "$MLP_FOUND_${input}" = true ]; then`, `  ${v}="$GITHUB_WORKSPACE/$${v}/$MLP_MODEL_PATH_${input}"`];
  const fb = b.fallback;
  const from = ` by pipeline ${b.pipeline ?? ctx.pipeline.name}`;
  if (fb === undefined) {
    prelude.push("else", `  echo "::error::nothing is deployed to ${b.env}${from}, and input ${input} has no fallback (?? …)"`, "  exit 1", "fi");
  } else {
    const fv = `MLP_FALLBACK_${input}`;
    const notFound = `${out("found")} != 'true'`;
    if (fb.kind === "dataset") {
      const uri = ctx.view.dataset(fb.dataset)?.uri ?? fb.dataset;
      const direct = isUri(uri) || isAbsolutePath(uri);
      stepEnv[fv] = direct ? uri : repoPath(ctx.base, uri);
      prelude.push("else", direct ? `  ${v}="$${fv}"` : `  ${v}="$GITHUB_WORKSPACE/$${fv}"`, "fi");
    } else if (fb.kind === "output" || fb.kind === "best") {
      const ref: ArtifactRef = fb.kind === "output" ? { step: fb.step, output: fb.output } : { step: fb.step, output: fb.output, sweep: { name: fb.sweep, kind: "best" } };
      jobEnv[fv] = fb.kind === "output" ? outputPath(fb.step, fb.output) : refPath(ref);
      steps.push(...downloadSteps(ctx, [ref]).map((s) => withCondition(s, notFound)));
      prelude.push("else", `  ${v}="$GITHUB_WORKSPACE/$${fv}"`, "fi");
    } else {
      throw new Error(`internal: a deployed model cannot fall back to a ${fb.kind} binding`);
    }
  }
  return { lookup, steps, stepEnv, jobEnv, prelude };
}
