/**
 * `mlp run` of a sweep (issue #15's acceptance), from the hand-written IR fixture
 * test/fixtures/sweep/tune.ir.json: a 3x2 grid (lr x depths), train -> evaluate per point, best by
 * evaluate.f1, a gate and a deploy on the best point, a report over collect(evaluate.report).
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { IrDocument, IrGate } from "../../../src/ir/ir.js";
import { resolveParams } from "../../../src/runtime/params.js";
import { runs } from "../harness.js";

const FIXTURE = resolve(__dirname, "../../fixtures/sweep");
const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

function fixture(): { dir: string; ir: IrDocument } {
  const dir = mkdtempSync(join(tmpdir(), "mlp-sweep-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, ir: JSON.parse(readFileSync(join(dir, "tune.ir.json"), "utf8")) as IrDocument };
}

const params = (depths: number[]) => ({ depths, min_f1: 0.5 });
const objectPath = (dir: string, hash: string): string => join(dir, ".mlp", "objects", hash.slice(0, 2), hash);
/** The artifact an input of `report` read, from its lineage record. */
function reportInput(r: Awaited<ReturnType<typeof go>>, name: string): string {
  const row = r.store.db
    .prepare<[number, string], { hash: string }>("SELECT ra.hash FROM run_steps rs JOIN record_artifacts ra ON ra.record_id = rs.record_id WHERE rs.run_id = ? AND rs.step = 'report' AND ra.direction = 'in' AND ra.name = ?")
    .get(r.runId!, name)!;
  return row.hash;
}

