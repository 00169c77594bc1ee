/**
 * Each MLP51xx code on a minimal change to the churn IR: the code, the severity, the span it
 * points at (the IR origin of the offending element), and whether a workflow is still written.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { IrDeploy, IrDocument, IrPipeline, IrStep, Origin } from "../../../src/ir/ir.js";
import { GITHUB_CODES } from "../../../targets/github-actions/codes.js";
import { validateIrDocument } from "../../../src/ir/validate-document.js";
import { emitIr, loadIr } from "./helpers.js";
import { IR_STEP_DEFAULTS } from "../../helpers/valid-ir.js";

const base = loadIr("churn.ir.json");
const churn = base.pipelines[0]!;

function at(line: number): Origin {
  return { file: "churn.mlp", start: { offset: line * 10, line, column: 3 }, end: { offset: line * 10 + 5, line, column: 8 } };
}

function withPipeline(change: (p: IrPipeline) => IrPipeline): IrDocument {
  return { ...base, pipelines: [change(churn)] };
}

function step(name: string, over: Partial<IrStep> = {}): IrStep {
  return {
    ...IR_STEP_DEFAULTS,
    name,
    origin: at(90),
    run: { template: "echo hi", parts: [{ kind: "text", text: "echo hi" }] },
    ...over,
  };
}

function only(ds: readonly Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

/** A one-step pipeline with options. */
function tiny(over: Partial<IrPipeline> = {}, options: Record<string, unknown> = {}): IrDocument {
  const p: IrPipeline = {
    name: "p",
    origin: at(1),
    triggers: [],
    params: [],
    secrets: [],
    datasets: [],
    steps: [step("s")],
    gates: [],
    deploys: [],
    order: [{ kind: "step", name: "s" }],
    targets: { github: { options: options as never, origin: at(50) } },
    ...over,
  };
  return { ...base, pipelines: [p] };
}

