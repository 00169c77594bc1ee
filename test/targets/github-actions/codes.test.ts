/**
 * The catalogue examples of every MLP51xx code, run through the real front end and the target:
 * `bad` must report the code, `fixed` must not (and must compile without errors).
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import type { Host } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import { GITHUB_CODES } from "../../../targets/github-actions/codes.js";
import { target } from "../../../targets/github-actions/index.js";

function memoryHost(files: Record<string, string>): Host {
  return {
    readFile(path: string) {
      const text = files[path];
      return text === undefined ? { ok: false, reason: "missing", detail: `no file \`${path}\`` } : { ok: true, text };
    },
  };
}

function codesOf(source: string, extra: Readonly<Record<string, string>> = {}): { codes: string[]; errors: string[] } {
  const compiled = compileToIr("main.mlp", memoryHost({ "main.mlp": source, ...extra }));
  const front = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
  if (compiled.ir === undefined) return { codes: [], errors: front };
  const out = emitWithTarget(compiled.ir, target, { knownTargets: ["argo", "airflow", "github", "ir"], mlpVersion: "0.1.0" });
  return { codes: out.diagnostics.map((d) => d.code), errors: out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`) };
}

describe("MLP51xx catalogue examples", () => {
  for (const info of GITHUB_CODES) {
    it(`${info.code}: \`bad\` reports it`, () => {
      const r = codesOf(info.bad!, info.files);
      expect(r.codes).toContain(info.code);
    });
    it(`${info.code}: \`fixed\` compiles without it`, () => {
      const r = codesOf(info.fixed!, info.files);
      expect(r.codes).not.toContain(info.code);
      expect(r.errors).toEqual([]);
    });
  }
});