describe("a 3x2 sweep", () => {
  it("runs 6 points, picks the best, collects every point, deploys the winner", async () => {
    const { dir, ir } = fixture();
    const r = await go(dir, ir, { jobs: 4 });
    expect(r.status).toBe("success");
    expect(r.executed.filter((n) => n.startsWith("train["))).toHaveLength(6);
    expect(r.executed.filter((n) => n.startsWith("evaluate["))).toHaveLength(6);
    expect(r.status_.tune).toBe("done");
    // f1 is highest at lr 0.1 and depth 4: point 3 of (0.01,2) (0.01,4) (0.1,2) (0.1,4) (0.3,2) (0.3,4).
    const gate = r.outcomes.find((o) => o.name === "quality")!;
    expect(gate.status).toBe("passed");
    expect(gate.conditions?.[0]?.values).toEqual({ "tune.evaluate.f1": 0.938, min_f1: 0.5 });
    const collected = objectPath(dir, reportInput(r, "reports"));
    expect(readdirSync(collected).sort()).toEqual(["0", "1", "2", "3", "4", "5", "points.json"]);
    const listed = JSON.parse(readFileSync(join(collected, "points.json"), "utf8")) as { entry: string; values: object }[];
    expect(listed.map((p) => p.values)).toEqual([
      { lr: 0.01, depth: 2 },
      { lr: 0.01, depth: 4 },
      { lr: 0.1, depth: 2 },
      { lr: 0.1, depth: 4 },
      { lr: 0.3, depth: 2 },
      { lr: 0.3, depth: 4 },
    ]);
    expect(readFileSync(join(collected, "3"), "utf8")).toBe("lr=0.1 depth=4 f1=0.938\n");
    // The deploy shipped the best point's model.
    const model = r.store.db.prepare<[], { artifact: string }>("SELECT artifact FROM models").get()!;
    expect(JSON.parse(readFileSync(objectPath(dir, model.artifact), "utf8"))).toEqual({ lr: 0.1, depth: 4, rows: 2 });
  });

  it("re-runs nothing when unchanged; a new value runs only its points, the fan-in and its readers", async () => {
    const { dir, ir } = fixture();
    await go(dir, ir, { jobs: 4 });
    const again = await go(dir, ir, { jobs: 4 });
    expect(again.status).toBe("success");
    expect(again.executed).toEqual([]);
    expect(again.status_.tune).toBe("cached");
    const more = await go(dir, ir, { jobs: 4, params: params([2, 4, 8]) });
    expect(more.status).toBe("success");
    // Depth 8 is the third value of each lr: points 2, 5 and 8 of the 3x3 grid.
    expect(more.executed.sort()).toEqual(["evaluate[2]", "evaluate[5]", "evaluate[8]", "report", "train[2]", "train[5]", "train[8]"]);
    expect(more.status_.tune).toBe("done");
    expect(more.cached.filter((n) => n.includes("["))).toHaveLength(12);
  });

  it("runs the fan-in again when an object it stored no longer holds its bytes", async () => {
    const { dir, ir } = fixture();
    const first = await go(dir, ir, { jobs: 4 });
    const hash = JSON.parse(first.store.db.prepare<[], { outputs: string }>("SELECT outputs FROM cache WHERE step = 'tune'").get()!.outputs)["points.json"] as string;
    const path = objectPath(dir, hash);
    chmodSync(path, 0o644);
    writeFileSync(path, "[]\n");
    const again = await go(dir, ir, { jobs: 4 });
    expect(again.status).toBe("success");
    expect(again.status_.tune).toBe("done");
    expect(again.executed).toEqual([]);
    expect((JSON.parse(readFileSync(path, "utf8")) as unknown[]).length).toBe(6);
  });

  it("--from a member re-runs it at every point and everything after it", async () => {
    const { dir, ir } = fixture();
    await go(dir, ir, { jobs: 4 });
    const r = await go(dir, ir, { jobs: 4, from: "evaluate" });
    expect(r.status).toBe("success");
    expect(r.cached.sort()).toEqual(["prepare", "train[0]", "train[1]", "train[2]", "train[3]", "train[4]", "train[5]"]);
    expect(r.executed.filter((n) => n.startsWith("evaluate["))).toHaveLength(6);
    expect(r.executed).toContain("report");
  });

  it("gives a tie to the earliest point", async () => {
    const { dir, ir } = fixture();
    // Every depth-4 point scores 0.9: points 1, 3 and 5 tie.
    writeFileSync(
      join(dir, "evaluate.mjs"),
      `import { readFileSync, writeFileSync } from "node:fs";
const [model, report, metrics] = process.argv.slice(2);
const m = JSON.parse(readFileSync(model, "utf8"));
writeFileSync(report, "r\\n");
writeFileSync(metrics, JSON.stringify({ f1: m.depth === 4 ? 0.9 : 0.5 }));
`,
    );
    const r = await go(dir, ir);
    expect(r.status).toBe("success");
    const model = r.store.db.prepare<[], { artifact: string }>("SELECT artifact FROM models").get()!;
    expect(JSON.parse(readFileSync(objectPath(dir, model.artifact), "utf8"))).toMatchObject({ lr: 0.01, depth: 4 });
  });

  it("leaves out a point whose gate inside the block does not hold; the run still succeeds", async () => {
    const { dir, ir } = fixture();
    const p = ir.pipelines[0]! as unknown as { steps: { name: string; needs: string[]; after: string[] }[]; gates: IrGate[]; sweeps: { members: string[]; needs: string[] }[]; order: { kind: string; name: string }[] };
    const origin = ir.pipelines[0]!.origin;
    // gate low_loss { train.loss < 0.5 } between train and evaluate: only the depth-4 points pass.
    p.gates.push({
      name: "low_loss",
      origin,
      sweep: "tune",
      needs: ["train"],
      conditions: [
        {
          text: "train.loss < 0.5",
          origin,
          expr: { kind: "binary", type: { kind: "bool" }, op: "<", left: { kind: "metric", type: { kind: "float" }, step: "train", metric: "loss" }, right: { kind: "literal", type: { kind: "float" }, value: 0.5 } },
        },
      ],
    });
    const evaluate = p.steps.find((s) => s.name === "evaluate")!;
    evaluate.needs = ["low_loss", "train"];
    evaluate.after = ["low_loss"];
    p.sweeps[0]!.members = ["train", "low_loss", "evaluate"];
    p.sweeps[0]!.needs = ["evaluate", "low_loss", "train"];
    p.order.splice(p.order.findIndex((o) => o.name === "evaluate"), 0, { kind: "gate", name: "low_loss" });
    const r = await go(dir, ir);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.status).toBe("success");
    expect(["low_loss[0]", "low_loss[1]", "low_loss[2]", "low_loss[3]"].map((n) => r.status_[n])).toEqual(["gated", "passed", "gated", "passed"]);
    expect(r.status_["evaluate[0]"]).toBe("skipped");
    const points = pointsJson(r);
    expect(points.map((x) => x.status)).toEqual(["incomplete", "succeeded", "incomplete", "succeeded", "incomplete", "succeeded"]);
    const collected = objectPath(dir, reportInput(r, "reports"));
    expect(readdirSync(collected).sort()).toEqual(["1", "3", "5", "points.json"]);
  });

  it("a failed point fails the run; the other points finish and the fan-in does not run", async () => {
    const { dir, ir } = fixture();
    writeFileSync(join(dir, "train.mjs"), readFileSync(join(dir, "train.mjs"), "utf8").replace("import", 'if (process.argv[3] === "0.3") process.exit(3);\nimport'));
    const r = await go(dir, ir, { jobs: 1 });
    expect(r.status).toBe("failed");
    expect(["train[4]", "train[5]"].map((n) => r.status_[n])).toEqual(["failed", "failed"]);
    expect(["evaluate[0]", "evaluate[1]", "evaluate[2]", "evaluate[3]"].map((n) => r.status_[n])).toEqual(["done", "done", "done", "done"]);
    expect(r.status_.tune).toBe("skipped");
    expect(r.status_.report).toBe("skipped");
  });

  it("plans the grid in a dry run without running anything", async () => {
    const { dir, ir } = fixture();
    const r = await go(dir, ir, { dryRun: true, params: params([2, 4, 8, 16]) });
    expect(r.status).toBe("success");
    expect(Object.keys(r.status_).filter((n) => n.startsWith("train["))).toHaveLength(12);
    expect(r.status_.tune).toBe("would_run");
    expect(r.status_.report).toBe("would_run");
  });
});

