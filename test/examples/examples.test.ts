/**
 * The shipped examples: they check with zero diagnostics, their committed data is what
 * `examples/prepare-data.mjs` writes, and both pipelines run end to end with the real executor,
 * the real `std.*` built-ins and the real step programs — and tell the story their comments tell.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import type { ValidIr } from "../../src/ir/validate.js";
import { loadBuiltins } from "../../src/runtime/builtins.js";
import type { ConditionRecord, RunResult } from "../../src/runtime/run-events.js";
import { runPipeline } from "../../src/runtime/run-pipeline.js";
import { openStore } from "../../src/runtime/store.js";
import { nodeHost } from "../../src/source/host.js";
import { checkTargetBlocks } from "../../src/target/validate-options.js";
import { knownTargetNames } from "../../src/cli/target-names.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";

const EXAMPLES = ["examples/penguins/train.mlp", "examples/penguins/predict.mlp", "examples/penguins/components.mlp", "examples/weather-drift/weather.mlp"];

function compile(file: string): ValidIr {
  const r = compileToIr(file, nodeHost);
  expect(r.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}: ${d.message}`)).toEqual([]);
  return r.ir!;
}

/** Runs one pipeline of `file` in a fresh store (or `storeDir`); returns the result. */
async function run(file: string, opts: { storeDir?: string; approve?: string[] } = {}): Promise<RunResult> {
  const ir = compile(file);
  const store = openStore(opts.storeDir ?? mkdtempSync(join(tmpdir(), "mlp-example-store-")));
  try {
    return await runPipeline({
      ir,
      root: resolve(file, ".."),
      pipeline: ir.pipelines[0]!,
      params: Object.fromEntries(ir.pipelines[0]!.params.map((p) => [p.name, p.default!])),
      store,
      jobs: 2,
      fileHash: "test",
      argv: ["run", file],
      approve: opts.approve ?? [],
      signal: new AbortController().signal,
      builtins: loadBuiltins,
    });
  } finally {
    store.close();
  }
}

/** The values a gate's conditions saw, by reference (`drift.max_psi`). */
function gateValues(r: RunResult, gate: string): Record<string, unknown> {
  const o = r.outcomes.find((x) => x.kind === "gate" && x.name === gate);
  expect(o, `gate ${gate} settled`).toBeDefined();
  return Object.assign({}, ...((o!.conditions ?? []) as ConditionRecord[]).map((c) => c.values));
}

function statuses(r: RunResult): Record<string, string> {
  return Object.fromEntries(r.outcomes.map((o) => [o.name, o.status]));
}