describe("MLP51xx diagnostics", () => {
  it("the churn fixture has only the expected warnings", () => {
    expect(emitIr(base).diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning MLP5111", "warning MLP5110", "warning MLP5110"]);
  });

  it("MLP5101: job ids that differ only in case", () => {
    const doc = tiny({ steps: [step("Train", { origin: at(3) }), step("train", { origin: at(7) })], order: [{ kind: "step", name: "Train" }, { kind: "step", name: "train" }] });
    const r = emitIr(doc);
    const [d] = only(r.diagnostics, "MLP5101");
    expect(d?.severity).toBe("error");
    expect(d?.span.start.line).toBe(7);
    expect(d?.labels[0]?.span.start.line).toBe(3);
    expect(r.files).toEqual([]);
  });

  // Names that are not identifiers (once MLP5101 and MLP5114 here) are refused at the IR boundary,
  // before any target sees them: an identifier is always a GitHub job id, output and input name.
  it("a step name that is not an identifier is the boundary's MLP9110, not a target code", () => {
    const r = validateIrDocument(tiny({ steps: [step("bad.name")], order: [{ kind: "step", name: "bad.name" }] }), "hand.ir.json");
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(
      "MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/steps/0/name: `bad.name` is not a plain identifier (letters, digits and `_`, not starting with a digit)",
    );
  });

  it("an environment variable name that is not an identifier is the boundary's MLP9111", () => {
    const r = validateIrDocument(tiny({ steps: [step("s", { env: { "A-B": "x" } })] }), "hand.ir.json");
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["MLP9111 environment variable name `A-B` of step `s` is not a plain identifier"]);
  });

  it("MLP5102: cron GitHub does not accept, at the schedule", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, schedule: { cron: "0 3 * * MON#1", origin: at(3) } })));
    const [d] = only(r.diagnostics, "MLP5102");
    expect(d?.span).toEqual(at(3));
    expect(d?.message).toBe("GitHub Actions does not accept the schedule `0 3 * * MON#1`");
    expect(r.files).toEqual([]);
  });

  it("MLP5103: a schedule more frequent than every five minutes", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, schedule: { cron: "*/2 * * * *", origin: at(3) } })));
    expect(only(r.diagnostics, "MLP5103").map((d) => d.message)).toEqual(["schedule `*/2 * * * *` runs every 2 minutes"]);
    expect(r.files).toEqual([]);
  });

  it("MLP5104: change trigger on a dataset outside the repository, still emitted", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, datasets: p.datasets.map((d) => (d.name === "raw" ? { ...d, uri: "s3://bucket/churn.csv" } : d)) })));
    const [d] = only(r.diagnostics, "MLP5104");
    expect(d?.severity).toBe("warning");
    expect(d?.span).toEqual(churn.triggers[0]!.origin);
    expect(r.files.length).toBe(1);
    expect(r.files[0]!.contents).not.toContain("push:");
  });

  it("MLP5105: two pipelines writing the same file", () => {
    const doc = { ...base, pipelines: [churn, { ...churn, name: "churn2" }] };
    const r = emitIr(doc, { workflow_file: "ml.yml" });
    expect(only(r.diagnostics, "MLP5105").map((d) => d.message)).toEqual(["pipelines `churn` and `churn2` would both write `ml.yml`"]);
    expect(r.files.map((f) => f.path)).toEqual(["ml.yml"]);
  });

  it("MLP5106: a required param in a scheduled pipeline, but not an optional one", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, params: [...p.params, { name: "seed", type: { kind: "int" }, origin: at(12) }, { name: "limit", type: { kind: "int", optional: true }, origin: at(13) }] })));
    expect(only(r.diagnostics, "MLP5106").map((d) => [d.span.start.line, d.message])).toEqual([
      [12, "param `seed` has no default, so scheduled and push-triggered runs have no value for it"],
    ]);
  });

  it("MLP5106 does not fire for a pipeline started only by hand", () => {
    const r = emitIr(tiny({ params: [{ name: "seed", type: { kind: "int" }, origin: at(12) }] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.files[0]!.contents).toContain("required: true");
  });

  it("MLP5107: more params than dispatch inputs is a warning; the params become one JSON input", () => {
    const params = Array.from({ length: 26 }, (_, i) => ({ name: `p${i}`, type: { kind: "int" as const }, default: i, origin: at(20 + i) }));
    const r = emitIr(tiny({ params }));
    const [d] = only(r.diagnostics, "MLP5107");
    expect(d?.severity).toBe("warning");
    expect(d?.span.start.line).toBe(45);
    expect(r.files).toHaveLength(1);
  });

  it("MLP5108: an option the GitHub target does not support, in the shared wording", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, deploys: p.deploys.map((d): IrDeploy => (d.name === "staging" ? { ...d, to: { kind: "command", options: { command: "./ship.sh", image: "alpine:3.20" } } } : d)) })));
    const [d] = only(r.diagnostics, "MLP5108");
    expect(d?.message).toBe("option `image` of `to command` in deploy `staging` is not supported by the GitHub Actions target");
    expect(d?.notes).toEqual(["of `to command`, the GitHub Actions target reads `command`"]);
    expect(d?.span).toEqual(churn.deploys[0]!.origin);
    expect(r.files).toEqual([]);
  });

  it("MLP5109: kserve options Kubernetes would refuse", () => {
    const r = emitIr(
      withPipeline((p) => ({
        ...p,
        deploys: p.deploys.map((d): IrDeploy => (d.name === "staging" ? { ...d, to: { kind: "kserve", options: { namespace: "ML_Staging", name: "9churn" } } } : d)),
      })),
    );
    expect(only(r.diagnostics, "MLP5109").map((d) => d.message)).toEqual([
      "InferenceService name `9churn` is not a DNS-1035 label",
      "namespace `ML_Staging` is not a DNS-1123 label",
    ]);
  });

  it("MLP5109: kserve without a namespace", () => {
    const r = emitIr(
      withPipeline((p) => ({
        ...p,
        deploys: p.deploys.map((d): IrDeploy => (d.name === "staging" ? { ...d, to: { kind: "kserve", options: { name: "churn" } } } : d)),
      })),
    );
    expect(only(r.diagnostics, "MLP5109").map((d) => d.message)).toEqual(["`to kserve` of deploy `staging` needs `namespace`"]);
  });

  it("MLP5110: kserve without artifact_store warns; with it, no warning and no model download", () => {
    expect(only(emitIr(base).diagnostics, "MLP5110").length).toBe(2);
    const r = emitIr(base, { artifact_store: "gs://bucket/mlp", gpu_runs_on: "ubuntu-latest-16-cores" });
    expect(r.diagnostics).toEqual([]);
    expect(r.files[0]!.contents).toContain("gcloud storage rsync --recursive");
  });

  it("MLP5111: GPU without a GPU runner, at the step", () => {
    const [d] = only(emitIr(base).diagnostics, "MLP5111");
    expect(d?.span).toEqual(churn.steps.find((s) => s.name === "train")!.origin);
  });

  it("MLP5112: more CPU or memory than ubuntu-latest, only on the default runner", () => {
    const big = tiny({ steps: [step("s", { resources: { cpu: 8, memory: "32Gi" } })] });
    expect(only(emitIr(big).diagnostics, "MLP5112").map((d) => d.notes[0])).toEqual([
      "`ubuntu-latest` has 4 CPUs and 16 GiB of memory; the step asks for 8 CPUs and 32Gi of memory",
    ]);
    expect(emitIr(big, { runs_on: "ubuntu-latest-16-cores" }).diagnostics).toEqual([]);
  });

  it("MLP5113: a secret named GITHUB_*", () => {
    const r = emitIr(tiny({ secrets: [{ name: "GITHUB_PAT", origin: at(4) }], steps: [step("s", { secrets: ["GITHUB_PAT"] })] }));
    expect(only(r.diagnostics, "MLP5113").map((d) => d.span.start.line)).toEqual([4]);
    expect(r.files).toEqual([]);
  });

  it("MLP5114: env names GitHub or mlp reserve, or that shadow a secret", () => {
    const r = emitIr(tiny({ secrets: [{ name: "TOKEN", origin: at(4) }], steps: [step("s", { env: { GITHUB_TOKEN: "x", MLP_IN_x: "y", TOKEN: "z", OK: "fine" }, secrets: ["TOKEN"] })] }));
    expect(only(r.diagnostics, "MLP5114").map((d) => d.message)).toEqual([
      "environment variable `GITHUB_TOKEN` of step `s` cannot be set on GitHub Actions",
      "environment variable `MLP_IN_x` of step `s` cannot be set on GitHub Actions",
      "environment variable `TOKEN` of step `s` has the name of one of its secrets",
    ]);
  });

  it("MLP5115: a source directory outside the repository", () => {
    const r = emitIr({ ...tiny(), root: "../elsewhere" });
    const [d] = only(r.diagnostics, "MLP5115");
    expect(d?.span).toEqual(at(50));
    expect(r.files).toEqual([]);
    expect(emitIr({ ...tiny(), root: "../elsewhere" }, { source_dir: "ml" }).files.length).toBe(1);
  });

  it("MLP5115: a dataset, a step directory or a push glob above the repository root", () => {
    const file = { kind: "File" } as const;
    const r = emitIr({
      ...tiny({
        datasets: [
          { name: "up", type: file, uri: "../../x.csv", origin: at(5) },
          { name: "inside", type: file, uri: "../x.csv", origin: at(6) },
          { name: "abs", type: file, uri: "/srv/x.csv", origin: at(7) },
        ],
        steps: [step("s", { workingDir: "../../lib" })],
        triggers: [{ kind: "push", paths: ["../**", "!/etc/*"], origin: at(3) }],
      }),
      root: "ml",
    });
    expect(only(r.diagnostics, "MLP5115").map((d) => [d.message, d.span.start.line])).toEqual([
      ["push trigger path `/etc/*`, outside the repository", 3],
      ["dataset `up` is at `../../x.csv`, outside the repository", 5],
      ["step `s` runs in `../../lib`, outside the repository", 90],
    ]);
    expect(r.files).toEqual([]);
    // From `ml`, `../x.csv` and `../**` stay inside; an absolute dataset path is the user's choice.
    const ok = emitIr({ ...tiny({ datasets: [{ name: "inside", type: file, uri: "../x.csv", origin: at(6) }, { name: "abs", type: file, uri: "/srv/x.csv", origin: at(7) }], triggers: [{ kind: "push", paths: ["../**"], origin: at(3) }] }), root: "ml" });
    expect(only(ok.diagnostics, "MLP5115")).toEqual([]);
    expect(ok.files.length).toBe(1);
    expect(ok.files[0]!.contents).toContain('paths:\n      - "**"\n');
  });

  it("MLP5116: a local deploy becomes an artifact", () => {
    const r = emitIr(withPipeline((p) => ({ ...p, deploys: p.deploys.map((d) => (d.name === "staging" ? { ...d, to: { kind: "local", options: {} } } : d)) })), {
      artifact_store: "s3://bucket/p",
      gpu_runs_on: "ubuntu-latest-16-cores",
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP5116"]);
    expect(r.files[0]!.contents).toContain("name: deploy-staging");
  });

  it("MLP5117: a pipeline with nothing to run", () => {
    const r = emitIr(tiny({ steps: [], order: [] }));
    expect(only(r.diagnostics, "MLP5117").map((d) => d.message)).toEqual(["pipeline `p` has nothing to run"]);
    expect(r.files).toEqual([]);
  });

  it("MLP5118: attempts longer than six hours on a hosted runner; the job timeout is capped", () => {
    const long = tiny({ steps: [step("s", { retry: 2, timeoutSeconds: 3 * 3600 })] });
    const r = emitIr(long);
    expect(only(r.diagnostics, "MLP5118").map((d) => d.notes[0])).toEqual([
      "3 attempts of up to 180 minutes; GitHub-hosted runners stop a job after 360 minutes",
    ]);
    expect(r.files[0]!.contents).toContain("    timeout-minutes: 360\n");
    const selfHosted = emitIr(long, { runs_on: ["self-hosted", "linux"] });
    expect(selfHosted.diagnostics).toEqual([]);
    expect(selfHosted.files[0]!.contents).toContain("    timeout-minutes: 555\n");
  });

  it("every code the target reports is catalogued with a title and examples", () => {
    const codes = new Set(GITHUB_CODES.map((c) => c.code));
    for (const c of ["MLP5101", "MLP5102", "MLP5103", "MLP5104", "MLP5105", "MLP5106", "MLP5107", "MLP5108", "MLP5109", "MLP5110", "MLP5111", "MLP5112", "MLP5113", "MLP5114", "MLP5115", "MLP5116", "MLP5117", "MLP5118", "MLP5130", "MLP5131"]) {
      expect(codes.has(c), c).toBe(true);
    }
    for (const c of GITHUB_CODES) {
      expect(c.code).toMatch(/^MLP51[0-9]{2}$/);
      expect(c.target).toBe("github");
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.bad, c.code).toBeDefined();
      expect(c.fixed, c.code).toBeDefined();
    }
  });
});
