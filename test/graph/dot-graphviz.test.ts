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
import { flow, flowPredict, predictWithFallback, tuneWithFinally } from "./control-fixtures.js";

const HAVE_DOT = spawnSync("dot", ["-V"]).status === 0;
const IN_CI = process.env.CI === "true";
if (!HAVE_DOT && !IN_CI) console.warn("dot-graphviz: skipped, no `dot` on the PATH (apt-get install graphviz)");

describe.each([
  ["churn", readValidIr("test/fixtures/ir/churn.ir.json").pipelines[0]!],
  ["tune", readValidIr(TUNE_FIXTURE).pipelines[0]!],
  ["two sweeps", twoSweeps()],
  ["flow (control flow)", flow],
  ["flow_predict (a deployed model)", flowPredict],
  ["a deployed model with fallbacks", predictWithFallback()],
  ["a sweep and a finally step", tuneWithFinally()],
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

describe("dot lays out control flow", () => {
  it.skipIf(!HAVE_DOT && !IN_CI)("with the finally step right of every other node, and the shapes asked for", () => {
    const r = spawnSync("dot", ["-Tplain"], { input: renderDot(graphModel(flow)), encoding: "utf8" });
    expect(r.stderr).toBe("");
    // `-Tplain`: `node NAME X Y WIDTH HEIGHT LABEL STYLE SHAPE COLOR FILL`, in inches
    const nodes = [...r.stdout.matchAll(/^node (\S+) ([\d.]+) [\d.]+ ([\d.]+) [\d.]+ (?:"[^"]*"|\S+) (\S+) (\S+)/gm)].map((m) => ({
      id: m[1]!, left: Number(m[2]) - Number(m[3]) / 2, right: Number(m[2]) + Number(m[3]) / 2, style: m[4]!, shape: m[5]!,
    }));
    expect(nodes).toHaveLength(graphModel(flow).nodes.length);
    const notify = nodes.find((n) => n.id === "finally_notify")!;
    for (const n of nodes) if (n !== notify) expect(n.right, n.id).toBeLessThan(notify.left);
    expect(notify.style).toContain("dashed");
    expect(nodes.find((n) => n.id === "assert_enough_rows")!.shape).toBe("octagon");
    expect(nodes.find((n) => n.id === "gate_good")!.shape).toBe("diamond");
    // the else edge: dashed, labelled `not`
    expect(r.stdout).toMatch(/^edge gate_good step_rejected \d+ [\d. ]+ not [\d.]+ [\d.]+ dashed /m);
  });
});
