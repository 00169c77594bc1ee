/**
 * `mlp approve RUN ENV`: approves a deploy that stopped run RUN as awaiting approval, performs
 * it, and records the decision. Exit 0 when deployed (or registered), 1 when the deploy failed.
 */
import type { Command } from "commander";
import { approveDeployment, type ApproveError } from "../../runtime/approve.js";
import { shortHash } from "../../runtime/object-check.js";
import { resolveRunId } from "../../runtime/tracking.js";
import { EXIT } from "../exit-codes.js";
import { diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import { notInStore, openExistingStore, reportProblem, reportStoreFault, wantsJson } from "../store-access.js";

/** Registers `mlp approve`. */
export function registerApprove(program: Command): void {
  program
    .command("approve")
    .description("approve a deploy that waits for approval, and perform it")
    .argument("<run>", "the run id (see `mlp runs`)")
    .argument("<env>", "the environment (the deploy's name)")
    .option("--store <dir>", "the store directory (default: ./.mlp)")
    .option("--file <file>", "use the store beside this pipeline file")
    .action(async (ref: string, env: string, flags: { store?: string; file?: string }, cmd: Command) => {
      const json = wantsJson(cmd);
      const opened = openExistingStore(flags);
      if ("problem" in opened) {
        reportProblem(opened.problem, cmd);
        process.exitCode = EXIT.usage;
        return;
      }
      const store = opened.store;
      try {
        const id = resolveRunId(store, ref);
        if (id === undefined) {
          reportProblem(notInStore(`no run \`${ref}\` in this store`, ["`mlp runs` lists the recorded runs"]), cmd);
          process.exitCode = EXIT.usage;
          return;
        }
        const r = await approveDeployment(store, id, env, new AbortController().signal);
        if (!r.ok && r.error.kind === "bad-model") {
          reportProblem(badModel(r.error, id), cmd);
          process.exitCode = EXIT.failed;
          return;
        }
        if (!r.ok) {
          const envs = r.error.kind === "not-waiting" ? r.error.envs : [];
          const note = envs.length > 0 ? `awaiting approval: ${envs.map((e) => `\`${e}\``).join(", ")}` : `nothing in run ${id} awaits approval`;
          reportProblem(diagnostic("MLP9108", "error", `run ${id} has no deploy to \`${env}\` awaiting approval`, NO_LOCATION, { notes: [note] }), cmd);
          process.exitCode = EXIT.usage;
          return;
        }
        if (json) process.stdout.write(JSON.stringify({ run: id, env, ...r.outcome, runStatus: r.runStatus }, null, 2) + "\n");
        else process.stdout.write(`${env}: ${r.outcome.status} — ${r.outcome.note}\nrun ${id} is now ${r.runStatus}\n`);
        process.exitCode = r.outcome.status === "failed" ? EXIT.failed : EXIT.ok;
      } catch (e) {
        process.exitCode = reportStoreFault(e, store.dir, cmd);
      } finally {
        store.close();
      }
    });
}

/** MLP7031 / MLP7033: the model to deploy is corrupt or gone, so nothing was deployed. */
function badModel(e: Extract<ApproveError, { kind: "bad-model" }>, runId: number) {
  const what = e.actual === null ? "is missing from the store" : `is corrupt: ${e.actual.startsWith("unreadable") ? e.actual : `its bytes hash to ${shortHash(e.actual)}`}`;
  return diagnostic(e.actual === null ? "MLP7033" : "MLP7031", "error", `model \`${e.model}\` (object ${e.artifact.slice(0, 12)}) ${what}; nothing was deployed`, NO_LOCATION, {
    notes: [`run ${runId} recorded sha256 ${e.artifact}`],
    help: ["run the pipeline again (`mlp run` recomputes a corrupt or missing cached output), then approve the new run", "`mlp store verify` checks every object in the store"],
  });
}
