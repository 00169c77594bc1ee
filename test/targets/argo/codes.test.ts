/**
 * Every MLP52xx catalogue entry: its `bad` example, compiled with the real front end and the
 * Argo target, reports exactly that code; its `fixed` example does not, and emits valid output.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { compileToIr } from "../../../src/compile.js";
import type { Host } from "../../../src/source/host.js";
import { optionsValidator, validatePipelineOptions } from "../../../src/target/validate-options.js";
import { ARGO_CODES, target } from "../../../targets/argo/index.js";
import { checkFile, runArgo } from "./helpers.js";

function compileWithArgo(text: string, files: Readonly<Record<string, string>> = {}): { diagnostics: Diagnostic[]; check: () => void } {
  const sources: Record<string, string> = { "example.mlp": text, ...files };
  const host: Host = {
    readFile: (path) => (path in sources ? { ok: true, text: sources[path]! } : { ok: false, reason: "missing", detail: `no file ${path}` }),
  };
  const compiled = compileToIr("example.mlp", host);
  if (compiled.ir === undefined) return { diagnostics: compiled.diagnostics, check: () => {} };
  const validate = optionsValidator(target);
  if (typeof validate !== "function") throw new Error("the argo options schema does not compile");
  const optionErrors = compiled.ir.pipelines.flatMap((p) => validatePipelineOptions(p, target, validate));
  if (optionErrors.length > 0) return { diagnostics: [...compiled.diagnostics, ...optionErrors], check: () => {} };
  const out = runArgo(compiled.ir);
  return {
    diagnostics: [...compiled.diagnostics, ...out.diagnostics],
    check: () => {
      for (const f of out.files) checkFile(f);
    },
  };
}

describe("argo target: MLP52xx catalogue", () => {
  it("numbers codes in the Argo range, each once", () => {
    const codes = ARGO_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ARGO_CODES) {
      expect(c.code).toMatch(/^MLP52\d\d$/);
      expect(c.target).toBe("argo");
      expect(c.title).toMatch(/^[^A-Z].*[^.]$/);
    }
  });

  /** Codes no `.mlp` source can trigger (the front end rejects the input first); covered by IR tests. */
  const IR_ONLY = new Set(["MLP5214"]);

  for (const info of ARGO_CODES) {
    if (info.retired !== undefined) {
      it(`${info.code}: retired, with no example`, () => {
        expect(info.bad).toBeUndefined();
      });
      continue;
    }
    if (IR_ONLY.has(info.code)) {
      it(`${info.code}: has no source example (reachable only from IR)`, () => {
        expect(info.bad).toBeUndefined();
      });
      continue;
    }
    it(`${info.code}: the bad example reports it, the fixed one does not`, () => {
      const bad = compileWithArgo(info.bad!, info.files).diagnostics;
      expect(bad.filter((d) => d.code === info.code).map((d) => d.severity), JSON.stringify(bad.map((d) => [d.code, d.message]))).toEqual([info.severity]);
      expect(bad.filter((d) => d.severity === "error" && d.code !== info.code), JSON.stringify(bad.map((d) => [d.code, d.message]))).toEqual([]);
      const fixed = compileWithArgo(info.fixed!, info.files);
      expect(fixed.diagnostics.filter((d) => d.code === info.code)).toEqual([]);
      expect(fixed.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(fixed.diagnostics.map((d) => [d.code, d.message]))).toEqual([]);
      fixed.check();
    });
  }
});
