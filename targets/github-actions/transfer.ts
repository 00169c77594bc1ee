/**
 * Moving artifacts between jobs: GitHub artifacts by default (upload-artifact/download-artifact,
 * pinned), or an object-store prefix (`artifact_store`) through the `aws`/`gcloud` CLI.
 */
import { DOWNLOAD_ARTIFACT, UPLOAD_ARTIFACT, uses } from "./actions.js";
import type { PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { artifactName, outputDir } from "./paths.js";

/** A step output another job consumes. */
export interface ArtifactRef {
  readonly step: string;
  readonly output: string;
}

/** Env exposing `store_secrets` to a transfer step. */
export function storeSecretEnv(ctx: PipelineContext): Record<string, GhExpr> {
  const env: Record<string, GhExpr> = {};
  for (const s of ctx.opts.storeSecrets) env[s] = ghExpr(`secrets.${s}`);
  return env;
}

/** Shell that copies directory `$1`-style arguments with the CLI of the store's scheme. */
function syncCommand(store: string, from: string, to: string): string {
  return store.startsWith("gs://")
    ? `gcloud storage rsync --recursive "${from}" "${to}"`
    : `aws s3 sync --no-progress "${from}" "${to}"`;
}

/** Shell expression (inside double quotes) of an output's location in the store. */
export function storeLocation(ref: ArtifactRef): string {
  return `$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/${ref.step}/${ref.output}`;
}

/** Steps that bring `refs` into the workspace. */
export function downloadSteps(ctx: PipelineContext, refs: readonly ArtifactRef[]): Record<string, unknown>[] {
  if (refs.length === 0) return [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    return refs.map((r) => ({
      name: `download ${artifactName(r.step, r.output)}`,
      uses: uses(DOWNLOAD_ARTIFACT),
      with: { name: artifactName(r.step, r.output), path: outputDir(r.step, r.output) },
    }));
  }
  const lines = ["set -eu"];
  for (const r of refs) {
    lines.push(`mkdir -p "$GITHUB_WORKSPACE/${outputDir(r.step, r.output)}"`);
    lines.push(syncCommand(store, storeLocation(r), `$GITHUB_WORKSPACE/${outputDir(r.step, r.output)}`));
  }
  return [
    {
      name: `fetch inputs from the artifact store`,
      env: { MLP_STORE: store, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
      run: lines.join("\n") + "\n",
    },
  ];
}

/** Steps that publish `refs` from the workspace. */
export function uploadSteps(ctx: PipelineContext, refs: readonly ArtifactRef[]): Record<string, unknown>[] {
  if (refs.length === 0) return [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    return refs.map((r) => {
      const w: Record<string, unknown> = {
        name: artifactName(r.step, r.output),
        path: outputDir(r.step, r.output),
        "if-no-files-found": "error",
        "include-hidden-files": true,
      };
      if (ctx.opts.retentionDays !== undefined) w["retention-days"] = ctx.opts.retentionDays;
      return { name: `upload ${artifactName(r.step, r.output)}`, uses: uses(UPLOAD_ARTIFACT), with: w };
    });
  }
  const lines = ["set -eu"];
  for (const r of refs) lines.push(syncCommand(store, `$GITHUB_WORKSPACE/${outputDir(r.step, r.output)}`, storeLocation(r)));
  return [
    {
      name: `push outputs to the artifact store`,
      env: { MLP_STORE: store, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
      run: lines.join("\n") + "\n",
    },
  ];
}
