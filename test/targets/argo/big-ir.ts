/**
 * A synthetic pipeline of `n` chained steps (each reading the previous one's output and a
 * param, with metrics), a gate after every 100th step: the benchmark input for `emit`.
 */
import type { IrDocument, IrStep } from "../../../src/ir/ir.js";

const span = { file: "big.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };

/** A chain of `n` steps, each reading the previous one's output and a param, every 100th followed by a gate. */
export function bigIr(n: number): IrDocument {
  const steps: IrStep[] = [];
  const gates: any[] = [];
  const order: any[] = [];
  let prevNode: string | undefined;
  for (let i = 0; i < n; i++) {
    const name = `s${i}`;
    const needs = prevNode !== undefined ? [prevNode] : [];
    const prevStep = i > 0 ? `s${i - 1}` : undefined;
    steps.push({
      name,
      origin: span,
      workingDir: ".",
      image: "python:3.12-slim",
      run: {
        template: "python step.py --in ${data} --lr ${lr} --out ${out} --metrics ${metrics}",
        parts: [
          { kind: "text", text: "python step.py --in " },
          { kind: "input", name: "data" },
          { kind: "text", text: " --lr " },
          { kind: "input", name: "lr" },
          { kind: "text", text: " --out " },
          { kind: "output", name: "out" },
          { kind: "text", text: " --metrics " },
          { kind: "builtin", name: "metrics" },
        ],
      },
      inputs: [
        prevStep !== undefined
          ? { name: "data", type: { kind: "File" }, binding: { kind: "output", step: prevStep, output: "out" } }
          : { name: "data", type: { kind: "File" }, binding: { kind: "dataset", dataset: "raw" } },
        { name: "lr", type: { kind: "float" }, binding: { kind: "param", param: "lr" } },
      ],
      outputs: [{ name: "out", type: { kind: "File" } }],
      metrics: [{ name: "score", type: { kind: "float" } }],
      code: ["step.py"],
      env: { MODE: "fast" },
      secrets: [],
      resources: { cpu: 1, memory: "1Gi" },
      retry: 1,
      timeoutSeconds: 600,
      cache: true,
      needs: prevStep !== undefined ? [...new Set([...needs, prevStep])].sort() : needs,
      after: prevNode !== undefined && prevNode !== prevStep ? [prevNode] : [],
    } as IrStep);
    order.push({ kind: "step", name });
    prevNode = name;
    if (i % 100 === 99) {
      const g = `g${i}`;
      gates.push({
        name: g,
        origin: span,
        needs: [name],
        conditions: [
          {
            text: `${name}.score >= 0.5`,
            origin: span,
            expr: { kind: "binary", type: { kind: "bool" }, op: ">=", left: { kind: "metric", type: { kind: "float" }, step: name, metric: "score" }, right: { kind: "literal", type: { kind: "float" }, value: 0.5 } },
          },
        ],
      });
      order.push({ kind: "gate", name: g });
      prevNode = g;
    }
  }
  return {
    ir: "mlp/v1",
    source: "big.mlp",
    root: ".",
    schemas: {},
    pipelines: [
      {
        name: "big",
        origin: span,
        triggers: [],
        params: [{ name: "lr", type: { kind: "float" }, default: 0.1, origin: span }],
        secrets: [],
        datasets: [{ name: "raw", type: { kind: "File" }, uri: "data/raw.csv", origin: span }],
        steps,
        gates,
        deploys: [],
        order,
        targets: { argo: { options: { namespace: "ml" }, origin: span } },
      },
    ],
  } as IrDocument;
}

