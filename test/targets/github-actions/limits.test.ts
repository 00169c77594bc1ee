/**
 * GitHub's limits on one workflow (targets/github-actions/limits.ts): a 250-step chain with
 * `retry`, `timeout`, metrics and an image fits one workflow under 500 KB and passes actionlint
 * and the schema; over 256 jobs (MLP5131) or 500,000 bytes (MLP5130) the pipeline is refused
 * and no file is returned.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import { memoryHost } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import type { EmitResult } from "../../../src/target/target.js";
import { target } from "../../../targets/github-actions/index.js";
import { MAX_JOBS, MAX_WORKFLOW_BYTES, sizeText } from "../../../targets/github-actions/limits.js";
import { actionlint, schemaErrors } from "./validate.js";

/** A chain of `n` steps, each reading the previous one's output, retried, timed and reporting metrics. */
function chain(n: number, metrics = "rows: int, loss: float"): string {
  const lines = ["pipeline chain {", '  dataset raw: Table = "data/raw.csv"'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  step s${i} {`,
      `    inputs { data: ${i === 0 ? "raw" : `s${i - 1}.out`} }`,
      "    outputs { out: Table }",
      `    metrics { ${metrics} }`,
      '    image "python:3.12-slim"',
      "    retry 2",
      "    timeout 30m",
      `    run "python steps/step.py --in \${data} --out \${out} --metrics \${metrics} --index ${i}"`,
      "  }",
    );
  }
  return [...lines, "}", ""].join("\n");
}

function compile(source: string): EmitResult {
  const compiled = compileToIr("chain.mlp", memoryHost({ "chain.mlp": source }));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return emitWithTarget(compiled.ir!, target, { knownTargets: ["github"], mlpVersion: "0.1.0" });
}

const codes = (r: EmitResult): string[] => r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);

describe("GitHub's workflow limits", () => {
  it("fits a 250-step chain with retry, timeout and metrics in one valid workflow under 500 KB", async () => {
    const out = compile(chain(250));
    expect(codes(out)).toEqual([]);
    expect(out.files).toHaveLength(1);
    const text = out.files[0]!.contents;
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeLessThan(MAX_WORKFLOW_BYTES);
    // Each step job stays near 1.9 KB (3.7 KB when every attempt repeated the script).
    expect(bytes / 250).toBeLessThan(2_000);
    expect(schemaErrors(text)).toEqual([]);
    expect(await actionlint(text, "chain.yml")).toEqual([]);
  }, 120_000);

  it("refuses a 300-step chain: 300 jobs are over 256 (MLP5131), and writes nothing", () => {
    const out = compile(chain(300));
    expect(out.files).toEqual([]);
    const jobs = out.diagnostics.find((d) => d.code === "MLP5131")!;
    expect(jobs.severity).toBe("error");
    expect(jobs.message).toBe("workflow `chain.yml` would have 300 jobs, over GitHub's 256 jobs per workflow run");
    expect(jobs.span.start.line).toBe(1);
  });

  it("counts every job: 256 are accepted, a gate making 257 is refused", () => {
    const steps = (n: number): string =>
      ["  step s0 {\n    metrics { ok: bool }\n    run \"echo 0 > ${metrics}\"\n  }", ...Array.from({ length: n - 1 }, (_, i) => `  step s${i + 1} { run "echo ${i + 1}" }`)].join("\n");
    expect(codes(compile(`pipeline p {\n${steps(MAX_JOBS)}\n}\n`))).toEqual([]);
    const gated = `pipeline p {\n${steps(MAX_JOBS)}\n  gate g {\n    s0.ok\n  }\n}\n`;
    expect(codes(compile(gated))).toEqual(["MLP5131"]);
  });

  it("refuses a workflow over 500,000 bytes with fewer than 256 jobs (MLP5130), naming the size", () => {
    const many = Array.from({ length: 14 }, (_, i) => `m${i}: float`).join(", ");
    const out = compile(chain(240, many));
    expect(out.files).toEqual([]);
    expect(codes(out)).toEqual(["MLP5130"]);
    const d = out.diagnostics.find((x) => x.code === "MLP5130")!;
    expect(d.message).toMatch(/^workflow `chain\.yml` would be \d+ KB, over GitHub's 500 KB limit for a workflow file$/);
    expect(d.notes?.[0]).toMatch(/^[\d,]+ bytes for 240 jobs; /);
  });

  it("prints sizes in decimal units, as GitHub's 500 KB", () => {
    expect(sizeText(499_001)).toBe("500 KB");
    expect(sizeText(500_001)).toBe("501 KB");
    expect(sizeText(1_109_167)).toBe("1.11 MB");
  });
});
