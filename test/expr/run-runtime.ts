/** The local runtime: `evalExpr`, read as `mlp run` reads it (a computed input gets `String(v)`). */
import { evalExpr } from "../../src/runtime/eval-expr.js";
import type { ExprCase } from "./cases.js";
import { deployedValues, metricValues, paramValues, type CompiledCase } from "./case-pipeline.js";
import type { Outcome } from "./outcome.js";

export function runRuntime(c: ExprCase, compiled: CompiledCase): Outcome {
  const params = paramValues(c.env);
  const metrics = metricValues(c.env);
  const deployed = deployedValues(c.env);
  try {
    const value = evalExpr(compiled.expr, {
      param: (name) => params[name],
      metric: (step, metric) => (step === "m" ? metrics[metric as keyof typeof metrics] : undefined),
      deployed: (env, metric) => (env === "prod" && deployed !== null ? deployed[metric as keyof typeof deployed] : undefined),
    });
    if (value === undefined) return { fails: "absent value" };
    return { value, ...(compiled.input ? { text: typeof value === "object" ? JSON.stringify(value) : String(value) } : {}), ...(compiled.gated ? { holds: value === true } : {}) };
  } catch (e) {
    return { fails: (e as Error).message };
  }
}
