/**
 * Checking and lowering scale linearly: a generated 10,000-step pipeline (components, gates,
 * `after`, data edges, an import, a std step) checks and lowers within a CPU-time budget, and
 * 10x the steps costs about 10x the time. Budgets are loose because CI machines are shared;
 * `docs/ir.md` ("Performance") records figures measured on an idle machine.
 */
import { describe, expect, it } from "vitest";
import { checkProgram, loadProgram } from "../../src/compile.js";
import { lowerProgram } from "../../src/ir/lower.js";
import { memoryHost } from "../../src/source/host.js";

const COMPONENTS = `schema Row {\n  id: string\n  x: float\n  y: int\n}\n
component work {
  inputs { data: Table<Row>, k: int = 1 }
  outputs { out: Table<Row> }
  metrics { score: float }
  image "python:3.12-slim"
  code "steps/work.py"
  run "python steps/work.py --in \${data} --k \${k} --out \${out} --metrics \${metrics}"
}\n`;

/** A pipeline of `n` steps: mostly component calls in a chain, every tenth step a gated body step with two inputs. */
export function generatePipeline(n: number): string {
  const lines = [`import "./components.mlp"`, ``, `pipeline big {`, `  param k: int = 3`, `  dataset raw: Table<Row> = "data/raw.csv"`, `  step s0 = std.profile(data: raw)`];
  for (let i = 1; i < n; i++) {
    if (i % 10 === 0) {
      lines.push(`  gate g${i} {\n    s${i - 1}.score > 0.5\n  }`);
      lines.push(
        `  step s${i} {\n    after g${i}\n    inputs { data: s${i - 1}.out, other: s${Math.max(1, i - 7)}.out }\n    outputs { out: Table<Row> }\n    metrics { score: float }\n    run "python x.py \${data} \${other} \${out} \${metrics}"\n  }`,
      );
    } else if (i === 1) lines.push(`  step s1 = work(data: raw, k: k)`);
    else lines.push(`  step s${i} = work(data: s${i - 1}.out, k: k + ${i % 5})`);
  }
  lines.push(`}`);
  return lines.join("\n") + "\n";
}

function cpuMs(f: () => void): number {
  const a = process.cpuUsage();
  f();
  const b = process.cpuUsage();
  return (b.user + b.system - a.user - a.system) / 1000;
}

/** Median CPU time of checking and lowering `n` steps (parsing excluded). */
function measure(n: number, runs: number): { ms: number; steps: number } {
  const loaded = loadProgram("main.mlp", memoryHost({ "main.mlp": generatePipeline(n), "components.mlp": COMPONENTS }));
  expect(loaded.diagnostics).toEqual([]);
  const times: number[] = [];
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    times.push(
      cpuMs(() => {
        const checked = checkProgram(loaded.program);
        expect(checked.diagnostics).toEqual([]);
        steps = lowerProgram(checked.checked!).pipelines[0]!.steps.length;
      }),
    );
  }
  times.sort((a, b) => a - b);
  return { ms: times[runs >> 1]!, steps };
}

describe("performance", () => {
  it("checks and lowers 10,000 steps within budget, linearly", () => {
    const small = measure(1000, 5);
    const big = measure(10000, 3);
    console.log(`check+lower CPU time (median): 1,000 steps ${small.ms.toFixed(0)} ms, 10,000 steps ${big.ms.toFixed(0)} ms`);
    expect(big.steps).toBe(10000);
    // ~0.3 s on an idle 2-core machine; the bound leaves room for a loaded CI runner
    expect(big.ms).toBeLessThan(2500);
    // linear: 10x the steps, well under 25x the time (quadratic would be ~100x)
    expect(big.ms / Math.max(small.ms, 1)).toBeLessThan(25);
    // parsing the generated 3 MB source takes most of this test's time
  }, 240_000);
});
