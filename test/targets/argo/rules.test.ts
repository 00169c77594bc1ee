/**
 * Compile-time refusals of what Argo or Kubernetes would refuse at run time: cron dialect, names
 * and their lengths, option values, `deployed(env)` without a record. Tables of inputs, each
 * asserting the code and the span it points at.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrDocument } from "../../../src/ir/ir.js";
import { cronProblem } from "../../../targets/argo/cron.js";
import { isImageReference, isQuantity, parseStoreUri } from "../../../targets/argo/checks.js";
import { exprString } from "../../../targets/argo/safe-text.js";
import { isArgoFieldName, isDns1123Label, isLabelValue, kubeName } from "../../../targets/argo/names.js";
import { validateIrDocument } from "../../../src/ir/validate-document.js";
import { readIr, runArgo } from "./helpers.js";

const CHURN = resolve(import.meta.dirname, "../../fixtures/ir/churn.ir.json");

function churn(edit: (ir: any) => void): IrDocument {
  const ir = readIr(CHURN) as any;
  edit(ir);
  return ir as IrDocument;
}

function codes(ir: IrDocument, options?: Record<string, unknown>): string[] {
  return runArgo(ir, options).diagnostics.filter((d) => d.severity !== "info").map((d) => d.code);
}

describe("cron dialect of CronWorkflow (robfig/cron ParseStandard)", () => {
  it.each([
    "0 3 * * *", "*/15 * * * *", "0 0 1 1 *", "0 9-17 * * MON-FRI", "30 2 * jan,jul sun", "0 0 ? * 0", "5/10 * * * *",
    "@daily", "@hourly", "@every 1h30m", "@every 500µs", "@every 500μs", "CRON_TZ=Europe/Paris 0 3 * * *", "TZ=UTC 0 3 * * *", "0-59/59 0 31 12 6",
  ])("accepts %s", (spec) => {
    expect(cronProblem(spec)).toBeUndefined();
  });

  it.each([
    ["0 3 * * 7", "above maximum"],
    ["0 24 * * *", "above maximum"],
    ["60 * * * *", "above maximum"],
    ["0 0 0 * *", "below minimum"],
    ["0 3 * *", "expected exactly 5 fields"],
    ["0 0 3 * * *", "expected exactly 5 fields"],
    ["0 3 L * *", "failed to parse int"],
    ["0 3 * * 1#2", "failed to parse int"],
    ["*/0 * * * *", "positive"],
    ["5-1 * * * *", "beyond end"],
    ["1-2-3 * * * *", "too many hyphens"],
    ["1/2/3 * * * *", "too many slashes"],
    ["@fortnightly", "unrecognized descriptor"],
    ["@every soon", "invalid duration"],
    ["CRON_TZ=Mars/Olympus 0 3 * * *", "unknown time zone"],
    ["", "empty"],
  ])("refuses %s", (spec, why) => {
    expect(cronProblem(spec)).toContain(why);
  });
});

describe("names", () => {
  it("spells identifiers the Kubernetes way", () => {
    expect(kubeName("data_ok")).toBe("data-ok");
    expect(kubeName("Train")).toBe("train");
  });
  it.each([
    ["churn", true], ["a-b", true], ["-a", false], ["a-", false], ["A", false], ["a".repeat(63), true], ["a".repeat(64), false],
  ])("DNS-1123 label %s: %s", (s, ok) => {
    expect(isDns1123Label(s)).toBe(ok);
  });
  it("applies Argo's task-name and label-value rules", () => {
    expect(isArgoFieldName("Train-1")).toBe(true);
    expect(isArgoFieldName("-train")).toBe(false);
    expect(isArgoFieldName("a".repeat(129))).toBe(false);
    expect(isLabelValue("churn_v2.1")).toBe(true);
    expect(isLabelValue("_x")).toBe(false);
  });
  it("checks image references, quantities and store URIs", () => {
    expect(isImageReference("python:3.12-slim")).toBe(true);
    expect(isImageReference("ghcr.io/org/tool:1.2@sha256:" + "a".repeat(64))).toBe(true);
    expect(isImageReference("localhost:5000/x")).toBe(true);
    expect(isImageReference("Python 3.12")).toBe(false);
    expect(isImageReference("registry/{{x}}:1")).toBe(false);
    expect(isQuantity("4Gi") && isQuantity("500m") && isQuantity("1.5")).toBe(true);
    expect(isQuantity("4GB")).toBe(false);
    expect(parseStoreUri("s3://bucket/a/b/")).toEqual({ scheme: "s3", bucket: "bucket", prefix: "a/b" });
    expect(parseStoreUri("file:///tmp")).toBeUndefined();
  });
  it("writes expr-lang strings without quotes, braces, `?` or `:`", () => {
    const s = exprString("a'b\"c{{x}}?:\\é😀");
    expect(s).toBe("'a\\u0027b\\u0022c\\u007b\\u007bx\\u007d\\u007d\\u003f\\u003a\\u005c\\u00e9\\U0001f600'");
  });
});