describe("examples", () => {
  it.each(EXAMPLES)("%s checks with zero diagnostics, target blocks included", (file) => {
    const ir = compile(file);
    const known = knownTargetNames(ir, BUILTIN_TARGETS.map((t) => t.name), process.cwd());
    const diags = checkTargetBlocks(ir, BUILTIN_TARGETS, known);
    expect(diags.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  it("ships exactly the data examples/prepare-data.mjs writes", () => {
    // Throws (exit 1) when a committed CSV differs from what the script would write.
    execFileSync(process.execPath, ["examples/prepare-data.mjs", "--check"], { encoding: "utf8" });
  });

  it("penguins: trains a real classifier, gates it, deploys it, and the batch pipeline scores with the model training deployed", { timeout: 240_000 }, async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "mlp-penguins-"));
    // The production deploy installs the model for serve.mjs: into a directory of the test's own.
    process.env["PENGUINS_SERVING_DIR"] = join(storeDir, "serving");
    const train = await run("examples/penguins/train.mlp", { storeDir, approve: ["production"] }).finally(() => delete process.env["PENGUINS_SERVING_DIR"]);
    expect(train.diagnostics.map((d) => d.message)).toEqual([]);
    expect(train.status).toBe("success");
    const s = statuses(train);
    expect(s).toMatchObject({ expectations: "done", profile: "done", drift: "done", data_ok: "passed", clean: "done", split: "done", train: "done", evaluate: "done", quality: "passed", staging: "deployed" });
    expect(s.production).toBe("deployed");
    expect(existsSync(join(storeDir, "serving", "production.json"))).toBe(true);
    const data = gateValues(train, "data_ok");
    expect(data["profile.schema_ok"]).toBe(true);
    expect(data["expectations.rows"]).toBe(264);
    expect(data["drift.max_psi"] as number).toBeLessThan(0.2);
    const quality = gateValues(train, "quality");
    expect(quality["evaluate.accuracy"] as number).toBeGreaterThanOrEqual(0.9);
    expect(quality["evaluate.f1"] as number).toBeGreaterThanOrEqual(0.9);

    const predict = await run("examples/penguins/predict.mlp", { storeDir });
    expect(predict.status).toBe("success");
    const p = statuses(predict);
    // No retraining: the batch is scored with the model penguins_train deployed to production.
    expect(p).not.toHaveProperty("train");
    expect(p).toMatchObject({ batch_checks: "done", batch_drift: "done", score: "done", publishable: "passed", publish: "done", quarantine: "skipped", report: "done" });
    const store = openStore(storeDir);
    try {
      const deployed = store.db.prepare<[], { artifact: string }>("SELECT d.artifact FROM env_pointers p JOIN deployments d ON d.id = p.deployment_id WHERE p.pipeline = 'penguins_train' AND p.env = 'production'").get()!;
      const input = store.db
        .prepare<[number], { hash: string; source: string }>(
          "SELECT a.hash, a.source FROM run_steps s JOIN record_artifacts a ON a.record_id = s.record_id WHERE s.run_id = ? AND s.step = 'score' AND a.direction = 'in' AND a.name = 'model'",
        )
        .get(predict.runId!)!;
      expect(input).toEqual({ hash: deployed.artifact, source: "deployed:penguins_train:production" });
    } finally {
      store.close();
    }
    const pub = gateValues(predict, "publishable");
    expect(pub["batch_drift.max_psi"] as number).toBeLessThan(0.25);
    expect(pub["batch_drift.drifted_columns"]).toBe(0);
    expect(pub["batch_checks.max_null_fraction"]).toBe(0);
    expect(pub["score.mean_probability"] as number).toBeGreaterThanOrEqual(0.8);
  });

  it("penguins tune: runs the 12 points, gates and deploys the best one, and the leaderboard reads every point", { timeout: 240_000 }, async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "mlp-penguins-tune-"));
    const r = await run("examples/penguins/tune.mlp", { storeDir });
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
    expect(r.status).toBe("success");
    const s = statuses(r);
    expect(Object.keys(s).filter((n) => /^(train|evaluate)\[\d+\]$/.test(n) && s[n] === "done")).toHaveLength(24);
    expect(s).toMatchObject({ tune: "done", quality: "passed", tuned: "deployed", leaderboard: "done" });
    // The gate read the best point's f1: no point scored higher.
    const store = openStore(storeDir);
    try {
      const f1s = store.db.prepare<[number], { value: number }>("SELECT value FROM metrics WHERE run_id = ? AND step LIKE 'evaluate[%' AND name = 'f1'").all(r.runId!).map((m) => m.value);
      expect(f1s).toHaveLength(12);
      expect(gateValues(r, "quality")["tune.evaluate.f1"]).toBe(Math.max(...f1s));
    } finally {
      store.close();
    }
  });

  it("weather-drift: detects the drift of the later years and retrains behind the max_psi gate", { timeout: 240_000 }, async () => {
    const r = await run("examples/weather-drift/weather.mlp");
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
    expect(r.status).toBe("success");
    const drifted = gateValues(r, "drifted");
    expect(drifted["drift.max_psi"] as number).toBeGreaterThanOrEqual(0.2);
    expect(statuses(r)).toMatchObject({ drifted: "passed", combine: "done", retrain: "done", retrain_eval: "done", better: "passed", staging: "deployed" });
  });
});
