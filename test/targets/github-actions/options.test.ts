/** `optionsSchema` is a valid draft-07 schema that accepts the documented options and refuses the rest. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { target } from "../../../targets/github-actions/index.js";
import { resolveOptions } from "../../../targets/github-actions/options.js";
import { loadIr } from "./helpers.js";

const require = createRequire(import.meta.url);
const Ajv = require("ajv") as new (o: Record<string, unknown>) => { compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown[] | null }; validateSchema(s: unknown): boolean };
const ajv = new Ajv({ strict: true, allErrors: true, strictTypes: false });
(require("ajv-formats") as (a: unknown) => void)(ajv);

describe("github optionsSchema", () => {
  const validate = ajv.compile(target.optionsSchema);

  it("is a valid draft-07 schema under ajv strict mode", () => {
    expect(ajv.validateSchema(target.optionsSchema)).toBe(true);
    expect((target.optionsSchema as { $schema?: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  const valid: Array<Record<string, unknown>> = [
    {},
    { runs_on: "ubuntu-latest" },
    { runs_on: ["self-hosted", "linux"], gpu_runs_on: "gpu" },
    { workflow_file: "churn-train.yaml", source_dir: "ml", branches: ["main"] },
    { mlp_version: "1.2.3-rc.1", mlp_package: "@acme/mlp", mlp_image: "ghcr.io/acme/mlp:1" },
    { artifact_store: "s3://bucket/prefix", store_secrets: ["AWS_ACCESS_KEY_ID"], retention_days: 7 },
    { artifact_store: "gs://bucket", kubeconfig_secret: "KUBE", concurrency: false },
  ];
  for (const o of valid) it(`accepts ${JSON.stringify(o)}`, () => expect(validate(o), JSON.stringify(validate.errors)).toBe(true));

  const invalid: Array<Record<string, unknown>> = [
    { runsOn: "ubuntu-latest" },
    { runs_on: "" },
    { runs_on: [] },
    { workflow_file: "../evil.yml" },
    { workflow_file: "sub/dir.yml" },
    { workflow_file: "churn.json" },
    { mlp_version: "1.0; rm -rf /" },
    { mlp_package: "Evil Package" },
    { artifact_store: "ftp://x" },
    { artifact_store: "s3://" },
    { store_secrets: ["has space"] },
    { retention_days: 0 },
    { retention_days: 91 },
    { kubeconfig_secret: "1BAD" },
    { concurrency: "yes" },
    { branches: [] },
  ];
  for (const o of invalid) it(`refuses ${JSON.stringify(o)}`, () => expect(validate(o)).toBe(false));

  it("documents a default for the options that have one, and resolveOptions applies them", () => {
    const p = loadIr("churn.ir.json").pipelines[0]!;
    const r = resolveOptions({}, p, "9.9.9");
    expect(r.runsOn).toBe("ubuntu-latest");
    expect(r.workflowFile).toBe("churn.yml");
    expect(r.mlpVersion).toBe("9.9.9");
    expect(r.mlpPackage).toBe("@mlp-lang/mlp");
    expect(r.kubeconfigSecret).toBe("KUBECONFIG");
    expect(r.concurrency).toBe(true);
    expect(r.storeSecrets).toEqual([]);
    const props = (target.optionsSchema as { properties: Record<string, { default?: unknown; description?: string }> }).properties;
    expect(props["runs_on"]!.default).toBe("ubuntu-latest");
    for (const [k, v] of Object.entries(props)) expect(v.description, k).toBeTruthy();
  });
});