describe("refusals on the churn IR", () => {
  it("accepts churn as written", () => {
    expect(codes(readIr(CHURN))).toEqual([]);
  });

  it.each([
    [{ namespace: "ML" }, "MLP5206"],
    [{ service_account: "Runner!" }, "MLP5206"],
    [{ secret_name: "_s" }, "MLP5206"],
    [{ mlp_image: "not an image" }, "MLP5206"],
    [{ source_dir: "relative/dir" }, "MLP5206"],
    [{ artifact_store_uri: "file:///tmp" }, "MLP5206"],
    [{ gpu_resource: "gpu" }, "MLP5206"],
    [{ timezone: "Mars/Olympus" }, "MLP5206"],
    [{ source_repo: "https://x/{{y}}.git" }, "MLP5206"],
  ])("refuses option %j", (options, code) => {
    const out = runArgo(readIr(CHURN), options);
    expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([code]);
    expect(out.diagnostics.find((d) => d.code === code)!.span).toEqual(readIr(CHURN).pipelines[0]!.targets.argo!.origin);
  });

  it("refuses a schedule CronWorkflow would not parse, at the schedule", () => {
    const ir = churn((ir) => (ir.pipelines[0].schedule.cron = "0 3 * * 7"));
    const d = runArgo(ir).diagnostics.find((x) => x.code === "MLP5204")!;
    expect(d.span).toEqual(ir.pipelines[0]!.schedule!.origin);
  });

  it("refuses a scheduled pipeline name longer than 52 characters, and allows 52", () => {
    expect(codes(churn((ir) => (ir.pipelines[0].name = "c".repeat(53))))).toEqual(["MLP5203"]);
    expect(codes(churn((ir) => (ir.pipelines[0].name = "c".repeat(52))))).toEqual([]);
  });

  it("warns when a Workflow's generateName prefix would be cut, and refuses a 64-character name", () => {
    const unscheduled = (name: string) => churn((ir) => {
      delete ir.pipelines[0].schedule;
      ir.pipelines[0].name = name;
    });
    expect(codes(unscheduled("w".repeat(57)))).toEqual([]);
    expect(codes(unscheduled("w".repeat(58)))).toEqual(["MLP5212"]);
    expect(codes(unscheduled("w".repeat(64)))).toEqual(["MLP5203"]);
  });

  it("refuses names that are not Argo task names, and names that collide", () => {
    // Renamed everywhere it is referenced, so the IR stays valid: the name is an identifier, only not an Argo one.
    const renamed = JSON.parse(JSON.stringify(readIr(CHURN)).replaceAll('"prepare"', '"_prepare"')) as IrDocument;
    expect(codes(renamed)).toContain("MLP5201");
    const ir = JSON.parse(JSON.stringify(readIr(CHURN)).replaceAll('"data_ok"', '"Prepare"')) as IrDocument;
    const out = runArgo(ir).diagnostics.filter((d) => d.code === "MLP5202");
    expect(out).toHaveLength(1);
    expect(out[0]!.labels[0]!.span).toEqual(ir.pipelines[0]!.steps[1]!.origin);
  });

  it("refuses `deployed(env)` when the pipeline records nothing for env (IR only)", () => {
    const ir = churn((ir) => {
      ir.pipelines[0].deploys = ir.pipelines[0].deploys.filter((d: any) => d.name !== "production");
      ir.pipelines[0].order = ir.pipelines[0].order.filter((n: any) => n.name !== "production");
    });
    const d = runArgo(ir).diagnostics.find((x) => x.code === "MLP5214")!;
    expect(d.span).toEqual(ir.pipelines[0]!.gates[1]!.conditions[1]!.origin);
  });

  it("refuses memory Kubernetes does not read, and bad images", () => {
    // `K` is in the IR's memory pattern; Kubernetes spells decimal kilo `k`.
    expect(codes(churn((ir) => (ir.pipelines[0].steps[2].resources.memory = "512K")))).toEqual(["MLP5208"]);
    expect(codes(churn((ir) => (ir.pipelines[0].steps[1].image = "Python 3")))).toEqual(["MLP5213"]);
  });

  it("refuses reserved environment names", () => {
    expect(codes(churn((ir) => (ir.pipelines[0].steps[1].env = { MLP_SCRIPT: "x" })))).toEqual(["MLP5211"]);
    expect(codes(churn((ir) => (ir.pipelines[0].steps[1].env = { MLP_OUT: "x" })))).toEqual(["MLP5211"]);
  });
});

// What the target used to refuse itself (MLP5211 for a name that is not an identifier, MLP5208 for
// memory that is no quantity at all) is now refused at the IR boundary, before any target runs.
describe("problems the IR boundary refuses for the target", () => {
  const boundary = (ir: IrDocument): string[] => validateIrDocument(ir, "hand.ir.json").diagnostics.map((d) => `${d.code} ${d.message}`);

  it("an environment variable name that is not an identifier", () => {
    expect(boundary(churn((ir) => (ir.pipelines[0].steps[1].env = { "A-B": "x" })))).toEqual([
      "MLP9111 environment variable name `A-B` of step `prepare` is not a plain identifier",
    ]);
  });

  it("memory that is not a quantity", () => {
    expect(boundary(churn((ir) => (ir.pipelines[0].steps[2].resources.memory = "4GB")))).toEqual([
      'MLP9110 `hand.ir.json` is not valid mlp/v1 IR: /pipelines/0/steps/2/resources/memory: must match pattern "^[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)$"',
    ]);
  });

  it("a `needs` that names no node", () => {
    expect(boundary(churn((ir) => ir.pipelines[0].steps[2].needs.push("nowhere")))).toContain(
      "MLP9112 `train` needs `nowhere`, which is not a step, gate or deploy of pipeline `churn`",
    );
  });

  it("refuses kserve deploys without a valid name", () => {
    expect(codes(churn((ir) => (ir.pipelines[0].deploys[0].to.options.name = "Churn Model")))).toEqual(["MLP5210"]);
    expect(codes(churn((ir) => (ir.pipelines[0].deploys[0].to.options.namespace = "ML")))).toEqual(["MLP5210"]);
  });
});
