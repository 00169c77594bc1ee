import { describe, expect, it } from "vitest";
import type { IrDocument } from "../../src/ir/ir.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { type ValidPipeline } from "../../src/ir/validate.js";
import { pipelineView } from "../../src/ir/view.js";
import type { NodeOutcome, NodeStatus, RunStatus } from "../../src/runtime/run-events.js";
import { Scheduler, type ScheduledNode, type SchedulerHooks } from "../../src/runtime/scheduler.js";
import { bin, fromOutput, gate, irDoc, lit, m, metric, out, step } from "./ir-builder.js";

function valid(doc: IrDocument): ValidPipeline {
  const v = validateIrDocument(doc, "p.ir.json");
  expect(v.diagnostics).toEqual([]);
  return v.ir!.pipelines[0]!;
}

/**
 *   a ─▶ b ─▶ c
 *   a ─▶ ok (gate) ─▶ d
 *   e (independent)
 */
const PIPELINE = (): ValidPipeline =>
  valid(
    irDoc({
      steps: [
        step({ name: "a", outputs: [out("o")], metrics: [metric("m")], run: "x" }),
        step({ name: "b", inputs: [fromOutput("i", "a", "o")], outputs: [out("o")], run: "x" }),
        step({ name: "c", inputs: [fromOutput("i", "b", "o")], run: "x" }),
        step({ name: "d", after: ["ok"], run: "x" }),
        step({ name: "e", run: "x" }),
      ],
      gates: [gate("ok", [{ text: "a.m > 1", expr: bin(">", m("a", "m"), lit(1)) }], ["a"])],
    }),
  );

/**
 * Runs the scheduler with steps that settle as `statuses` says (default `done`) once executed,
 * gates that settle `passed` unless listed; returns the outcomes and the order steps executed in.
 */
