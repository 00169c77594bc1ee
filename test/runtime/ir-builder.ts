/**
 * Builds small IR documents for executor tests, with real `sh -c` commands, so the tests do not
 * depend on the front end. `cmd("cat ${in} > ${out}")` splits a template into IR command parts.
 */
import type { IrCommand, IrCommandPart, IrDeploy, IrDocument, IrGate, IrInput, IrMetric, IrOutput, IrParam, IrStep, IrDataset, IrExpr, IrNodeRef } from "../../src/ir/ir.js";
import type { Span } from "../../src/source/span.js";

export const SPAN: Span = { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };

/** Splits a `${…}` template into IR parts given the step's input and output names. */
export function cmd(template: string, inputs: string[], outputs: string[]): IrCommand {
  const parts: IrCommandPart[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: "text", text: template.slice(last, m.index) });
    const name = m[1]!;
    if (outputs.includes(name)) parts.push({ kind: "output", name });
    else if (inputs.includes(name)) parts.push({ kind: "input", name });
    else parts.push({ kind: "builtin", name: name as "metrics" | "run_id" | "workdir" });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ kind: "text", text: template.slice(last) });
  return { template, parts };
}

export interface StepSpec {
  name: string;
  run?: string;
  builtin?: string;
  inputs?: IrInput[];
  outputs?: IrOutput[];
  metrics?: IrMetric[];
  code?: string[];
  after?: string[];
  env?: Record<string, string>;
  secrets?: string[];
  retry?: number;
  timeoutSeconds?: number;
  cache?: boolean;
  image?: string;
}

/** A step from a compact spec; `needs` is derived from output bindings and `after`. */
export function step(s: StepSpec): IrStep {
  const inputs = s.inputs ?? [];
  const outputs = s.outputs ?? [];
  const needs = new Set<string>(s.after ?? []);
  for (const i of inputs) if (i.binding.kind === "output") needs.add(i.binding.step);
  return {
    name: s.name,
    origin: SPAN,
    workingDir: ".",
    ...(s.builtin ? { builtin: s.builtin } : {}),
    ...(s.image ? { image: s.image } : {}),
    ...(s.run !== undefined ? { run: cmd(s.run, inputs.map((i) => i.name), outputs.map((o) => o.name)) } : {}),
    inputs,
    outputs,
    metrics: s.metrics ?? [],
    code: s.code ?? [],
    env: s.env ?? {},
    secrets: s.secrets ?? [],
    resources: {},
    retry: s.retry ?? 0,
    ...(s.timeoutSeconds !== undefined ? { timeoutSeconds: s.timeoutSeconds } : {}),
    cache: s.cache ?? true,
    needs: [...needs].sort(),
    after: [...(s.after ?? [])].sort(),
  };
}

export const fromOutput = (name: string, stepName: string, output: string, kind: "File" | "Table" | "Model" | "Dir" = "File"): IrInput => ({
  name,
  type: { kind } as IrInput["type"],
  binding: { kind: "output", step: stepName, output },
});
export const fromDataset = (name: string, dataset: string): IrInput => ({ name, type: { kind: "File" }, binding: { kind: "dataset", dataset } });
export const fromParam = (name: string, param: string, kind: "int" | "float" | "string" | "bool" = "string"): IrInput => ({
  name,
  type: { kind },
  binding: { kind: "param", param },
});
export const out = (name: string, kind: "File" | "Table" | "Model" | "Dir" = "File", schema?: string): IrOutput => ({
  name,
  type: (schema ? { kind: "Table", schema } : { kind }) as IrOutput["type"],
});
export const metric = (name: string, kind: "int" | "float" | "bool" = "float"): IrMetric => ({ name, type: { kind } });

export const m = (stepName: string, metricName: string): IrExpr => ({ kind: "metric", type: { kind: "float" }, step: stepName, metric: metricName });
export const lit = (value: number): IrExpr => ({ kind: "literal", type: { kind: "float" }, value });
export const bin = (op: "<" | "<=" | ">" | ">=" | "-" | "??" | "+", left: IrExpr, right: IrExpr): IrExpr => ({
  kind: "binary",
  type: { kind: op === "-" || op === "+" || op === "??" ? "float" : "bool" },
  op,
  left,
  right,
});
export const deployed = (env: string, metricName: string): IrExpr => ({ kind: "deployed", type: { kind: "float", optional: true }, env, metric: metricName });

export function gate(name: string, conditions: { text: string; expr: IrExpr }[], needs: string[]): IrGate {
  return { name, origin: SPAN, conditions: conditions.map((c) => ({ ...c, origin: SPAN })), needs: [...needs].sort() };
}

export function deployNode(name: string, model: { step: string; output: string }, to: IrDeploy["to"], after: string[], approval = false): IrDeploy {
  return { name, origin: SPAN, model, approval, to, needs: [...new Set([...after, model.step])].sort(), after: [...after].sort() };
}

export interface PipelineSpec {
  name?: string;
  params?: IrParam[];
  datasets?: { name: string; uri: string }[];
  secrets?: string[];
  steps: IrStep[];
  gates?: IrGate[];
  deploys?: IrDeploy[];
}

/** An IR document with one pipeline; `order` is a topological order of every node. */
export function irDoc(p: PipelineSpec): IrDocument {
  const nodes = new Map<string, { ref: IrNodeRef; needs: readonly string[] }>();
  for (const s of p.steps) nodes.set(s.name, { ref: { kind: "step", name: s.name }, needs: s.needs });
  for (const g of p.gates ?? []) nodes.set(g.name, { ref: { kind: "gate", name: g.name }, needs: g.needs });
  for (const d of p.deploys ?? []) nodes.set(d.name, { ref: { kind: "deploy", name: d.name }, needs: d.needs });
  const order: IrNodeRef[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const x of nodes.get(n)!.needs) visit(x);
    order.push(nodes.get(n)!.ref);
  };
  for (const n of nodes.keys()) visit(n);
  const datasets: IrDataset[] = (p.datasets ?? []).map((d) => ({ name: d.name, type: { kind: "File" }, uri: d.uri, origin: SPAN }));
  return {
    ir: "mlp/v1",
    source: "p.mlp",
    root: ".",
    schemas: {},
    pipelines: [
      {
        name: p.name ?? "p",
        origin: SPAN,
        triggers: [],
        params: p.params ?? [],
        secrets: (p.secrets ?? []).map((name) => ({ name, origin: SPAN })),
        datasets,
        steps: p.steps,
        gates: p.gates ?? [],
        deploys: p.deploys ?? [],
        order,
        targets: {},
      },
    ],
  };
}
