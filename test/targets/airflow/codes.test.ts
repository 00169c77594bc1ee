/**
 * Every MLP53xx catalogue entry: its `bad` example, compiled with the real front end and the
 * Airflow target, reports exactly that code; its `fixed` example does not.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { compileToIr } from "../../../src/compile.js";
import type { Host } from "../../../src/source/host.js";
import { optionsValidator, validatePipelineOptions } from "../../../src/target/validate-options.js";
import { AIRFLOW_CODES, emit, target } from "../../../targets/airflow/index.js";

function compileWithAirflow(text: string, files: Readonly<Record<string, string>> = {}): Diagnostic[] {
  const sources: Record<string, string> = { "example.mlp": text, ...files };
  const host: Host = {
    readFile: (path) => (path in sources ? { ok: true, text: sources[path]! } : { ok: false, reason: "missing", detail: `no file ${path}` }),
  };
  const compiled = compileToIr("example.mlp", host);
  if (compiled.ir === undefined) return compiled.diagnostics;
  const validate = optionsValidator(target);
  const optionErrors = typeof validate === "function" ? compiled.ir.pipelines.flatMap((p) => validatePipelineOptions(p, target, validate)) : [];
  if (optionErrors.length > 0) return [...compiled.diagnostics, ...optionErrors];
  // The real defaults, as `mlp compile --target airflow` applies them (no test claim added).
  const emitted = emit(compiled.ir, { mlpVersion: "0.1.0", optionsFor: (p) => p.targets["airflow"]?.options ?? {} });
  return [...compiled.diagnostics, ...emitted.diagnostics];
}

describe("airflow target: MLP53xx catalogue", () => {
  it("numbers codes in the Airflow range, each once", () => {
    const codes = AIRFLOW_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of AIRFLOW_CODES) {
      expect(c.code).toMatch(/^MLP53\d\d$/);
      expect(c.target).toBe("airflow");
      expect(c.title).toMatch(/^[^A-Z].*[^.]$/);
    }
  });

  /** Codes no `.mlp` source can trigger (the front end rejects the input first). */
  const IR_ONLY = new Set(["MLP5313"]);

  for (const info of AIRFLOW_CODES) {
    if (IR_ONLY.has(info.code)) {
      it(`${info.code}: has no source example (reachable only from IR)`, () => {
        expect(info.bad).toBeUndefined();
      });
      continue;
    }
    it(`${info.code}: the bad example reports it, the fixed one does not`, () => {
      expect(info.bad).toBeDefined();
      expect(info.fixed).toBeDefined();
      const bad = compileWithAirflow(info.bad!, info.files);
      expect(bad.filter((d) => d.code === info.code).map((d) => d.severity), JSON.stringify(bad.map((d) => [d.code, d.message]))).toEqual([info.severity]);
      expect(bad.filter((d) => d.severity === "error" && d.code !== info.code)).toEqual([]);
      const fixed = compileWithAirflow(info.fixed!, info.files);
      expect(fixed.filter((d) => d.code === info.code)).toEqual([]);
      expect(fixed.filter((d) => d.severity === "error"), JSON.stringify(fixed.map((d) => [d.code, d.message]))).toEqual([]);
    });
  }
});
