/**
 * Control flow in `mlp run` (issue #16), through the CLI as a user runs it, on the fixture
 * test/fixtures/control (pipeline `flow`: train → assert enough_rows, gate good → deploy
 * production / `rejected` after not good, finally `notify`; pipeline `flow_predict` reading the
 * model `flow` deployed). The fixture's scripts log into `$FLOW_LOG_DIR`: notify.log (the status
 * the finally step saw) and shipped.log (what the deploy command shipped, and whether it got its
 * secret).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt, mlp, tempDir, type CliResult } from "../cli/run-cli.js";
import { liveDeployment } from "../../src/runtime/registry.js";
import { openStore } from "../../src/runtime/store.js";
import { exited, processesWith, waitFor } from "./proc-helpers.js";

beforeAll(() => ensureBuilt());

const FIXTURE = join(__dirname, "..", "fixtures", "control");
/** The entry files the scenarios run: the source as a user writes it, and the IR it compiles to. */
const ENTRIES = ["flow.mlp", "flow.ir.json"];

interface Flow {
  readonly dir: string;
  readonly logs: string;
  run(args: readonly string[], env?: Record<string, string | undefined>): CliResult;
  /** The lines the finally step logged, one per run. */
  notified(): string[];
  /** What the deploy command shipped, one object per deployment. */
  shipped(): { env: string; version: string; score: string; model: string; token: boolean }[];
  /** The JSON of run `id` (`mlp runs show ID --format json`). */
  show(id: number | "latest"): { status: string; message: string | null; steps_: { step: string; status: string; reason: string | null }[]; artifacts: { step: string; name: string; hash: string; direction: string }[] };
  /** The bytes of an artifact in the store. */
  object(hash: string): string;
}

function flow(entry: string): Flow {
  const dir = tempDir("mlp-flow-");
  cpSync(FIXTURE, dir, { recursive: true });
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const lines = (file: string): string[] => (existsSync(join(logs, file)) ? readFileSync(join(logs, file), "utf8").trim().split("\n") : []);
  return {
    dir,
    logs,
    run: (args, env = {}) => mlp(["run", entry, ...args], { cwd: dir, env: { FLOW_LOG_DIR: logs, DEPLOY_TOKEN: "tok-3f9a1c", CI: "1", ...env } }),
    notified: () => lines("notify.log"),
    shipped: () => lines("shipped.log").map((l) => JSON.parse(l) as ReturnType<Flow["shipped"]>[number]),
    show: (id) => JSON.parse(mlp(["runs", "show", String(id), "--format", "json"], { cwd: dir }).stdout) as ReturnType<Flow["show"]>,
    object: (hash) => {
      const store = openStore(join(dir, ".mlp"));
      try {
        return readFileSync(store.objectPath(hash), "utf8");
      } finally {
        store.close();
      }
    },
  };
}

const statusOf = (f: Flow, id: number | "latest", step: string): string | undefined => f.show(id).steps_.find((s) => s.step === step)?.status;

