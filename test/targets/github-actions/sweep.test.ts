/**
 * Sweeps on GitHub Actions (issue #15), from the hand-written IR of test/fixtures/sweep/tune.mlp
 * and variants of it: members are matrix jobs (one leg per point, `fail-fast: false`), results
 * travel as artifacts laid out as `src/ir/fan-in-spec.ts` says, the fan-in job runs `mlp fan-in`
 * with the sweep's spec, and what follows reads its artifacts and outputs. Every workflow passes
 * actionlint and the SchemaStore schema; a grid over GitHub's 256 jobs per run is refused (MLP5132)
 * and nothing is emitted, as is a sweep over a list param without a default (MLP5133).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileToIr } from "../../../src/compile.js";
import { defaultFanInSpec } from "../../../src/ir/fan-in-spec.js";
import type { IrDocument } from "../../../src/ir/ir.js";
import { defaultSweepPoints, pointEntryName } from "../../../src/ir/sweep-grid.js";
import { pipelineView } from "../../../src/ir/view.js";
import { nodeHost } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import type { EmitResult } from "../../../src/target/target.js";
import { target } from "../../../targets/github-actions/index.js";
import { ensureBuilt, mlp } from "../../cli/run-cli.js";
import { evaluateNeutralised } from "../../../targets/github-actions/gh-expr.js";
import { MAX_JOBS } from "../../../targets/github-actions/limits.js";
import { IR_STEP_DEFAULTS, validIr } from "../../helpers/valid-ir.js";
import { emitIr, golden, snapshotText } from "./helpers.js";
import { actionlint, REPO_ROOT, schemaErrors } from "./validate.js";

type Obj = Record<string, any>;

const FIXTURE = resolve(REPO_ROOT, "test/fixtures/sweep/tune.ir.json");

/** A fresh, mutable copy of the fixture. */
function tune(): Obj {
  return JSON.parse(readFileSync(FIXTURE, "utf8")) as Obj;
}

function emit(doc: Obj, options?: Record<string, unknown>): EmitResult {
  return emitIr(doc as IrDocument, options);
}

function jobsOf(r: EmitResult): Record<string, Obj> {
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (parse(r.files[0]!.contents) as Obj)["jobs"] as Record<string, Obj>;
}

const errors = (r: EmitResult): string[] => r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);

/** The fixture's origin (any span will do for nodes added by hand). */
function origin(doc: Obj): Obj {
  return doc["pipelines"][0]["origin"];
}

/**
 * A member gate `good` (`evaluate.f1 > 0.2 and lr < 0.3`) and a member step `calibrate` after it
 * that reads the point's `evaluate.report`, has a computed input from the point's `lr`, and has
 * no outputs or metrics (so only its marker records it).
 */
function withMemberGate(): Obj {
  const doc = tune();
  const p = doc["pipelines"][0];
  const o = origin(doc);
  const float = { kind: "float" };
  p.gates.push({
    name: "good",
    origin: o,
    conditions: [
      {
        expr: {
          kind: "binary",
          type: { kind: "bool" },
          op: "and",
          left: { kind: "binary", type: { kind: "bool" }, op: ">", left: { kind: "metric", type: float, step: "evaluate", metric: "f1" }, right: { kind: "literal", type: float, value: 0.2 } },
          right: { kind: "binary", type: { kind: "bool" }, op: "<", left: { kind: "over", type: float, name: "lr" }, right: { kind: "literal", type: float, value: 0.3 } },
        },
        text: "evaluate.f1 > 0.2 and lr < 0.3",
        origin: o,
      },
    ],
    needs: ["evaluate"],
    sweep: "tune",
  });
  p.steps.splice(3, 0, {
    ...IR_STEP_DEFAULTS,
    name: "calibrate",
    origin: o,
    run: { template: "cat ${report} ${scale}", parts: [{ kind: "text", text: "cat " }, { kind: "input", name: "report" }, { kind: "text", text: " " }, { kind: "input", name: "scale" }] },
    inputs: [
      { name: "report", type: { kind: "File" }, binding: { kind: "output", step: "evaluate", output: "report" } },
      { name: "scale", type: float, binding: { kind: "expr", expr: { kind: "binary", type: float, op: "*", left: { kind: "over", type: float, name: "lr" }, right: { kind: "literal", type: float, value: 2 } } } },
    ],
    needs: ["evaluate", "good"],
    after: ["good"],
    sweep: "tune",
  });
  const sweep = p.sweeps[0];
  sweep.members = ["train", "evaluate", "good", "calibrate"];
  sweep.needs = ["calibrate", "evaluate", "good", "train"];
  const at = p.order.findIndex((n: Obj) => n.name === "evaluate");
  p.order.splice(at + 1, 0, { kind: "gate", name: "good" }, { kind: "step", name: "calibrate" });
  return doc;
}

