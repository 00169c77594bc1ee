/**
 * The Airflow target: one DAG file per pipeline, for Airflow 3.x by default (`airflow.sdk`,
 * standard and cncf.kubernetes providers) or 2.10 (`airflow_version: "2"`). See
 * `docs/targets/airflow.md` for the mapping and options.
 */
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { ValidIr } from "../../src/ir/validate.js";
import type { EmitResult, EmittedFile, Target, TargetContext } from "../../src/target/target.js";
import { processTextDiagnostics } from "../../src/target/process-text.js";
import { emitDag } from "./emit-dag.js";
import { resolveOptions } from "./options.js";
import { AIRFLOW_OPTIONS } from "./options-spec.js";

import { AIRFLOW_CODES } from "./codes.js";

export { AIRFLOW_CODES };

/** IR in, one `<dag_id>.py` per pipeline out; pure and deterministic. */
export function emit(ir: ValidIr, ctx: TargetContext): EmitResult {
  const files: EmittedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const paths = new Set<string>();
  const options = new Map(ir.pipelines.map((p) => [p.name, resolveOptions(ctx.optionsFor(p), ctx.mlpVersion)]));
  // `deployed(env, from: PIPELINE)` reads the records of the DAG that PIPELINE compiles to.
  const dagIds = new Map([...options].map(([name, o]) => [name, o.dagId ?? name]));
  for (const p of ir.pipelines) {
    const nul = processTextDiagnostics(p, "Airflow");
    if (nul.length > 0) {
      diagnostics.push(...nul);
      continue;
    }
    const result = emitDag(p, {
      source: ir.source,
      root: ir.root,
      options: options.get(p.name)!,
      optionsOrigin: p.targets["airflow"]?.origin ?? p.origin,
      mlpVersion: ctx.mlpVersion,
      schemas: ir.schemas,
      dagIds,
    });
    diagnostics.push(...result.diagnostics);
    if (result.file === undefined) continue;
    if (paths.has(result.file.path)) {
      diagnostics.push({
        code: "MLP5301",
        severity: "error",
        message: `two pipelines compile to the DAG file \`${result.file.path}\``,
        span: p.targets["airflow"]?.origin ?? p.origin,
        labels: [],
        notes: ["Airflow needs a distinct dag_id per DAG"],
        help: ["set a different `dag_id` in `target airflow { … }`"],
      });
      continue;
    }
    paths.add(result.file.path);
    files.push(result.file);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

/** The built-in `airflow` target. */
export const target: Target = {
  name: AIRFLOW_OPTIONS.name,
  description: "Apache Airflow DAG files (Airflow 3.x by default, 2.10 with airflow_version: \"2\")",
  optionsSchema: AIRFLOW_OPTIONS.optionsSchema,
  precompiledOptions: AIRFLOW_OPTIONS.precompiledOptions,
  capabilities: {
    schedule: true,
    dataTriggers: false,
    pushTriggers: false,
    approval: true,
    gpu: true,
    retries: true,
    timeouts: true,
  },
  codes: AIRFLOW_CODES,
  emit,
};
