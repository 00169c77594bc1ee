/**
 * Argo Workflows: the expression tags the Workflow really carries (step `use`'s argument `v`,
 * gate `check`'s `when`), evaluated by `expr-lang.ts` (expr-lang's semantics with Argo's function
 * map; no Go here) over the variables Argo gives them: `workflow.parameters` (the text of each
 * argument, or of its ConfigMap key; an optional param without a default is `""`) and each task's `outputs.parameters['metrics']` (the metrics file of step `m`,
 * the record the lookup task read, `{}` when nothing is deployed). A `when` holds when its tag
 * gives `true`; an input's value is the tag's `%v` text (base64-decoded for a string, as the
 * step's shell decodes it).
 */
import { parseAllDocuments } from "yaml";
import type { IrPipeline } from "../../src/ir/ir.js";
import { target } from "../../targets/argo/index.js";
import type { ExprCase } from "./cases.js";
import { deployedValues, metricValues, type CompiledCase } from "./case-pipeline.js";
import { evalExprLang, ExprError, goText, type GoValue } from "./expr-lang.js";
import type { Outcome } from "./outcome.js";

interface Task {
  readonly name: string;
  readonly template: string;
  readonly when?: string;
  readonly arguments?: { parameters?: { name: string; value: string }[] };
}
interface Workflow {
  readonly spec: {
    readonly arguments?: { parameters?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { key: string } } }[] };
    readonly templates: { name: string; dag?: { tasks: Task[] } }[];
  };
}

/** The Workflow and the data of the ConfigMaps beside it (params whose default holds a tag). */
function workflowOf(compiled: CompiledCase): { wf: Workflow; configData: Record<string, string> } {
  const result = target.emit(compiled.ir, { optionsFor: (p: IrPipeline) => (p.targets["argo"]?.options as Record<string, unknown> | undefined) ?? {}, mlpVersion: "0.1.0" });
  const docs = result.files.flatMap((f) => parseAllDocuments(f.contents).map((d) => d.toJS() as { kind?: string; data?: Record<string, string> }));
  const wf = docs.find((d) => d.kind === "Workflow");
  if (wf === undefined) throw new Error(`no workflow: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  const configData = Object.assign({}, ...docs.filter((d) => d.kind === "ConfigMap").map((d) => d.data ?? {})) as Record<string, string>;
  return { wf: wf as unknown as Workflow, configData };
}

/** The body of the one expression tag that makes up `text`. */
function tagBody(text: string): string {
  const m = /^\{\{=(.*)\}\}$/s.exec(text);
  if (m === null || m[1]!.includes("}}")) throw new Error(`not one expression tag: ${text}`);
  return m[1]!;
}

function variables(c: ExprCase, wf: Workflow, configData: Record<string, string>, tasks: readonly Task[]): Record<string, GoValue> {
  const parameters: Record<string, GoValue> = {};
  for (const p of wf.spec.arguments?.parameters ?? []) {
    const key = p.valueFrom?.configMapKeyRef?.key;
    const value = key !== undefined ? configData[key] : p.value;
    if (value === undefined) throw new Error(`param ${p.name} has no value: Argo refuses to submit the Workflow`);
    parameters[p.name] = value;
  }
  const outputs: Record<string, GoValue> = {};
  const deployed = deployedValues(c.env);
  for (const t of tasks) {
    const metrics = t.template === "m" ? JSON.stringify(metricValues(c.env)) : t.template === "deployed-prod" ? JSON.stringify(deployed ?? {}) : undefined;
    if (metrics !== undefined) outputs[t.name] = { outputs: { parameters: { metrics } } };
  }
  return { workflow: { parameters }, tasks: outputs, sprig: {} };
}

function evaluate(body: string, env: Record<string, GoValue>): { text: string } | { fails: string } {
  try {
    const v = evalExprLang(body, env);
    if (v === null) return { fails: "the expression gives nil" };
    return { text: goText(v) };
  } catch (e) {
    if (e instanceof ExprError) return { fails: e.message };
    throw e;
  }
}

export function runArgo(c: ExprCase, compiled: CompiledCase): Outcome {
  const { wf, configData } = workflowOf(compiled);
  const tasks = wf.spec.templates.flatMap((t) => t.dag?.tasks ?? []);
  const env = variables(c, wf, configData, tasks);
  let text: string | undefined;
  let holds: boolean | undefined;
  if (compiled.input) {
    const use = tasks.find((t) => t.template === "use")!;
    const arg = use.arguments!.parameters!.find((p) => p.name === "v")!;
    const r = evaluate(tagBody(arg.value), env);
    if ("fails" in r) return r;
    text = compiled.type.kind === "string" ? Buffer.from(r.text, "base64").toString("utf8") : r.text;
  }
  if (compiled.gated) {
    const gate = tasks.find((t) => t.name === "check")!;
    const r = evaluate(tagBody(gate.when!), env);
    if ("fails" in r) return r;
    holds = r.text === "true";
  }
  return { ...(text !== undefined ? { text } : {}), ...(holds !== undefined ? { holds } : {}) };
}