async function schedule(
  p: ValidPipeline,
  options: { statuses?: Record<string, NodeStatus>; jobs?: number; from?: string; cancelAfter?: string } = {},
): Promise<{ outcomes: Record<string, NodeOutcome>; executed: string[]; maxRunning: number; forced: string[]; status: RunStatus; finallyStatus: string | null }> {
  const executed: string[] = [];
  let finallyStatus: string | null = null;
  let running = 0;
  let maxRunning = 0;
  const hooks: SchedulerHooks<string> = {
    start: (n: ScheduledNode) => {
      if (n.kind === "step") s.enqueue(n, `plan of ${n.name}`);
      else s.settle(n, { kind: n.kind, name: n.name, status: options.statuses?.[n.name] ?? "passed" });
    },
    claim: () => true,
    execute: async (n, plan) => {
      expect(plan).toBe(`plan of ${n.name}`);
      executed.push(n.name);
      maxRunning = Math.max(maxRunning, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (options.cancelAfter === n.name) s.cancel();
      s.settle(n, { kind: "step", name: n.name, status: options.statuses?.[n.name] ?? "done" });
    },
    executed: () => undefined,
    settled: () => undefined,
    finallyStarts: (status) => {
      // Every other node has settled by now.
      expect(s.nodes.filter((n) => n.status === "pending" || n.status === "running").map((n) => n.name)).toEqual(s.nodes.filter((n) => p.steps.find((x) => x.name === n.name)?.finally).map((n) => n.name));
      finallyStatus = status;
    },
    fault: (e) => {
      throw e;
    },
    redact: (o) => o,
    emit: () => undefined,
  };
  const s: Scheduler<string> = new Scheduler(pipelineView(p), { jobs: options.jobs ?? 2, dryRun: false, ...(options.from ? { from: options.from } : {}) }, hooks);
  await s.run();
  const outcomes = Object.fromEntries(s.orderedOutcomes().map((o) => [o.name, o]));
  return { outcomes, executed, maxRunning, forced: [...s.forced].sort(), status: s.finalStatus(), finallyStatus };
}

describe("scheduler", () => {
  it("runs every node once, each after everything it needs, at most `jobs` at a time", async () => {
    const r = await schedule(PIPELINE(), { jobs: 2 });
    expect(Object.values(r.outcomes).map((o) => `${o.name}:${o.status}`)).toEqual(["a:done", "b:done", "c:done", "ok:passed", "d:done", "e:done"]);
    expect(r.executed.indexOf("a")).toBeLessThan(r.executed.indexOf("b"));
    expect(r.executed.indexOf("b")).toBeLessThan(r.executed.indexOf("c"));
    expect(r.executed.indexOf("a")).toBeLessThan(r.executed.indexOf("d"));
    expect(r.maxRunning).toBe(2);
    expect(r.status).toBe("success");
    expect((await schedule(PIPELINE(), { jobs: 1 })).maxRunning).toBe(1);
  });

  it("skips everything downstream of a failed step, saying which need did not succeed, and ends failed", async () => {
    const p = PIPELINE();
    const r = await schedule(p, { statuses: { b: "failed" } });
    expect(r.outcomes["c"]).toEqual({ kind: "step", name: "c", status: "skipped", reason: "`b` failed" });
    // Other branches go on: the scheduler itself never stops the run (the executor does, on a failure).
    expect(r.outcomes["d"]!.status).toBe("done");
    expect(r.outcomes["e"]!.status).toBe("done");
    expect(r.status).toBe("failed");
  });

  it("propagates a skip through the whole downstream, and names a failed gate", async () => {
    const r = await schedule(PIPELINE(), { statuses: { a: "failed" } });
    expect(r.outcomes["b"]).toMatchObject({ status: "skipped", reason: "`a` failed" });
    expect(r.outcomes["c"]).toMatchObject({ status: "skipped", reason: "`b` was skipped" });
    expect(r.outcomes["ok"]).toMatchObject({ kind: "gate", status: "skipped", reason: "`a` failed" });
    expect(r.outcomes["d"]).toMatchObject({ status: "skipped", reason: "`ok` was skipped" });
    expect(r.executed).toEqual(["a", "e"]);
    const gated = await schedule(PIPELINE(), { statuses: { ok: "gated" } });
    expect(gated.outcomes["d"]).toMatchObject({ status: "skipped", reason: "gate `ok` failed" });
    expect(gated.status).toBe("gated");
  });

  it("forces the `--from` step and everything downstream of it, through gates, and nothing else", async () => {
    expect((await schedule(PIPELINE(), { from: "a" })).forced).toEqual(["a", "b", "c", "d", "ok"]);
    expect((await schedule(PIPELINE(), { from: "b" })).forced).toEqual(["b", "c"]);
    expect((await schedule(PIPELINE(), { from: "e" })).forced).toEqual(["e"]);
    // Not a step: nothing is forced (the executor reports MLP7006 before scheduling).
    expect((await schedule(PIPELINE(), { from: "ok" })).forced).toEqual([]);
  });

  it("once cancelled, starts nothing more: queued and unready nodes end `not_run`", async () => {
    const r = await schedule(PIPELINE(), { jobs: 1, cancelAfter: "a" });
    expect(r.executed).toEqual(["a"]);
    for (const name of ["b", "ok", "e"]) expect(r.outcomes[name]).toMatchObject({ status: "not_run", reason: "run cancelled" });
    expect(r.outcomes["c"]).toMatchObject({ status: "not_run", reason: "`b` did not run" });
    expect(r.outcomes["d"]).toMatchObject({ status: "not_run", reason: "`ok` did not run" });
    expect(r.status).toBe("cancelled");
  });

  /**
   *   a ─▶ ok (gate) ─▶ yes
   *        ok ─not─▶ no ─▶ after_no
   *   fin (finally)
   */
  const CONTROL = (): ValidPipeline => {
    const doc = irDoc({
      steps: [
        step({ name: "a", outputs: [out("o")], metrics: [metric("m")], run: "x" }),
        step({ name: "yes", after: ["ok"], run: "x" }),
        { ...step({ name: "no", run: "x" }), needs: ["ok"], afterNot: ["ok"] },
        step({ name: "after_no", after: ["no"], run: "x" }),
        { ...step({ name: "fin", run: "x" }), finally: true as const },
      ],
      gates: [gate("ok", [{ text: "a.m > 1", expr: bin(">", m("a", "m"), lit(1)) }], ["a"])],
    });
    // `finally` steps come last in `order`.
    const pipeline = doc.pipelines[0]!;
    const order = [...pipeline.order.filter((r) => r.name !== "fin"), { kind: "step" as const, name: "fin" }];
    return valid({ ...doc, pipelines: [{ ...pipeline, order }] });
  };

  it("runs an `after not` branch only when its gate was checked and did not hold", async () => {
    const held = await schedule(CONTROL());
    expect(held.outcomes["yes"]!.status).toBe("done");
    expect(held.outcomes["no"]).toMatchObject({ status: "skipped", reason: "gate `ok` held (this is its `after not` branch)" });
    expect(held.outcomes["after_no"]).toMatchObject({ status: "skipped", reason: "`no` was skipped" });
    // A held gate with an else branch skipped is not a gated run.
    expect(held.status).toBe("success");
    const gated = await schedule(CONTROL(), { statuses: { ok: "gated" } });
    expect(gated.outcomes["yes"]).toMatchObject({ status: "skipped", reason: "gate `ok` failed" });
    expect(gated.outcomes["no"]!.status).toBe("done");
    expect(gated.outcomes["after_no"]!.status).toBe("done");
    expect(gated.status).toBe("gated");
    // The gate itself skipped (its step failed): so is its else branch.
    const failed = await schedule(CONTROL(), { statuses: { a: "failed" } });
    expect(failed.outcomes["no"]).toMatchObject({ status: "skipped", reason: "`ok` was skipped" });
    expect(failed.executed).toEqual(["a", "fin"]);
  });

  it("runs `finally` steps last, once, whatever happened, with the run's status so far", async () => {
    const held = await schedule(CONTROL());
    expect(held.executed.at(-1)).toBe("fin");
    expect(held.executed.filter((n) => n === "fin")).toHaveLength(1);
    expect(held.finallyStatus).toBe("succeeded");
    expect((await schedule(CONTROL(), { statuses: { ok: "gated" } })).finallyStatus).toBe("gated");
    const failed = await schedule(CONTROL(), { statuses: { a: "failed" } });
    expect([failed.finallyStatus, failed.status]).toEqual(["failed", "failed"]);
    // Cancelled: nothing else starts, but the finally step runs, and the run stays `cancelled`.
    const cancelled = await schedule(CONTROL(), { jobs: 1, cancelAfter: "a" });
    expect(cancelled.executed).toEqual(["a", "fin"]);
    expect(cancelled.outcomes["yes"]!.status).toBe("not_run");
    expect([cancelled.finallyStatus, cancelled.status]).toEqual(["cancelled", "cancelled"]);
    // Its own failure fails the run.
    expect((await schedule(CONTROL(), { statuses: { fin: "failed" } })).status).toBe("failed");
  });
});
