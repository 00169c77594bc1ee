import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { approveDeployment } from "../../src/runtime/approve.js";
import { deployedMetrics } from "../../src/runtime/registry.js";
import { showRun, lineageOfStep, diffRuns } from "../../src/runtime/tracking.js";
import { bin, deployNode, deployed, gate, irDoc, lit, m, metric, out, step, fromOutput, fromParam } from "./ir-builder.js";
import { project, runs } from "./harness.js";

const { go, closeAll } = runs();
afterEach(closeAll);
const SPAN0 = { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** train writes a model and reports accuracy from a param; a gate; staging (local) and production (command, approval). */
function pipeline(opts: { approval?: boolean; prodKind?: string } = {}) {
  return irDoc({
    params: [{ name: "acc", type: { kind: "float" }, default: 0.9, origin: SPAN0 }],
    steps: [
      step({
        name: "train",
        inputs: [fromParam("acc", "acc", "float")],
        outputs: [out("model", "Model")],
        metrics: [metric("accuracy")],
        run: `echo model-\${acc} > \${model}; printf '{"accuracy": %s}' \${acc} > \${metrics}`,
      }),
      step({ name: "report", inputs: [fromOutput("model", "train", "model", "Model")], outputs: [out("r")], after: ["quality"], run: "wc -c < ${model} > ${r}" }),
    ],
    gates: [
      gate(
        "quality",
        [
          { text: "train.accuracy >= 0.8", expr: bin(">=", m("train", "accuracy"), lit(0.8)) },
          {
            text: "train.accuracy >= (deployed(production).accuracy ?? 0) - 0.01",
            expr: bin(">=", m("train", "accuracy"), bin("-", bin("??", deployed("production", "accuracy"), lit(0)), lit(0.01))),
          },
        ],
        ["train"],
      ),
    ],
    deploys: [
      deployNode("staging", { step: "train", output: "model" }, { kind: "local", options: {} }, ["quality"]),
      deployNode(
        "production",
        { step: "train", output: "model" },
        opts.prodKind === "kserve" ? { kind: "kserve" as const, options: { namespace: "ml", name: "churn" } } : { kind: "command" as const, options: { command: 'cp "$MLP_MODEL" deployed-model.txt && echo "$MLP_ENVIRONMENT" > deployed-env.txt' } },
        ["staging"],
        opts.approval ?? false,
      ),
    ],
  });
}

describe("gates", () => {
  it("passes, deploys to staging and production, and records the metrics snapshot", async () => {
    const p = project();
    const r = await go(p.dir, pipeline());
    expect(r.status).toBe("success");
    expect(r.status_).toMatchObject({ train: "done", quality: "passed", report: "done", staging: "deployed", production: "deployed" });
    expect(readFileSync(join(p.dir, "deployed-model.txt"), "utf8")).toBe("model-0.9\n");
    expect(readFileSync(join(p.dir, "deployed-env.txt"), "utf8")).toBe("production\n");
    expect(readFileSync(readlinkSync(join(p.dir, ".mlp", "deployments", "p", "staging")), "utf8")).toBe("model-0.9\n");
    expect(deployedMetrics(r.store, "p", "production")).toMatchObject({ accuracy: 0.9, "train.accuracy": 0.9 });
    const shown = showRun(r.store, r.runId!)!;
    expect(shown.gates[0]!.verdict).toBe("passed");
    expect(shown.gates[0]!.conditions).toEqual([
      { text: "train.accuracy >= 0.8", values: { "train.accuracy": 0.9 }, ok: true },
      { text: "train.accuracy >= (deployed(production).accuracy ?? 0) - 0.01", values: { "train.accuracy": 0.9, "deployed(production).accuracy": null }, ok: true },
    ]);
    expect(shown.deployments.map((d) => [d.env, d.status, d.version])).toEqual([
      ["staging", "deployed", 1],
      ["production", "deployed", 1],
    ]);
  });

  it("a failing gate skips everything downstream and ends the run gated, with the values it saw", async () => {
    const p = project();
    await go(p.dir, pipeline());
    closeAll();
    // The champion has 0.9; a challenger at 0.85 passes the first condition and fails the second.
    const r = await go(p.dir, pipeline(), { params: { acc: 0.85 } });
    expect(r.status).toBe("gated");
    expect(r.status_).toMatchObject({ train: "done", quality: "gated", report: "skipped", staging: "skipped", production: "skipped" });
    const d = r.diagnostics.find((x) => x.code === "MLP7020")!;
    expect(d.message).toBe("gated by `quality`: train.accuracy >= (deployed(production).accuracy ?? 0) - 0.01 (0.85 >= (0.9 ?? 0) - 0.01)");
    expect(d.notes[0]).toContain("train.accuracy = 0.85, deployed(production).accuracy = 0.9");
    expect(deployedMetrics(r.store, "p", "production")!["accuracy"]).toBe(0.9);
  });

  it("stops awaiting approval without a TTY, and `approve` completes the deploy", async () => {
    const p = project();
    const r = await go(p.dir, pipeline({ approval: true }));
    expect(r.status).toBe("awaiting_approval");
    expect(r.status_["production"]).toBe("awaiting_approval");
    expect(existsSync(join(p.dir, "deployed-model.txt"))).toBe(false);
    const a = await approveDeployment(r.store, r.runId!, "production", new AbortController().signal);
    expect(a.ok && a.outcome.status).toBe("deployed");
    expect(a.ok && a.runStatus).toBe("success");
    expect(readFileSync(join(p.dir, "deployed-model.txt"), "utf8")).toBe("model-0.9\n");
    const again = await approveDeployment(r.store, r.runId!, "production", new AbortController().signal);
    expect(again.ok).toBe(false);
  });

  it("--approve ENV and a TTY answer approve in the run itself", async () => {
    const p = project();
    const r = await go(p.dir, pipeline({ approval: true }), { approve: ["production"] });
    expect(r.status).toBe("success");
    closeAll();
    const asked: string[] = [];
    const r2 = await go(p.dir, pipeline({ approval: true }), { params: { acc: 0.95 }, confirmApproval: async (env) => (asked.push(env), true) });
    expect(asked).toEqual(["production"]);
    expect(r2.status_["production"]).toBe("deployed");
  });

  it("does not deploy again, or ask again, when the live model is unchanged", async () => {
    const p = project();
    await go(p.dir, pipeline({ approval: true }), { approve: ["production"] });
    closeAll();
    const r = await go(p.dir, pipeline({ approval: true }), { confirmApproval: async () => expect.fail("asked for approval of an unchanged model") });
    expect(r.status).toBe("success");
    expect(r.outcomes.find((o) => o.name === "production")!.note).toBe("unchanged: model v1 is already live in `production`");
    expect((r.store.db.prepare("SELECT COUNT(*) AS n FROM deployments").get() as { n: number }).n).toBe(2);
  });

  it("records cluster deploys as registered, not pushed", async () => {
    const p = project();
    const r = await go(p.dir, pipeline({ prodKind: "kserve" }));
    expect(r.status).toBe("success");
    expect(r.status_["production"]).toBe("registered");
    expect(r.outcomes.find((o) => o.name === "production")!.note).toMatch(/^registered, not pushed: `kserve` needs a cluster/);
  });
});

describe("deploy secrets", () => {
  /** A `to command` deploy that writes which of the pipeline's secrets it can see. */
  function withSecrets(declared: string[] | undefined, approval = false) {
    const doc = pipeline();
    const p = doc.pipelines[0]!;
    const prod = {
      ...p.deploys[1]!,
      approval,
      to: { kind: "command" as const, options: { command: 'echo "token=${DEPLOY_TOKEN-unset} other=${OTHER_SECRET-unset} path=${PLAIN_VAR-unset}" > deploy-env.txt' } },
      ...(declared !== undefined ? { secrets: declared } : {}),
    };
    const secrets = ["DEPLOY_TOKEN", "OTHER_SECRET"].map((name) => ({ name, origin: SPAN0 }));
    return { ...doc, pipelines: [{ ...p, secrets, deploys: [p.deploys[0]!, prod] }] };
  }
  const env = { ...process.env, DEPLOY_TOKEN: "tok-123", OTHER_SECRET: "other-456", PLAIN_VAR: "plain" };

  it("a command deploy sees only the secrets it declares (and the rest of the environment)", async () => {
    const p = project();
    const r = await go(p.dir, withSecrets(["DEPLOY_TOKEN"]), { env });
    expect(r.status).toBe("success");
    expect(readFileSync(join(p.dir, "deploy-env.txt"), "utf8")).toBe("token=tok-123 other=unset path=plain\n");
  });

  it("a deploy that declares none sees none of the pipeline's secrets", async () => {
    const p = project();
    const r = await go(p.dir, withSecrets(undefined), { env });
    expect(r.status).toBe("success");
    expect(readFileSync(join(p.dir, "deploy-env.txt"), "utf8")).toBe("token=unset other=unset path=plain\n");
  });

  it("a declared secret that is not set fails the deploy with MLP7017", async () => {
    const p = project();
    const { DEPLOY_TOKEN: _dropped, ...without } = env;
    const r = await go(p.dir, withSecrets(["DEPLOY_TOKEN"]), { env: without });
    expect(r.status).toBe("failed");
    expect(r.status_["production"]).toBe("failed");
    expect(r.diagnostics.find((d) => d.code === "MLP7017")?.message).toBe("deploy `production` needs secret `DEPLOY_TOKEN`, which is not set");
    expect(existsSync(join(p.dir, "deploy-env.txt"))).toBe(false);
  });

  it("`mlp approve` gives the command the same secrets, from its own environment", async () => {
    const p = project();
    const r = await go(p.dir, withSecrets(["DEPLOY_TOKEN"], true), { env });
    expect(r.status).toBe("awaiting_approval");
    const a = await approveDeployment(r.store, r.runId!, "production", new AbortController().signal, { ...env, DEPLOY_TOKEN: "tok-later" });
    expect(a.ok && a.outcome.status).toBe("deployed");
    expect(readFileSync(join(p.dir, "deploy-env.txt"), "utf8")).toBe("token=tok-later other=unset path=plain\n");
  });
});

describe("tracking", () => {
  it("traces lineage and diffs two runs", async () => {
    const p = project();
    await go(p.dir, pipeline());
    closeAll();
    const r = await go(p.dir, pipeline(), { params: { acc: 0.95 } });
    const lin = lineageOfStep(r.store, r.runId!, "report")!;
    expect(lin.inputs[0]).toMatchObject({ name: "model", kind: "output", from: "train.model" });
    const prod = (lin.inputs[0] as { producer: { step: string; args: Record<string, unknown> } }).producer;
    expect(prod.step).toBe("train");
    expect(prod.args).toEqual({ acc: 0.95 });
    const diff = diffRuns(r.store, r.runId! - 1, r.runId!)!;
    expect(diff.params).toEqual([{ name: "acc", a: 0.9, b: 0.95 }]);
    expect(diff.metrics).toEqual([{ name: "train.accuracy", a: 0.9, b: 0.95 }]);
    expect(diff.artifacts.map((a) => a.name)).toEqual(["report.r", "train.model"]);
    const shown = showRun(r.store, r.runId!)!;
    expect(shown.reproduce).toContain("-p acc=0.95");
  });
});