function pointsJson(r: Awaited<ReturnType<typeof go>>): { status: string }[] {
  const row = r.store.db.prepare<[number], { outputs: string }>("SELECT c.outputs FROM run_steps rs JOIN cache c ON c.key = rs.cache_key WHERE rs.run_id = ? AND rs.step = 'tune'").get(r.runId!)!;
  const hash = (JSON.parse(row.outputs) as Record<string, string>)["points.json"]!;
  return JSON.parse(readFileSync(join(r.store.objectsDir, hash.slice(0, 2), hash), "utf8")) as { status: string }[];
}

describe("list params", () => {
  const pipeline = { name: "p", origin: { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } };
  const decl = [{ name: "depths", type: { kind: "list" as const, element: { kind: "int" as const } }, default: [2], origin: pipeline.origin }];
  it("accepts a JSON list of the element type", () => {
    expect(resolveParams({ ...pipeline, params: decl }, ["depths=[2, 4,8]"])).toEqual({ values: { depths: [2, 4, 8] }, diagnostics: [] });
  });
  it("refuses a list that is not JSON, empty, of the wrong element type or with a value twice (MLP7001)", () => {
    for (const raw of ["2,4", "[]", "[2.5]", '["2"]', "[2,2]"]) {
      const r = resolveParams({ ...pipeline, params: decl }, [`depths=${raw}`]);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP7001"]);
      expect(r.diagnostics[0]!.message).toContain("is not a valid `list<int>` for parameter `depths`");
    }
  });
});
