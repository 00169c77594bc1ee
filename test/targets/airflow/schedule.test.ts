/**
 * `trigger on change(ds)` on Airflow: a data-aware schedule on the dataset's URI (`Asset` on
 * 3.x, `Dataset` on 2.10, several joined with `|` so that any of them starts a run), checked
 * against api.json's `dag_schedule` facts and imported against the stand-ins; MLP5304 where
 * Airflow cannot watch the dataset (a local path, a URI it refuses, a pipeline with a cron).
 */
import { describe, expect, it } from "vitest";
import type { IrDocument, IrPipeline } from "../../../src/ir/ir.js";
import { SPAN, irDoc, step } from "../../runtime/ir-builder.js";
import { checkFiles, emitWith, runDag } from "./helpers.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function pipeline(datasets: Record<string, string>, triggers: string[], cron?: string): IrDocument {
  const doc = irDoc({
    datasets: Object.entries(datasets).map(([name, uri]) => ({ name, uri })),
    steps: [step({ name: "s", run: "true" })],
  }) as Mutable<IrDocument>;
  const p = doc.pipelines[0] as Mutable<IrPipeline>;
  p.triggers = triggers.map((dataset) => ({ kind: "change", dataset, origin: SPAN }));
  if (cron !== undefined) p.schedule = { cron, origin: SPAN };
  return doc as IrDocument;
}

function compiled(doc: IrDocument, version: "3" | "2") {
  const r = emitWith(doc, { airflow_version: version, operator: "bash" });
  const file = r.files[0]!;
  expect(checkFiles(r.files, version)).toEqual([]);
  const schedule = runDag(file.contents, version, { run_id: "manual__1", call: false }).dag["schedule"];
  return { contents: file.contents, schedule, warnings: r.diagnostics.filter((d) => d.code === "MLP5304").map((d) => d.message) };
}

describe("airflow: trigger on change(ds)", () => {
  it("schedules on an Asset (3.x) of the dataset's URI, named by it, so a producer's Asset(uri) matches", () => {
    const c = compiled(pipeline({ raw: "s3://bucket/raw/orders.csv" }, ["raw"]), "3");
    expect(c.warnings).toEqual([]);
    expect(c.contents).toContain("from airflow.sdk import Asset, DAG");
    expect(c.contents).toContain('schedule=Asset(uri="s3://bucket/raw/orders.csv"),');
    expect(c.schedule).toEqual({ Asset: { uri: "s3://bucket/raw/orders.csv" } });
  });

  it("uses Dataset from airflow.datasets on 2.10", () => {
    const c = compiled(pipeline({ raw: "gs://bucket/raw.csv" }, ["raw"]), "2");
    expect(c.contents).toContain("from airflow.datasets import Dataset");
    expect(c.schedule).toEqual({ Dataset: { uri: "gs://bucket/raw.csv" } });
  });

  it("starts a run when any of several datasets changes", () => {
    for (const version of ["3", "2"] as const) {
      const c = compiled(pipeline({ a: "s3://b/a.csv", b: "s3://b/b.csv" }, ["a", "b", "a"]), version);
      const cls = version === "3" ? "Asset" : "Dataset";
      expect(c.schedule).toEqual({ any: [{ [cls]: { uri: "s3://b/a.csv" } }, { [cls]: { uri: "s3://b/b.csv" } }] });
    }
  });

  it("passes a URI with quotes, backslashes and template syntax as data", () => {
    const uri = `s3://b/{{7*7}}/"x"'y'\\z/{%if%}{#c#}.csv`;
    expect(compiled(pipeline({ raw: uri }, ["raw"]), "3").schedule).toEqual({ Asset: { uri } });
  });

  const refused: [string, string, RegExp][] = [
    ["a local path", "data/raw.csv", /local path/],
    ["the reserved airflow scheme", "airflow://x/y", /reserves the `airflow` URI scheme/],
    ["a non-ASCII URI", "s3://b/données.csv", /only printable ASCII/],
    ["a URI with a space", "s3://b/my data.csv", /only printable ASCII/],
    ["a URI with a password", "postgres://u:secret@db/t", /password/],
  ];
  for (const [name, uri, reason] of refused) {
    it(`warns (MLP5304) and leaves the DAG unscheduled for ${name}`, () => {
      const c = compiled(pipeline({ raw: uri }, ["raw"]), "3");
      expect(c.warnings).toEqual([expect.stringMatching(reason)]);
      expect(c.schedule).toBeNull();
      expect(c.contents).not.toContain("Asset");
    });
  }

  it("keeps the cron schedule, with a warning, when the pipeline has both", () => {
    const c = compiled(pipeline({ raw: "s3://b/raw.csv" }, ["raw"], "0 3 * * *"), "3");
    expect(c.schedule).toBe("0 3 * * *");
    expect(c.warnings).toEqual([expect.stringContaining("AssetOrTimeSchedule")]);
  });

  it("schedules on the URIs it can and warns about the others", () => {
    const c = compiled(pipeline({ remote: "s3://b/r.csv", local: "data/l.csv" }, ["remote", "local"]), "3");
    expect(c.schedule).toEqual({ Asset: { uri: "s3://b/r.csv" } });
    expect(c.warnings).toEqual([expect.stringContaining("`trigger on change(local)`")]);
  });

  it("the checker refuses a schedule of a type dag_schedule does not list", () => {
    const good = compiled(pipeline({ raw: "s3://b/raw.csv" }, ["raw"]), "3").contents;
    const bad = good.replace('schedule=Asset(uri="s3://b/raw.csv"),', "schedule=42,");
    expect(checkFiles([{ path: "bad.py", contents: bad }], "3")).toEqual([expect.objectContaining({ problem: expect.stringContaining("DAG(schedule=42)") })]);
    const list = good.replace('schedule=Asset(uri="s3://b/raw.csv"),', 'schedule=Asset(uri="s3://b/raw.csv") | "x",');
    expect(checkFiles([{ path: "list.py", contents: list }], "3")).toHaveLength(1);
  });
});
