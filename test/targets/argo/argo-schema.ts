/**
 * Validates emitted documents against the official Argo Workflows JSON Schema
 * (`test/vendor/schemas/argo-workflows.schema.json`, v4.1.2), with unknown fields rejected the way
 * `validate.mjs --no-unknown-fields` and `argo lint --strict` do: every definition that lists
 * `properties` is closed in memory. No IntOrString relaxation: the target quotes those fields.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ARGO_WORKFLOWS_SCHEMA } from "../../vendor/paths.js";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default as new (o: object) => {
  addSchema(s: object): void;
  getSchema(id: string): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null };
};
const addFormats = require("ajv-formats") as (ajv: unknown) => void;


const KINDS = ["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow", "WorkflowEventBinding"];
let validators: Map<string, ReturnType<InstanceType<typeof Ajv2020>["getSchema"]>> | undefined;

function load(): NonNullable<typeof validators> {
  if (validators !== undefined) return validators;
  const schema = JSON.parse(readFileSync(ARGO_WORKFLOWS_SCHEMA, "utf8")) as { $id: string; definitions: Record<string, Record<string, unknown>> };
  for (const def of Object.values(schema.definitions)) {
    if (def.properties !== undefined && !("additionalProperties" in def)) def.additionalProperties = false;
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schema);
  validators = new Map();
  for (const kind of KINDS) validators.set(kind, ajv.getSchema(`${schema.$id}#/definitions/io.argoproj.workflow.v1alpha1.${kind}`));
  return validators;
}

/** Schema errors of one parsed Argo document (empty when valid). */
export function argoSchemaErrors(doc: unknown): string[] {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return ["document must be a mapping"];
  const d = doc as Record<string, unknown>;
  const errors: string[] = [];
  if (d.apiVersion !== "argoproj.io/v1alpha1") errors.push(`apiVersion must be argoproj.io/v1alpha1, got ${JSON.stringify(d.apiVersion)}`);
  const validate = load().get(String(d.kind));
  if (validate === undefined) return [...errors, `kind ${JSON.stringify(d.kind)} is not an Argo kind`];
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) {
      const extra = e.params.additionalProperty !== undefined ? ` '${String(e.params.additionalProperty)}'` : "";
      errors.push(`${e.instancePath || "/"}: ${e.message ?? "invalid"}${extra}`);
    }
  }
  return errors;
}
