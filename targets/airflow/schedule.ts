/**
 * The DAG's `schedule`: the pipeline's cron, or, for `trigger on change(ds)`, a data-aware
 * schedule on the dataset's URI (`Asset` on Airflow 3.x, `Dataset` on 2.10; any of several
 * triggers starts a run, through `|`). A trigger is left out, with a reason for MLP5304, where
 * Airflow cannot watch it: a local path, a URI Airflow refuses, or a pipeline that also has a
 * cron schedule (combining both needs `AssetOrTimeSchedule`, which the verified API facts lack).
 */
import type { IrPipeline, IrTrigger, Origin } from "../../src/ir/ir.js";

const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** What the schedule is built from. */
export interface SchedulePlan {
  readonly cron?: string;
  /** Dataset URIs whose updates start a run (empty with a cron). */
  readonly assets: readonly string[];
  /** Change triggers that are not generated, and why. */
  readonly skipped: readonly { readonly dataset: string; readonly origin: Origin; readonly reason: string; readonly help: string }[];
}

/** Why Airflow would refuse URI as an asset, or undefined when it takes it. */
export function assetUriProblem(uri: string): string | undefined {
  const scheme = URI_SCHEME.exec(uri);
  if (scheme === null) return "it is a local path, not a URI that the jobs updating the data can announce";
  if (scheme[1]!.toLowerCase() === "airflow") return "Airflow reserves the `airflow` URI scheme";
  if (!/^[\x21-\x7e]+$/.test(uri)) return "Airflow 2.10 (and 3.x on MySQL) accepts only printable ASCII in a URI, without spaces";
  if (/^[^:]+:\/\/[^/@]*:[^/@]*@/.test(uri)) return "the URI holds a password, which Airflow drops from asset URIs";
  return undefined;
}

export function schedulePlan(p: IrPipeline): SchedulePlan {
  const uris = new Map(p.datasets.map((d) => [d.name, d.uri]));
  const changes = p.triggers.filter((t): t is Extract<IrTrigger, { kind: "change" }> => t.kind === "change");
  const assets: string[] = [];
  const skipped: SchedulePlan["skipped"][number][] = [];
  for (const t of changes) {
    const uri = uris.get(t.dataset) ?? t.dataset;
    if (p.schedule !== undefined) {
      skipped.push({
        dataset: t.dataset,
        origin: t.origin,
        reason: "the pipeline also has a `schedule`, and combining a cron schedule with an asset needs Airflow's `AssetOrTimeSchedule`, which is not among the verified API facts (api.json); the cron schedule is kept",
        help: "drop the `schedule` to run on data changes only, or trigger the DAG from the job that updates the data (REST API)",
      });
      continue;
    }
    const problem = assetUriProblem(uri);
    if (problem !== undefined) {
      skipped.push({ dataset: t.dataset, origin: t.origin, reason: problem, help: "give the dataset an object-store URI such as `s3://bucket/data.csv`, or add a `schedule`" });
    } else if (!assets.includes(uri)) assets.push(uri);
  }
  return { ...(p.schedule !== undefined ? { cron: p.schedule.cron } : {}), assets, skipped };
}
