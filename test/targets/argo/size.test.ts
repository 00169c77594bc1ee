/**
 * The 1.5 MiB limit on one Kubernetes object (etcd's default request limit; targets/argo/size.ts):
 * a 3,000-step chain's WorkflowTemplate is refused with MLP5230 naming its size, and nothing is
 * returned; a 1,000-step chain fits and is valid against the Argo schema.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import { memoryHost } from "../../../src/source/host.js";
import type { Span } from "../../../src/source/span.js";
import { checkObjectSize, MAX_OBJECT_BYTES, mibText } from "../../../targets/argo/size.js";
import { Reporter } from "../../../targets/argo/report.js";
import { checkFile, runArgo } from "./helpers.js";

/** A scheduled chain of `n` retried steps with metrics (a WorkflowTemplate and a CronWorkflow). */
function chain(n: number): string {
  const lines = ["pipeline chain {", '  schedule "0 3 * * *"', '  dataset raw: Table = "s3://bucket/raw.csv"'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  step s${i} {`,
      `    inputs { data: ${i === 0 ? "raw" : `s${i - 1}.out`} }`,
      "    outputs { out: Table }",
      "    metrics { rows: int, loss: float }",
      '    image "python:3.12-slim"',
      "    retry 2",
      "    timeout 30m",
      `    run "python steps/step.py --in \${data} --out \${out} --metrics \${metrics} --index ${i}"`,
      "  }",
    );
  }
  return [...lines, '  target argo { artifact_store_uri: "s3://bucket/mlp" }', "}", ""].join("\n");
}

function compile(n: number): ReturnType<typeof runArgo> {
  const compiled = compileToIr("chain.mlp", memoryHost({ "chain.mlp": chain(n) }));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return runArgo(compiled.ir!);
}

const span: Span = { file: "x.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } } as Span;

describe("the Kubernetes object size limit", () => {
  it("refuses a 3,000-step WorkflowTemplate, naming its size, and returns no file for the pipeline", () => {
    const out = compile(3000);
    expect(out.files).toEqual([]);
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["MLP5230"]);
    expect(errors[0]!.message).toMatch(/^WorkflowTemplate `chain` would be 2\.\d\d MiB, over the 1\.5 MiB a Kubernetes object may be$/);
    expect(errors[0]!.notes?.[0]).toMatch(/^[\d,]+ bytes as JSON; etcd/);
  }, 60_000);

  it("keeps a 1,000-step WorkflowTemplate, valid against the Argo schema", () => {
    const out = compile(1000);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const template = out.files.find((f) => f.path.endsWith(".workflow-template.yaml"))!;
    expect(template).toBeDefined();
    for (const f of out.files) checkFile(f);
  }, 60_000);

  it("draws the line at 1,572,864 bytes of JSON", () => {
    const reporter = new Reporter();
    const sized = (n: number): { pad: string } => ({ pad: "x".repeat(n - '{"pad":""}'.length) });
    expect(JSON.stringify(sized(MAX_OBJECT_BYTES)).length).toBe(MAX_OBJECT_BYTES);
    expect(checkObjectSize("Workflow", "w", sized(MAX_OBJECT_BYTES), span, reporter)).toBe(true);
    expect(checkObjectSize("Workflow", "w", sized(MAX_OBJECT_BYTES + 1), span, reporter)).toBe(false);
    expect(reporter.diagnostics.map((d) => d.code)).toEqual(["MLP5230"]);
    expect(mibText(MAX_OBJECT_BYTES + 1)).toBe("1.50 MiB");
    expect(mibText(2_105_556)).toBe("2.01 MiB");
  });
});
