/**
 * Every `.mlp` file under `test/fixtures/` and `examples/`, compiled with the real front end and
 * the Argo target: options accepted by the schema, no errors, every file valid YAML and valid
 * against the Argo schema. (Goldens: `emit.test.ts` for the IR fixtures; `test/examples` snapshots
 * every example on every target.)
 */
import { describe, expect, it } from "vitest";
import { relative, resolve } from "node:path";
import { compileToIr } from "../../../src/compile.js";
import { nodeHost } from "../../../src/source/host.js";
import { optionsValidator, validatePipelineOptions } from "../../../src/target/validate-options.js";
import { target } from "../../../targets/argo/index.js";
import { mlpFiles } from "../../helpers/mlp-files.js";
import { checkFile, runArgo } from "./helpers.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const SOURCES = [...mlpFiles(resolve(ROOT, "test/fixtures")), ...mlpFiles(resolve(ROOT, "examples"))].map((p) => relative(ROOT, p));

describe.each(SOURCES)("%s", (source) => {
  it("compiles through the Argo target to valid documents", () => {
    const compiled = compileToIr(resolve(ROOT, source), nodeHost);
    if (compiled.ir === undefined) {
      // FIXME(front end): a source the front end refuses never reaches the target (today
      // kitchen-sink.mlp, MLP3001). Assert the refusal is the front end's, not a target code;
      // the full check below runs again as soon as it compiles.
      expect(compiled.diagnostics.some((d) => d.severity === "error")).toBe(true);
      expect(compiled.diagnostics.filter((d) => d.code.startsWith("MLP5"))).toEqual([]);
      return;
    }
    const ir = compiled.ir!;
    const validate = optionsValidator(target);
    if (typeof validate !== "function") throw new Error("options schema does not compile");
    expect(ir.pipelines.flatMap((p) => validatePipelineOptions(p, target, validate))).toEqual([]);
    const out = runArgo(ir);
    expect(out.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(out.diagnostics.map((d) => [d.code, d.message]))).toEqual([]);
    for (const f of out.files) checkFile(f);
    expect(out.files.length > 0).toBe(ir.pipelines.length > 0);
  });
});
