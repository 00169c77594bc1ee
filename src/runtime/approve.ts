/**
 * `mlp approve RUN ENV`: completes a deploy that stopped its run as awaiting approval. The
 * pending deployment row holds everything needed (model artifact, target kind and options, the
 * metrics snapshot), so approving does not need the pipeline file.
 */
import { join } from "node:path";
import { deploy, type DeploymentRow, type DeployOutcome, type DeploySecrets } from "./registry.js";
import { ObjectChecker } from "./object-check.js";
import type { Store } from "./store.js";

/** Why an approval could not be carried out. */
export type ApproveError =
  | { readonly kind: "no-run" }
  | { readonly kind: "not-waiting"; readonly envs: string[] }
  /** The model's object left the store, or its bytes no longer hash to its name: nothing is deployed. */
  | { readonly kind: "bad-model"; readonly model: string; readonly artifact: string; readonly actual: string | null };

/** Deploys the approved model; the run becomes `success` when nothing else awaits approval. */
export async function approveDeployment(
  store: Store,
  runId: number,
  env: string,
  signal: AbortSignal,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: true; outcome: DeployOutcome; runStatus: string } | { ok: false; error: ApproveError }> {
  const run = store.db.prepare<[number], { flags: string; status: string }>("SELECT flags, status FROM runs WHERE id = ?").get(runId);
  if (!run) return { ok: false, error: { kind: "no-run" } };
  const row = store.db
    .prepare<[number, string], DeploymentRow>("SELECT * FROM deployments WHERE run_id = ? AND env = ? AND status = 'awaiting_approval' ORDER BY id DESC LIMIT 1")
    .get(runId, env);
  if (!row) {
    const envs = store.db
      .prepare<[number], { env: string }>("SELECT env FROM deployments WHERE run_id = ? AND status = 'awaiting_approval'")
      .all(runId)
      .map((r) => r.env);
    return { ok: false, error: { kind: "not-waiting", envs } };
  }
  // The run checked the model when it made or reused it; the store may have changed since.
  const model = new ObjectChecker(store).check(row.artifact);
  if (model.kind !== "ok") return { ok: false, error: { kind: "bad-model", model: row.model, artifact: row.artifact, actual: model.kind === "corrupt" ? model.actual : null } };
  const flags = JSON.parse(run.flags) as { root?: string };
  const outcome = await deploy(
    store,
    {
      runId,
      pipeline: row.pipeline,
      env,
      model: row.model,
      artifact: row.artifact,
      kind: row.kind,
      options: JSON.parse(row.options) as Record<string, string>,
      metrics: JSON.parse(row.metrics) as Record<string, number | boolean>,
      cwd: flags.root ?? process.cwd(),
      logPath: join(store.logsDir, String(runId), `deploy-${env}.log`),
      signal,
      baseEnv,
      ...(row.secrets !== null ? { secrets: JSON.parse(row.secrets) as DeploySecrets } : {}),
    },
    row.id,
  );
  const waiting = store.db
    .prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM deployments WHERE run_id = ? AND status = 'awaiting_approval'")
    .get(runId)!.n;
  let runStatus = run.status;
  if (outcome.status === "failed") runStatus = "failed";
  else if (waiting === 0 && run.status === "awaiting_approval") runStatus = "success";
  if (runStatus !== run.status) store.db.prepare("UPDATE runs SET status = ?, message = ? WHERE id = ?").run(runStatus, `\`${env}\` approved: ${outcome.note}`, runId);
  return { ok: true, outcome, runStatus };
}
