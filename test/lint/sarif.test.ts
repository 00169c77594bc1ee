/** `--format sarif` output is valid SARIF 2.1.0 (the OASIS schema, via ajv-draft-04). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/diagnostics/render/sarif.js";
import { RULES } from "../../src/lint/rules/index.js";
import { lintSource } from "./harness.js";
import { SARIF_SCHEMA } from "../vendor/paths.js";

const require = createRequire(import.meta.url);
const AjvDraft04 = require("ajv-draft-04") as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
const addFormats = require("ajv-formats") as (ajv: unknown) => void;

function sarifValidator() {
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")));
}

const rules = RULES.map((r) => ({ id: r.meta.code, name: r.name, description: r.meta.description, defaultLevel: "warning" as const }));

describe("SARIF output", () => {
  const validate = sarifValidator();
  const findings = lintSource(`pipeline p {\n  param unused: int = 1\n  step s {\n    image "python:latest"\n    run "python steps/x.py"\n  }\n}\n`);

  it("validates against the SARIF 2.1.0 schema", () => {
    expect(findings.length).toBeGreaterThanOrEqual(3);
    const log = JSON.parse(renderSarif(findings, { toolVersion: "0.1.0", rules, relativeUri: (f) => f }));
    const ok = validate(log);
    expect(validate.errors ?? null).toBe(null);
    expect(ok).toBe(true);
  });

  it("points each result at its rule and exact region", () => {
    const log = JSON.parse(renderSarif(findings, { toolVersion: "0.1.0", rules, relativeUri: (f) => f }));
    const image = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "MLP6001");
    expect(rules[image.ruleIndex].id).toBe("MLP6001");
    expect(image.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "main.mlp", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, startColumn: 11, endLine: 4, endColumn: 26 },
    });
  });

  it("rejects a log the schema forbids (the validator can fail)", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: {} }] })).toBe(false);
  });
});
