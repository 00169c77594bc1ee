/**
 * Moving artifacts between jobs: GitHub artifacts by default (upload-artifact/download-artifact,
 * pinned), or an object-store prefix (`artifact_store`) through the `aws`/`gcloud` CLI.
 */
import { DOWNLOAD_ARTIFACT, UPLOAD_ARTIFACT, uses } from "./actions.js";
import type { PipelineContext } from "./context.js";
import { ghExpr, type GhExpr } from "./gh-expr.js";
import { artifactName, outputDir, outputPath, sweepDir } from "./paths.js";

/**
 * A step output another job consumes: a plain step's, or a sweep member's as the sweep's fan-in
 * publishes it (`best`: at the best point, one artifact per member step; `collect`: every point's,
 * one directory per output).
 */
export interface ArtifactRef {
  readonly step: string;
  readonly output: string;
  readonly sweep?: { readonly name: string; readonly kind: "best" | "collect" };
}

/** The artifact that holds `ref` (several best outputs of one member step share one). */
export function refArtifact(ref: ArtifactRef): string {
  if (ref.sweep === undefined) return artifactName(ref.step, ref.output);
  return ref.sweep.kind === "best" ? `${ref.sweep.name}-best-${ref.step}` : `${ref.sweep.name}-collect-${ref.step}-${ref.output}`;
}

/** The workspace directory the artifact of `ref` is uploaded from and downloaded to. */
export function refDir(ref: ArtifactRef): string {
  if (ref.sweep === undefined) return outputDir(ref.step, ref.output);
  return ref.sweep.kind === "best" ? `${sweepDir(ref.sweep.name)}/best/${ref.step}` : `${sweepDir(ref.sweep.name)}/collect/${ref.step}/${ref.output}`;
}

/** The path a consumer reads: the output itself (a `collect` input is its whole directory). */
export function refPath(ref: ArtifactRef): string {
  if (ref.sweep === undefined) return outputPath(ref.step, ref.output);
  return ref.sweep.kind === "best" ? `${refDir(ref)}/${ref.output}` : refDir(ref);
}

/** Env exposing `store_secrets` to a transfer step. */
export function storeSecretEnv(ctx: PipelineContext): Record<string, GhExpr> {
  const env: Record<string, GhExpr> = {};
  for (const s of ctx.opts.storeSecrets) env[s] = ghExpr(`secrets.${s}`);
  return env;
}

/** Shell that copies directory `$1`-style arguments with the CLI of the store's scheme. */
export function syncCommand(store: string, from: string, to: string): string {
  return store.startsWith("gs://")
    ? `gcloud storage rsync --recursive "${from}" "${to}"`
    : `aws s3 sync --no-progress "${from}" "${to}"`;
}

/** Shell expression (inside double quotes) of the run's prefix in the store. */
export const STORE_RUN = "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID";

/** Where an output's artifact is in the store, under the run's prefix (`STORE_RUN`). */
export function storeSuffix(ref: ArtifactRef): string {
  if (ref.sweep === undefined) return `${ref.step}/${ref.output}`;
  return ref.sweep.kind === "best" ? `${ref.sweep.name}/best/${ref.step}` : `${ref.sweep.name}/collect/${ref.step}/${ref.output}`;
}

/** Shell expression (inside double quotes) of an output's location (its artifact's) in the store. */
export function storeLocation(ref: ArtifactRef): string {
  return `${STORE_RUN}/${storeSuffix(ref)}`;
}

/** Steps that bring `refs` into the workspace. */
export function downloadSteps(ctx: PipelineContext, wanted: readonly ArtifactRef[]): Record<string, unknown>[] {
  const refs = oneRefPerArtifact(wanted);
  if (refs.length === 0) return [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    return refs.map((r) => ({
      name: `download ${refArtifact(r)}`,
      uses: uses(DOWNLOAD_ARTIFACT),
      with: { name: refArtifact(r), path: refDir(r) },
    }));
  }
  const lines = ["set -eu"];
  for (const r of refs) {
    lines.push(`mkdir -p "$GITHUB_WORKSPACE/${refDir(r)}"`);
    lines.push(syncCommand(store, storeLocation(r), `$GITHUB_WORKSPACE/${refDir(r)}`));
  }
  return [
    {
      name: `fetch inputs from the artifact store`,
      env: { MLP_STORE: store, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
      run: lines.join("\n") + "\n",
    },
  ];
}

/** The first ref of each artifact: several best outputs of one member step share theirs. */
export function oneRefPerArtifact(refs: readonly ArtifactRef[]): ArtifactRef[] {
  const byArtifact = new Map<string, ArtifactRef>();
  for (const r of refs) if (!byArtifact.has(refArtifact(r))) byArtifact.set(refArtifact(r), r);
  return [...byArtifact.values()];
}

/** Steps that publish `refs` from the workspace. */
export function uploadSteps(ctx: PipelineContext, refs: readonly ArtifactRef[]): Record<string, unknown>[] {
  if (refs.length === 0) return [];
  const store = ctx.opts.artifactStore;
  if (store === undefined) {
    return refs.map((r) => {
      const w: Record<string, unknown> = {
        name: refArtifact(r),
        path: refDir(r),
        "if-no-files-found": "error",
        "include-hidden-files": true,
      };
      if (ctx.opts.retentionDays !== undefined) w["retention-days"] = ctx.opts.retentionDays;
      return { name: `upload ${refArtifact(r)}`, uses: uses(UPLOAD_ARTIFACT), with: w };
    });
  }
  const lines = ["set -eu"];
  for (const r of refs) lines.push(syncCommand(store, `$GITHUB_WORKSPACE/${refDir(r)}`, storeLocation(r)));
  return [
    {
      name: `push outputs to the artifact store`,
      env: { MLP_STORE: store, MLP_PIPELINE: ctx.pipeline.name, ...storeSecretEnv(ctx) },
      run: lines.join("\n") + "\n",
    },
  ];
}
