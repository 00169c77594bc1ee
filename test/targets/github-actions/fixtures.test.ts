/**
 * Every IR fixture through the GitHub target: zero actionlint findings, valid against the
 * SchemaStore workflow schema, and byte-identical to its golden file (and across runs).
 */
import { describe, expect, it } from "vitest";
import { emitIr, golden, loadIr, snapshotText } from "./helpers.js";
import { actionlint, schemaErrors } from "./validate.js";

const CASES: Array<{ name: string; fixture: string; options?: Record<string, unknown> }> = [
  { name: "churn", fixture: "churn.ir.json" },
  { name: "injection", fixture: "injection.ir.json" },
  {
    name: "churn-store",
    fixture: "churn.ir.json",
    options: {
      runs_on: "ubuntu-24.04",
      gpu_runs_on: ["self-hosted", "linux", "x64"],
      artifact_store: "s3://ml-artifacts/mlp",
      store_secrets: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      mlp_image: "ghcr.io/example/mlp:0.1.0",
      branches: ["main"],
      retention_days: 7,
      kubeconfig_secret: "KUBE_CONFIG",
      concurrency: false,
      workflow_file: "churn-training.yaml",
    },
  },
];

describe("github target on the IR fixtures", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const result = emitIr(loadIr(c.fixture), c.options);

      it("emits files with no errors", () => {
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(result.files.length).toBeGreaterThan(0);
      });

      it("passes actionlint with zero findings", async () => {
        for (const f of result.files) expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
      });

      it("is valid against the SchemaStore workflow schema", () => {
        for (const f of result.files) expect(schemaErrors(f.contents), f.path).toEqual([]);
      });

      it("matches its golden file and is deterministic", () => {
        const again = snapshotText(emitIr(loadIr(c.fixture), c.options));
        const { expected, actual } = golden(c.name, snapshotText(result));
        expect(actual).toBe(expected);
        expect(again).toBe(actual);
      });
    });
  }
});
