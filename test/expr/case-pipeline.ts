/**
 * The pipeline each expression case is compiled in: the case's param values are the params'
 * defaults (what every target uses for a run nobody started by hand), step `m` reports the
 * metrics, deploy `prod` gives `deployed(prod)`, step `use` binds the expression as its computed
 * input `v`, and, for a `bool` expression, gate `check` has it as its one condition.
 */
import { compileToIr } from "../../src/compile.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import type { IrDocument, IrExpr, IrPipeline, IrType, IrValue } from "../../src/ir/ir.js";
import type { ValidIr } from "../../src/ir/validate.js";
import { memoryHost } from "../../src/source/host.js";
import { DEFAULT_METRICS, DEFAULT_PARAMS, type CaseEnv, type ExprCase, type MetricValues, type ParamName } from "./cases.js";

const PARAM_TYPES: Readonly<Record<ParamName, string>> = {
  i: "int",
  j: "int",
  x: "float",
  y: "float",
  s: "string",
  t: "string",
  b: "bool",
  d: "duration",
  e: "duration",
  oi: "int?",
  os: "string?",
  ob: "bool?",
  ox: "float?",
};

export interface CompiledCase {
  readonly ir: ValidIr;
  readonly pipeline: IrPipeline;
  /** The expression as lowered: the gate's condition, else the computed input `v`. */
  readonly expr: IrExpr;
  readonly type: IrType;
  /** Whether step `use` binds `v` to the expression (a bare literal or param is bound as such). */
  readonly input: boolean;
  /** Whether gate `check` has the expression as its condition (bool expressions). */
  readonly gated: boolean;
}

/** The param values of `env`: the defaults, overridden; absent optionals are left out. */
export function paramValues(env: CaseEnv | undefined): Record<string, IrValue> {
  return { ...DEFAULT_PARAMS, ...(env?.params ?? {}) } as Record<string, IrValue>;
}

export function metricValues(env: CaseEnv | undefined): MetricValues {
  return env?.metrics ?? DEFAULT_METRICS;
}

export function deployedValues(env: CaseEnv | undefined): MetricValues | null {
  return env?.deployed ?? null;
}

/** A value as `.mlp` source of type `type` (a param default). */
function literal(value: IrValue, type: string): string {
  if (type.startsWith("float")) {
    const text = String(value);
    return /^-?\d+$/.test(text) ? `${text}.0` : text;
  }
  if (type === "duration") return `${String(value)}s`;
  // `$` is written `$$`: a string literal reads `${` as a placeholder
  if (type === "string") return JSON.stringify(value).replace(/\$/g, "$$$$");
  return String(value);
}

export function caseSource(c: ExprCase, gated: boolean): string {
  const params = paramValues(c.env);
  const lines = ["pipeline cases {", '  target airflow { operator: "bash" }'];
  for (const [name, type] of Object.entries(PARAM_TYPES)) {
    const value = params[name];
    lines.push(value === undefined ? `  param ${name}: ${type}` : `  param ${name}: ${type} = ${literal(value, type.replace("?", ""))}`);
  }
  lines.push(
    "  step m {",
    '    run "report ${metrics}"',
    "    metrics { auc: float, loss: float, n: int, k: int, ok: bool, bad: bool }",
    "  }",
    "  step train {",
    "    outputs { model: Model }",
    '    run "train ${model}"',
    "  }",
    "  deploy prod {",
    "    model train.model",
    "  }",
    "  step use {",
    `    inputs { v: ${c.source} }`,
    '    run "use ${v}"',
    "  }",
  );
  if (gated) lines.push("  gate check {", `    ${c.source}`, "  }");
  lines.push("}", "");
  return lines.join("\n");
}

function compile(c: ExprCase, gated: boolean): ValidIr {
  const result = compileToIr("cases.mlp", memoryHost({ "cases.mlp": caseSource(c, gated) }));
  if (result.ir === undefined || hasErrors(result.diagnostics)) {
    throw new Error(`case ${JSON.stringify(c.name)} does not compile:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  return result.ir;
}

/** Compiles `c`: first without the gate to learn its type, then with it for a `bool`. */
export function compileCase(c: ExprCase): CompiledCase {
  let ir = compile(c, false);
  const inputOf = (doc: IrDocument) => doc.pipelines[0]!.steps.find((s) => s.name === "use")!.inputs.find((i) => i.name === "v")!;
  const gated = inputOf(ir).type.kind === "bool";
  if (gated) ir = compile(c, true);
  const v = inputOf(ir);
  const input = v.binding.kind === "expr";
  const gate = ir.pipelines[0]!.gates.find((g) => g.name === "check");
  const expr = gate !== undefined ? gate.conditions[0]!.expr : v.binding.kind === "expr" ? v.binding.expr : undefined;
  if (expr === undefined) throw new Error(`case ${JSON.stringify(c.name)}: \`${c.source}\` is bound as a ${v.binding.kind}, not evaluated as an expression`);
  return { ir, pipeline: ir.pipelines[0]!, expr, type: v.type, input, gated };
}
