/**
 * The DOT output read by Graphviz itself (`dot`, Debian's graphviz): it parses without an error or
 * a warning, and each sweep becomes a cluster titled with its grid size. Without `dot` on the PATH
 * the test is skipped with a one-line notice, except under `CI=true`, where that fails (`.ci/run`
 * installs graphviz).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { graphModel } from "../../src/graph/model.js";
import { renderDot } from "../../src/graph/dot.js";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { readValidIr } from "../helpers/valid-ir.js";
import { twoSweeps, TUNE_FIXTURE } from "./sweep-fixtures.js";

const HAVE_DOT = spawnSync("dot", ["-V"]).status === 0;
const IN_CI = process.env.CI === "true";
if (!HAVE_DOT && !IN_CI) console.warn("dot-graphviz: skipped, no `dot` on the PATH (apt-get install graphviz)");

describe.each([
  ["churn", readValidIr("test/fixtures/ir/churn.ir.json").pipelines[0]!],
  ["tune", readValidIr(TUNE_FIXTURE).pipelines[0]!],
  ["two sweeps", twoSweeps()],
] as [string, ValidPipeline][])("dot reads the DOT of %s", (_name, pipeline) => {
  it.skipIf(!HAVE_DOT && !IN_CI)("without errors or warnings, with one cluster per sweep", () => {
    const model = graphModel(pipeline);
    const r = spawnSync("dot", ["-Tsvg"], { input: renderDot(model), encoding: "utf8" });
    expect(r.error, "`dot` must be installed under CI=true").toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // Graphviz writes a cluster as <g class="cluster"><title>cluster_…</title> with its label as text.
    const clusters = [...r.stdout.matchAll(/<g id="clust\d+" class="cluster">\s*<title>([^<]*)<\/title>[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => [m[1], m[2]]);
    expect(clusters).toEqual(model.clusters.map((c) => [c.id, c.label.replace(/&/g, "&amp;")]));
    for (const n of model.nodes) expect(r.stdout).toContain(`<title>${n.id}</title>`);
  });
});