describe.each(ENTRIES)("control flow locally (%s)", (entry) => {
  it("a gate that holds: the deploy runs with its secret and computed options, the else branch does not, finally sees `succeeded`", () => {
    const f = flow(entry);
    const r = f.run(["--pipeline", "flow"]);
    expect(r.status, r.stderr).toBe(0);
    expect(f.show(1).status).toBe("success");
    expect(statusOf(f, 1, "rejected")).toBe("skipped");
    expect(f.show(1).steps_.find((s) => s.step === "rejected")!.reason).toBe("gate `good` held (this is its `after not` branch)");
    // `version` and `train.score` interpolated into the command, the secret in its environment.
    expect(f.shipped()).toEqual([{ env: "production", version: "1", score: "0.9", model: "model-blue", token: true }]);
    expect(f.notified()).toEqual(["succeeded blue"]);
    // `"model-" + tag` and `"v-${tag}"` reached train as values.
    const store = openStore(join(f.dir, ".mlp"));
    try {
      const live = liveDeployment(store, "flow", "production")!;
      expect(JSON.parse(readFileSync(store.objectPath(live.artifact), "utf8"))).toEqual({ name: "model-blue", label: "v-blue", rows: 3 });
    } finally {
      store.close();
    }
    // The secret's value never reaches the output.
    expect(r.stderr).not.toContain("tok-3f9a1c");
  }, 60_000);

  it("an unmet gate: exit 0, `gated` with the gate, its condition and values; the else branch ran; finally sees `gated`", () => {
    const f = flow(entry);
    const r = f.run(["--pipeline", "flow", "-p", "quality=0.3"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("run 1 ended gated");
    expect(r.stderr).toContain("gated by good: train.score >= min_score (0.3 >= 0.5)");
    const shown = f.show(1);
    expect(shown.status).toBe("gated");
    expect(shown.message).toBe("gated by good: train.score >= min_score (0.3 >= 0.5)");
    expect(statusOf(f, 1, "rejected")).toBe("done");
    const note = shown.artifacts.find((a) => a.step === "rejected" && a.name === "note" && a.direction === "out")!;
    expect(f.object(note.hash)).toBe("score 0.3 is below 0.5\n");
    expect(f.shipped()).toEqual([]);
    expect(f.notified()).toEqual(["gated blue"]);
    // `runs show` prints the run's message and the gate's verdict.
    const text = mlp(["runs", "show", "1"], { cwd: f.dir }).stdout;
    expect(text).toContain("message   gated by good: train.score >= min_score (0.3 >= 0.5)");
    expect(text).toMatch(/✗ train\.score >= min_score/);
  }, 60_000);

  it("an unmet assert: exit 1, `failed`, what depends on it skipped, finally sees `failed`", () => {
    const f = flow(entry);
    const r = f.run(["--pipeline", "flow", "-p", "min_rows=100"]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("error[MLP7027]: assert `enough_rows` failed: train.rows >= min_rows (3 >= 100)");
    expect(f.show(1).status).toBe("failed");
    expect(f.shipped()).toEqual([]);
    expect(r.stderr).toMatch(/deploy production skipped {2}— `enough_rows` failed/);
    expect(f.notified()).toEqual(["failed blue"]);
  }, 60_000);

  it("a second pipeline's step receives the model file the first one deployed; a new deployment runs it again", () => {
    const f = flow(entry);
    const before = f.run(["--pipeline", "flow_predict"]);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain("error[MLP7028]: input `model` of step `predict`: nothing is deployed to production by pipeline flow: run it first, or give a fallback with ??");
    expect(f.run(["--pipeline", "flow"]).status).toBe(0);
    expect(f.run(["--pipeline", "flow_predict"]).status).toBe(0);
    const predictions = (id: number): string => f.object(f.show(id).artifacts.find((a) => a.step === "predict" && a.direction === "out")!.hash);
    expect(predictions(3)).toBe("1,model-blue\n2,model-blue\n3,model-blue\n");
    // Unchanged deployment: reused. A new one (another tag, another model): runs again.
    expect(f.run(["--pipeline", "flow_predict"]).status).toBe(0);
    expect(statusOf(f, 4, "predict")).toBe("cached");
    expect(f.run(["--pipeline", "flow", "-p", "tag=red"]).status).toBe(0);
    expect(f.run(["--pipeline", "flow_predict"]).status).toBe(0);
    expect(statusOf(f, 6, "predict")).toBe("done");
    expect(f.show(6).steps_.find((s) => s.step === "predict")!.reason).toContain("input `model` (the model deployed to `production` by `flow`) changed");
    expect(predictions(6)).toBe("1,model-red\n2,model-red\n3,model-red\n");
  }, 90_000);

  it("`runs diff RUN --against production`: every metric beside the deployed model's, with the difference, and the gate conditions with their values", () => {
    const f = flow(entry);
    expect(f.run(["--pipeline", "flow"]).status).toBe(0);
    expect(f.run(["--pipeline", "flow", "-p", "quality=0.3"]).status).toBe(0);
    const text = mlp(["runs", "diff", "2", "--against", "production"], { cwd: f.dir });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("run 2 (pipeline `flow`) against production: model flow.train.model v1, deployed by run 1");
    expect(text.stdout).toMatch(/train\.score +0\.3 +0\.9 +-0\.6\n/);
    expect(text.stdout).toMatch(/train\.rows +3 +3 +0\n/);
    expect(text.stdout).toContain("✗ good: train.score >= min_score (0.3 >= 0.5)");
    expect(text.stdout).toContain("✓ enough_rows: train.rows >= min_rows (train.rows = 3, min_rows = 1)");
    const json = JSON.parse(mlp(["runs", "diff", "2", "--against", "production", "--format", "json"], { cwd: f.dir }).stdout) as { deployment: { version: number }; metrics: { name: string; run: number; deployed: number; diff: number }[] };
    expect(json.deployment.version).toBe(1);
    expect(json.metrics.find((m) => m.name === "train.score")).toEqual({ name: "train.score", run: 0.3, deployed: 0.9, diff: 0.3 - 0.9 });
    // Nothing deployed there: said so, the run's metrics still listed.
    expect(mlp(["runs", "diff", "2", "--against", "staging"], { cwd: f.dir }).stdout).toMatch(/nothing is deployed to staging by pipeline flow[\s\S]*train\.score +0\.3 +- +-/);
    // Two runs and --against, or neither: a usage error.
    expect(mlp(["runs", "diff", "1", "2", "--against", "production"], { cwd: f.dir }).status).toBe(2);
    expect(mlp(["runs", "diff", "1"], { cwd: f.dir }).status).toBe(2);
  }, 60_000);

  it("values with shell syntax reach a step input and a deploy command verbatim; nothing is executed", () => {
    const f = flow(entry);
    const r = f.run(["--pipeline", "flow", "-p", "version=x; touch pwned", "-p", "tag=$(touch pwned2)'`touch pwned3`"]);
    expect(r.status, r.stderr).toBe(0);
    expect(f.shipped()).toEqual([{ env: "production", version: "x; touch pwned", score: "0.9", model: "model-$(touch pwned2)'`touch pwned3`", token: true }]);
    expect(f.notified()).toEqual(["succeeded $(touch pwned2)'`touch pwned3`"]);
    for (const file of ["pwned", "pwned2", "pwned3"]) expect(existsSync(join(f.dir, file)), file).toBe(false);
  }, 60_000);
});

describe("control flow locally: interrupts", () => {
  const entry = "flow.ir.json";

  /** Runs a copy of the fixture's IR whose train (and, with `slowNotify`, notify) sleeps first; resolves once train started. */
  async function slowRun(f: Flow, slowNotify: boolean) {
    const ir = JSON.parse(readFileSync(join(f.dir, "flow.ir.json"), "utf8")) as { pipelines: { steps: { name: string; run: { parts: { kind: string; text?: string }[] } }[] }[] };
    const steps = ir.pipelines[0]!.steps;
    steps.find((s) => s.name === "train")!.run.parts[0]!.text = "touch started; sleep 31.75; node train.mjs ";
    if (slowNotify) steps.find((s) => s.name === "notify")!.run.parts[0]!.text = "touch notifying; sleep 32.25; node notify.mjs ";
    writeFileSync(join(f.dir, "slow.ir.json"), JSON.stringify(ir));
    const child = spawn(process.execPath, [BIN, "run", "slow.ir.json", "--pipeline", "flow"], {
      cwd: f.dir,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CI: "1", FLOW_LOG_DIR: f.logs, DEPLOY_TOKEN: "tok-3f9a1c" },
    });
    const out = { err: "" };
    child.stderr!.on("data", (d: Buffer) => (out.err += d.toString()));
    await waitFor(() => existsSync(join(f.dir, "started")), 20_000, "train to start");
    return { child, out };
  }

  it("Ctrl-C: running steps stop, the finally step still runs with `cancelled`, and the run is recorded `cancelled`", async () => {
    const f = flow(entry);
    const { child, out } = await slowRun(f, false);
    child.kill("SIGINT");
    const code = await exited(child);
    expect(code, out.err).toBe(130);
    expect(processesWith("sleep 31.75")).toBe(0);
    expect(f.notified()).toEqual(["cancelled blue"]);
    expect(out.err).toMatch(/✓ notify done/);
    expect(out.err).toContain("run 1 was cancelled");
    const shown = f.show(1);
    expect(shown.status).toBe("cancelled");
    expect(shown.steps_.map((s) => [s.step, s.status])).toEqual(expect.arrayContaining([["train", "cancelled"], ["notify", "done"]]));
    expect(readdirSync(join(f.dir, ".mlp", "tmp"))).toEqual([]);
  }, 60_000);

  it("a second Ctrl-C stops the finally step too; the run is still recorded `cancelled`", async () => {
    const f = flow(entry);
    const { child, out } = await slowRun(f, true);
    child.kill("SIGINT");
    await waitFor(() => existsSync(join(f.dir, "notifying")), 20_000, "the finally step to start");
    const t0 = Date.now();
    child.kill("SIGINT");
    const code = await exited(child);
    expect(code, out.err).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(processesWith("sleep 32.25")).toBe(0);
    expect(f.notified()).toEqual([]);
    expect(out.err).toContain("run 1 was cancelled");
    expect(f.show(1).status).toBe("cancelled");
    // The store stays consistent: no scratch files, no half-stored objects.
    expect(readdirSync(join(f.dir, ".mlp", "tmp"))).toEqual([]);
  }, 60_000);
});