/** `s` with GitHub's `format('…{0}…', matrix.mlp-point)` and `matrix.*` evaluated for one leg; other expressions kept. */
function forLeg(s: string, leg: Record<string, string>): string {
  return s.replace(/\$\{\{ (.*?) \}\}/g, (whole, e: string) => {
    const f = /^format\('([^']*)', matrix\.mlp-point\)$/.exec(e);
    if (f) return f[1]!.replace("{0}", leg["mlp-point"]!);
    const m = /^matrix\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(e);
    if (m) return leg[m[1]!]!;
    return whole;
  });
}

describe("the tune fixture on GitHub", () => {
  const result = emit(tune());
  const jobs = jobsOf(result);
  const doc = tune();
  const view = pipelineView(validIr(doc).pipelines[0]!);
  const points = defaultSweepPoints(view.sweep("tune")!, validIr(doc).pipelines[0]!.params);

  it("passes actionlint and the SchemaStore schema, matches its golden file and is deterministic", async () => {
    const text = result.files[0]!.contents;
    expect(await actionlint(text, "tune_demo.yml")).toEqual([]);
    expect(schemaErrors(text)).toEqual([]);
    const { expected, actual } = golden("sweep-tune", snapshotText(result));
    expect(actual).toBe(expected);
    expect(snapshotText(emit(tune()))).toBe(actual);
  });

  it("runs each member once per point of the grid, in grid order, with fail-fast off and no job outputs", () => {
    expect(points).toHaveLength(6);
    for (const id of ["train", "evaluate"]) {
      const strategy = jobs[id]!["strategy"];
      expect(strategy["fail-fast"], id).toBe(false);
      expect(strategy.matrix.include, id).toEqual(points.map((p) => ({ "mlp-point": pointEntryName(p.index, 6), lr: String(p.values["lr"]), depth: String(p.values["depth"]) })));
      expect(jobs[id]!["outputs"], id).toBeUndefined();
    }
    for (const id of ["prepare", "tune", "quality", "production", "report"]) expect(jobs[id]!["strategy"], id).toBeUndefined();
  });

  it("hands `over` values to the command through env, never in its script", () => {
    const run = (jobs["train"]!["steps"] as Obj[]).find((s) => s["name"] === "run train")!;
    expect(run["env"]).toEqual({ MLP_IN_lr: "${{ matrix.lr }}", MLP_IN_depth: "${{ matrix.depth }}" });
    expect(run["run"]).not.toContain("matrix");
    expect(run["run"]).toContain('"${MLP_IN_lr}" "${MLP_IN_depth}"');
  });

  it("does not offer the list param as a dispatch input: the grid is its default", () => {
    const on = (parse(result.files[0]!.contents) as Obj)["on"];
    expect(Object.keys(on.workflow_dispatch.inputs)).toEqual(["min_f1"]);
  });

  it("lays each leg's results out as the fan-in reads them, and the fan-in downloads exactly the point artifacts", () => {
    const uploads: { job: string; name: string; path: string; leg: Record<string, string> }[] = [];
    const writes: string[] = [];
    for (const id of ["train", "evaluate"]) {
      for (const leg of jobs[id]!["strategy"].matrix.include as Record<string, string>[]) {
        const env = jobs[id]!["env"] as Record<string, string>;
        // What the leg writes, relative to the point artifact's root (`_mlp/point`).
        for (const [k, v] of Object.entries(env)) if (/^MLP_(OUT_|METRICS$)/.test(k)) writes.push(forLeg(v, leg).replace(/^_mlp\/point\//, ""));
        for (const s of jobs[id]!["steps"] as Obj[])
          if (String(s["uses"] ?? "").startsWith("actions/upload-artifact")) uploads.push({ job: id, name: forLeg(s["with"].name, leg), path: s["with"].path, leg });
      }
    }
    const layout = new Set<string>();
    for (const p of points) {
      const e = pointEntryName(p.index, points.length);
      layout.add(`${e}/train/model`).add(`${e}/train.metrics.json`).add(`${e}/evaluate/report`).add(`${e}/evaluate.metrics.json`);
    }
    expect(new Set(writes)).toEqual(layout);
    const fanIn = jobs["tune"]!;
    const gather = (fanIn["steps"] as Obj[])[0]!;
    expect(gather["with"]).toEqual({ pattern: "tune-point-*", path: "_mlp/fan-in/tune", "merge-multiple": true });
    const gathered = uploads.filter((u) => minimatch(u.name, gather["with"].pattern));
    expect(gathered.map((u) => u.path)).toEqual(Array(12).fill("_mlp/point"));
    expect(new Set(gathered.map((u) => u.name)).size).toBe(12);
    // The markers are not the fan-in's: it never sees them.
    expect(uploads.filter((u) => !minimatch(u.name, gather["with"].pattern)).every((u) => u.path === "_mlp/done" && /^tune-done-\d-(train|evaluate)$/.test(u.name))).toBe(true);
  });

  it("runs mlp fan-in with the sweep's spec, as the project's own package at the compiler's version", () => {
    const run = (jobs["tune"]!["steps"] as Obj[]).find((s) => String(s["run"] ?? "").includes("fan-in"))!;
    expect(JSON.parse(run["env"].MLP_FAN_IN_SPEC)).toEqual(defaultFanInSpec(view, "tune", validIr(doc).pipelines[0]!.params));
    expect(run["env"].MLP_PACKAGE).toBe("@mlp-lang/mlp");
    expect(run["env"].MLP_VERSION).toBe("0.1.0");
    expect(run["run"]).toContain('npx --yes "$MLP_PACKAGE@$MLP_VERSION" fan-in --points "$GITHUB_WORKSPACE/_mlp/fan-in/tune" --out "$GITHUB_WORKSPACE/_mlp/sweeps/tune"');
  });

  it("publishes what nodes outside read where they download it, and the best metrics as outputs", () => {
    const fanIn = jobs["tune"]!;
    const published = (fanIn["steps"] as Obj[]).filter((s) => String(s["uses"] ?? "").startsWith("actions/upload-artifact")).map((s) => [s["with"].name, s["with"].path]);
    // `--out _mlp/sweeps/tune` writes best/<step>/<output> and collect/<step>/<output>/.
    expect(published).toEqual([
      ["tune-best-train", "_mlp/sweeps/tune/best/train"],
      ["tune-collect-evaluate-report", "_mlp/sweeps/tune/collect/evaluate/report"],
    ]);
    expect(Object.keys(fanIn["outputs"])).toEqual(["train-loss", "evaluate-f1", "point"]);
    const download = (job: string): string[][] =>
      (jobs[job]!["steps"] as Obj[]).filter((s) => String(s["uses"] ?? "").startsWith("actions/download-artifact")).map((s) => [s["with"].name, s["with"].path]);
    expect(download("report")).toEqual([["tune-collect-evaluate-report", "_mlp/sweeps/tune/collect/evaluate/report"]]);
    expect(jobs["report"]!["env"].MLP_IN_reports).toBe("_mlp/sweeps/tune/collect/evaluate/report");
    expect(download("production")).toEqual([["tune-best-train", "_mlp/sweeps/tune/best/train"]]);
    const script = (jobs["quality"]!["steps"] as Obj[])[0]!["with"].script as string;
    expect(script).toContain('best("tune", "evaluate", "f1")');
    const record = (jobs["production"]!["steps"] as Obj[]).find((s) => String(s["name"]).startsWith("record"))!;
    expect(JSON.parse(record["env"].MLP_BEST_SOURCES)).toEqual([
      ["tune", "train", "loss"],
      ["tune", "evaluate", "f1"],
    ]);
  });

  it("lets later members and the fan-in run when some legs failed, and the jobs after the fan-in run only when it succeeded", () => {
    expect(jobs["train"]!["if"]).toBeUndefined();
    expect(jobs["evaluate"]!["if"]).toBe("${{ !cancelled() && (needs.train.result == 'success' || needs.train.result == 'failure') }}");
    expect(jobs["tune"]!["if"]).toBe("${{ !cancelled() && (needs.evaluate.result == 'success' || needs.evaluate.result == 'failure') && (needs.train.result == 'success' || needs.train.result == 'failure') }}");
    expect(jobs["report"]!["if"]).toBe("${{ !cancelled() && needs.tune.result == 'success' }}");
    expect(jobs["production"]!["if"]).toBe("${{ !cancelled() && needs.quality.result == 'success' && needs.tune.result == 'success' && needs.quality.outputs.passed == 'true' }}");
    // Every step of a later member's leg after the wait runs only when the point's earlier members finished.
    const steps = jobs["evaluate"]!["steps"] as Obj[];
    const wait = steps.findIndex((s) => s["id"] === "point");
    expect(steps[wait]!["env"]).toEqual({ MLP_WAITS_FOR: "train", MLP_MEMBER: "evaluate" });
    expect(steps.slice(wait + 1).every((s) => s["if"] === "${{ steps.point.outputs.ready == 'true' }}")).toBe(true);
  });
});

describe("the wait for a point, run in a shell", () => {
  const jobs = jobsOf(emit(tune()));
  const steps = jobs["evaluate"]!["steps"] as Obj[];
  const wait = steps.find((s) => s["id"] === "point")!;

  // stdin is not a socket (node's default pipe is one): Debian's bash reads ~/.bashrc when stdin
  // is a socket and SHLVL is unset, and a developer's ~/.bashrc may hang or print.
  function ready(markers: string[]): { ready: string; stdout: string } {
    const ws = mkdtempSync(join(tmpdir(), "mlp-gh-sweep-"));
    try {
      for (const m of markers) {
        mkdirSync(dirname(join(ws, m)), { recursive: true });
        writeFileSync(join(ws, m), "");
      }
      const out = join(ws, "github_output");
      const r = spawnSync("bash", ["-e", "-c", wait["run"]], { env: { ...wait["env"], MLP_POINT: "3", GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: out, PATH: "/usr/local/bin:/usr/bin:/bin" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(r.status).toBe(0);
      return { ready: readFileSync(out, "utf8"), stdout: r.stdout };
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }

  it("goes on when the point's earlier member left its marker, and skips with a notice when not", () => {
    expect(ready(["_mlp/point-in/3/train.done"]).ready).toBe("ready=true\n");
    const missing = ready(["_mlp/point-in/2/train.done"]);
    expect(missing.ready).toBe("ready=false\n");
    expect(missing.stdout).toBe("::notice::point 3: train did not finish here, so evaluate is skipped at this point\n");
  });
});

describe("a gate inside the sweep", () => {
  const result = emit(withMemberGate());
  const jobs = jobsOf(result);

  it("passes actionlint and the schema, and matches its golden file", async () => {
    const text = result.files[0]!.contents;
    expect(await actionlint(text, "tune_demo.yml")).toEqual([]);
    expect(schemaErrors(text)).toEqual([]);
    const { expected, actual } = golden("sweep-gate", snapshotText(result));
    expect(actual).toBe(expected);
  });

  it("is checked once per point, reading the point's metrics and values, and marks only the points where it holds", () => {
    const gate = jobs["good"]!;
    expect(gate["strategy"].matrix.include).toHaveLength(6);
    expect(gate["outputs"]).toBeUndefined();
    const steps = gate["steps"] as Obj[];
    expect(steps.map((s) => s["name"])).toEqual([
      "look for evaluate at this point",
      "wait for this point",
      "download evaluate at this point",
      "check good",
      "mark good done at this point",
      "upload the mark of good",
    ]);
    const check = steps[3]!;
    expect(check["with"].script).toContain('(pointMetric("evaluate", "f1") > 0.2) && (over("lr", "float") < 0.3)');
    expect(check["env"].MLP_POINT_VALUES).toBe("${{ toJSON(matrix) }}");
    for (const s of steps.slice(4)) expect(s["if"]).toBe("${{ steps.point.outputs.ready == 'true' && steps.check.outputs.passed == 'true' }}");
  });

  it("stops the later members of a point where it is closed: they wait for its marker", () => {
    const steps = jobs["calibrate"]!["steps"] as Obj[];
    expect(steps.find((s) => s["id"] === "point")!["env"].MLP_WAITS_FOR).toBe("evaluate good");
    expect(jobs["calibrate"]!["if"]).toBe("${{ !cancelled() && (needs.evaluate.result == 'success' || needs.evaluate.result == 'failure') && (needs.good.result == 'success' || needs.good.result == 'failure') }}");
    // No outputs or metrics: only its marker is uploaded, never a point artifact the fan-in would read.
    const names = steps.filter((s) => String(s["uses"] ?? "").startsWith("actions/upload-artifact")).map((s) => s["with"].name);
    expect(names).toEqual(["${{ format('tune-done-{0}-calibrate', matrix.mlp-point) }}"]);
    const compute = steps.find((s) => s["id"] === "inputs")!;
    expect(compute["with"].script).toContain('core.setOutput("scale", String((over("lr", "float") * 2)));');
  });

  it("evaluates its script as github-script would: the point's metrics file and values decide", async () => {
    const check = (jobs["good"]!["steps"] as Obj[]).find((s) => s["id"] === "check")!;
    const run = async (f1: number, lr: string): Promise<Record<string, string>> => {
      const ws = mkdtempSync(join(tmpdir(), "mlp-gh-gate-"));
      const saved = { ...process.env };
      const outputs: Record<string, string> = {};
      const summary = { addHeading: () => summary, addTable: () => summary, write: async () => undefined };
      const core = { setOutput: (k: string, v: string) => void (outputs[k] = v), info: () => undefined, notice: () => undefined, summary };
      try {
        mkdirSync(join(ws, "_mlp/point-in/4"), { recursive: true });
        writeFileSync(join(ws, "_mlp/point-in/4/evaluate.metrics.json"), JSON.stringify({ f1 }));
        const env: Record<string, string> = { ...check["env"], GITHUB_WORKSPACE: ws, MLP_POINT: "4", MLP_NEEDS: "{}", MLP_POINT_VALUES: JSON.stringify({ "mlp-point": "4", lr, depth: "2" }) };
        Object.assign(process.env, env);
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
        await new AsyncFunction("require", "core", check["with"].script)(createRequire(import.meta.url), core);
        return outputs;
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
        rmSync(ws, { recursive: true, force: true });
      }
    };
    expect(await run(0.5, "0.1")).toEqual({ passed: "true" });
    expect(await run(0.1, "0.1")).toEqual({ passed: "false" });
    expect(await run(0.5, "0.3")).toEqual({ passed: "false" });
  });
});

/** The fixture with dimension `lr` over `lr` values and the list param `depths` (the `depth` dimension) defaulting to `depths`. */
function grid(lr: number, depths: number[] | undefined): Obj {
  const doc = tune();
  const p = doc["pipelines"][0];
  p.sweeps[0].over[0].values = { kind: "literal", values: Array.from({ length: lr }, (_, i) => (i + 1) / 1000) };
  if (depths === undefined) delete p.params[0].default;
  else p.params[0].default = depths;
  return doc;
}

describe("GitHub's 256 jobs per workflow run, with sweeps", () => {
  it("refuses a 258-point grid before building any job (MLP5132): nothing is emitted", () => {
    const r = emit(grid(129, [2, 4]));
    expect(r.files).toEqual([]);
    expect(errors(r)).toEqual(["MLP5132"]);
    const d = r.diagnostics.find((x) => x.code === "MLP5132")!;
    expect(d.message).toBe("workflow `tune_demo.yml` would run 521 jobs, over GitHub's 256 jobs per workflow run: sweep `tune` runs 516 of them");
    expect(d.notes).toEqual(["sweep `tune`: 258 points (lr: 129 × depth: 2) × 2 members (train, evaluate) = 516 jobs, one per point and member", "the pipeline's other jobs: 5"]);
    expect(d.span.start.line).toBe(15);
  });

  it("counts each leg with the other jobs: 255 jobs are accepted, 257 refused", () => {
    // The other jobs: prepare, the fan-in tune, quality, production, report.
    const fits = emit(grid(125, [2]));
    expect(errors(fits)).toEqual([]);
    expect(fits.files).toHaveLength(1);
    expect(jobsOf(fits)["train"]!["strategy"].matrix.include).toHaveLength(125);
    expect(errors(emit(grid(63, [2, 4])))).toEqual(["MLP5132"]);
    expect(MAX_JOBS).toBe(256);
  });

  it("refuses a sweep over a list param without a default (MLP5133), pointing at the param", () => {
    const r = emit(grid(3, undefined));
    expect(r.files).toEqual([]);
    expect(errors(r)).toEqual(["MLP5133"]);
    const d = r.diagnostics.find((x) => x.code === "MLP5133")!;
    expect(d.message).toBe("sweep `tune` runs over list param `depths`, which has no default");
    expect(d.span.start.line).toBe(17);
    expect(d.labels?.[0]?.span.start.line).toBe(4);
  });
});

describe("sweep dimensions as matrix keys", () => {
  it("refuses two dimensions that differ only in case (MLP5134): GitHub's contexts ignore case", () => {
    const doc = tune();
    const p = doc["pipelines"][0];
    p.sweeps[0].over[1] = { ...p.sweeps[0].over[1], name: "LR" };
    p.steps.find((s: Obj) => s.name === "train").inputs.find((i: Obj) => i.name === "depth").binding.name = "LR";
    const r = emit(doc);
    expect(r.files).toEqual([]);
    expect(errors(r)).toEqual(["MLP5134"]);
    const d = r.diagnostics.find((x) => x.code === "MLP5134")!;
    expect(d.message).toBe("dimensions `lr` and `LR` of sweep `tune` differ only in case, and GitHub's matrix keys ignore case");
    expect(d.span.start.line).toBe(17);
    expect(d.labels?.[0]?.span.start.line).toBe(16);
  });
});

describe("hostile `over` values", () => {
  const HOSTILE = ["$(touch /tmp/mlp-sweep-injected)", "${{ github.token }}", "a'b\"c `id` $HOME\nline two", "${{ '${{' }} x }}"];
  const doc = tune();
  const p = doc["pipelines"][0];
  p.sweeps[0].over[0] = { ...p.sweeps[0].over[0], type: { kind: "string" }, values: { kind: "literal", values: HOSTILE } };
  const train = p.steps.find((s: Obj) => s.name === "train");
  train.inputs.find((i: Obj) => i.name === "lr").type = { kind: "string" };
  train.run = { template: "printf '%s' ${lr} > ${model}", parts: [{ kind: "text", text: "printf '%s' " }, { kind: "input", name: "lr" }, { kind: "text", text: " > " }, { kind: "output", name: "model" }] };
  const result = emit(doc);
  const text = result.files[0]!.contents;
  const jobs = jobsOf(result);

  it("passes actionlint and the schema", async () => {
    expect(await actionlint(text, "tune_demo.yml")).toEqual([]);
    expect(schemaErrors(text)).toEqual([]);
  });

  it("reach the command verbatim as data: no expression but the compiler's, nothing run", () => {
    const legs = jobs["train"]!["strategy"].matrix.include as Record<string, string>[];
    // In the matrix, each `${{` is the literal-opener expression; GitHub evaluates it once, to the text.
    for (const leg of legs) for (const e of leg["lr"]!.matchAll(/\$\{\{(.*?)\}\}/g)) expect(e[1]).toBe(" '${{' ");
    expect(legs.filter((l) => l["depth"] === "2").map((l) => evaluateNeutralised(l["lr"]!))).toEqual(HOSTILE);
    const run = (jobs["train"]!["steps"] as Obj[]).find((s) => s["name"] === "run train")!;
    rmSync("/tmp/mlp-sweep-injected", { force: true });
    for (const leg of legs) {
      const ws = mkdtempSync(join(tmpdir(), "mlp-gh-over-"));
      try {
        mkdirSync(join(ws, run["working-directory"]), { recursive: true });
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries({ ...jobs["train"]!["env"], ...run["env"] })) env[k] = forLeg(String(v), { ...leg, lr: evaluateNeutralised(leg["lr"]!) });
        const r = spawnSync("bash", ["-e", "-c", run["run"]], { cwd: join(ws, run["working-directory"]), env: { ...env, GITHUB_WORKSPACE: ws, PATH: "/usr/local/bin:/usr/bin:/bin" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        expect(r.status, r.stderr).toBe(0);
        expect(readFileSync(join(ws, `_mlp/point/${leg["mlp-point"]}/train/model`), "utf8")).toBe(evaluateNeutralised(leg["lr"]!));
      } finally {
        rmSync(ws, { recursive: true, force: true });
      }
    }
    expect(existsSync("/tmp/mlp-sweep-injected")).toBe(false);
    // The fan-in's spec carries them as JSON data in env, never in a script.
    const fanIn = (jobs["tune"]!["steps"] as Obj[]).find((s) => String(s["run"] ?? "").includes("fan-in"))!;
    expect(JSON.parse(evaluateNeutralised(fanIn["env"].MLP_FAN_IN_SPEC)).points.map((x: Obj) => x.values.lr)).toEqual(HOSTILE.flatMap((h) => [h, h]));
    expect(fanIn["run"]).not.toContain("$(");
  });
});

describe("sweeps with the target's options", () => {
  const STORE = { artifact_store: "s3://ml-artifacts/mlp", store_secrets: ["AWS_ACCESS_KEY_ID"], mlp_image: "ghcr.io/mlp-lang/mlp:0.1.0", retention_days: 7 };

  it("pass actionlint and the schema with an artifact store, mlp_image and retention, and a gate inside the sweep", async () => {
    for (const [doc, options] of [
      [withMemberGate(), STORE],
      [withMemberGate(), { retention_days: 7, runs_on: ["self-hosted", "linux"] }],
    ] as const) {
      const r = emit(doc, options);
      expect(errors(r)).toEqual([]);
      const text = r.files[0]!.contents;
      expect(await actionlint(text, "tune_demo.yml")).toEqual([]);
      expect(schemaErrors(text)).toEqual([]);
    }
  });

  it("keep the fan-in layout in the artifact store, and run mlp fan-in in mlp_image as root", () => {
    const jobs = jobsOf(emit(withMemberGate(), STORE));
    const scripts = (id: string): string => (jobs[id]!["steps"] as Obj[]).map((s) => String(s["run"] ?? "")).join("\n");
    expect(scripts("train")).toContain('aws s3 sync --no-progress "$GITHUB_WORKSPACE/_mlp/point" "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/points"');
    expect(scripts("train")).toContain('aws s3 sync --no-progress "$GITHUB_WORKSPACE/_mlp/done" "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/done"');
    expect(scripts("evaluate")).toContain('aws s3 sync --no-progress "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/done/$MLP_POINT" "$GITHUB_WORKSPACE/_mlp/point-in/$MLP_POINT"');
    expect(scripts("good")).toContain('aws s3 cp --no-progress "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/points/$MLP_POINT/evaluate.metrics.json" "$GITHUB_WORKSPACE/_mlp/point-in/$MLP_POINT/evaluate.metrics.json"');
    expect(scripts("tune")).toContain('aws s3 sync --no-progress "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/points" "$GITHUB_WORKSPACE/_mlp/fan-in/tune"');
    expect(scripts("tune")).toContain('mlp fan-in --points "$GITHUB_WORKSPACE/_mlp/fan-in/tune" --out "$GITHUB_WORKSPACE/_mlp/sweeps/tune"');
    expect(scripts("tune")).toContain('aws s3 sync --no-progress "$GITHUB_WORKSPACE/_mlp/sweeps/tune/best/train" "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/best/train"');
    expect(scripts("report")).toContain('aws s3 sync --no-progress "$MLP_STORE/$MLP_PIPELINE/$GITHUB_RUN_ID/tune/collect/evaluate/report" "$GITHUB_WORKSPACE/_mlp/sweeps/tune/collect/evaluate/report"');
    expect(jobs["tune"]!["container"]).toEqual({ image: "ghcr.io/mlp-lang/mlp:0.1.0", options: "--user root" });
  });
});

describe("sweeps written in .mlp, through the front end", () => {
  it("test/fixtures/sweep/tune.mlp compiles to the workflow of its IR fixture", () => {
    const compiled = compileToIr("test/fixtures/sweep/tune.mlp", nodeHost);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = emitWithTarget(compiled.ir!, target, { knownTargets: ["github"], mlpVersion: "0.1.0" });
    expect(snapshotText(out)).toBe(readFileSync(resolve(REPO_ROOT, "test/golden/github-actions/sweep-tune.snap"), "utf8"));
  });

  it("`mlp compile` refuses a 258-point grid with MLP5132 and writes no file", () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "mlp-gh-258-"));
    try {
      const values = Array.from({ length: 129 }, (_, i) => i + 1).join(", ");
      writeFileSync(
        join(dir, "grid.mlp"),
        `pipeline grid {\n  sweep tune {\n    over a: [${values}]\n    over b: [1, 2]\n    step train {\n      inputs { a: a, b: b }\n      run "echo \${a} \${b}"\n    }\n  }\n}\n`,
      );
      const r = mlp(["compile", "grid.mlp", "--target", "github", "--out", "out", "--root", "."], { cwd: dir });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain("MLP5132");
      expect(r.stderr).toContain("would run 259 jobs");
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
