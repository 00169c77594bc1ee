/** A synthetic pipeline of N steps (each reads one or two earlier outputs), for timing `emit`. */
import type { IrDocument, IrStep, Origin } from "../../../src/ir/ir.js";

const o = (i: number): Origin => ({ file: "big.mlp", start: { offset: i, line: i + 1, column: 1 }, end: { offset: i + 1, line: i + 1, column: 2 } });

export function largeIr(n: number): IrDocument {
  const steps: IrStep[] = [];
  for (let i = 0; i < n; i++) {
    const parents = i === 0 ? [] : i % 7 === 0 && i > 10 ? [i - 1, i - 10] : [i - 1];
    const name = `s${i}`;
    steps.push({
      name,
      origin: o(i),
      workingDir: ".",
      image: "python:3.12-slim",
      run: {
        template: "python step.py --in ${data} --out ${out} --metrics ${metrics}",
        parts: [
          { kind: "text", text: "python step.py --in " },
          { kind: "input", name: "data" },
          { kind: "text", text: " --out " },
          { kind: "output", name: "out" },
          { kind: "text", text: " --metrics " },
          { kind: "builtin", name: "metrics" },
        ],
      },
      inputs: parents.length === 0
        ? [{ name: "data", type: { kind: "File" }, binding: { kind: "dataset", dataset: "raw" } }]
        : parents.map((p, k) => ({ name: k === 0 ? "data" : `extra${k}`, type: { kind: "File" as const }, binding: { kind: "output" as const, step: `s${p}`, output: "out" } })),
      outputs: [{ name: "out", type: { kind: "File" } }],
      metrics: i % 5 === 0 ? [{ name: "score", type: { kind: "float" } }] : [],
      code: ["step.py"],
      env: {},
      secrets: [],
      resources: {},
      retry: i % 50 === 0 ? 1 : 0,
      ...(i % 3 === 0 ? { timeoutSeconds: 600 } : {}),
      cache: true,
      needs: parents.map((p) => `s${p}`).sort(),
      after: [],
    });
  }
  return {
    ir: "mlp/v1",
    source: "big.mlp",
    root: ".",
    schemas: {},
    pipelines: [
      {
        name: "big",
        origin: o(0),
        triggers: [],
        params: [{ name: "lr", type: { kind: "float" }, default: 0.1, origin: o(0) }],
        secrets: [],
        datasets: [{ name: "raw", type: { kind: "File" }, uri: "data/raw.csv", origin: o(0) }],
        steps,
        gates: [],
        deploys: [],
        order: steps.map((s) => ({ kind: "step" as const, name: s.name })),
        targets: {},
      },
    ],
  };
}
