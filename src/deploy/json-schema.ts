/**
 * The JSON Schema (draft-07) of an IR deploy's `to`, generated from the deploy-kind definition:
 * `oneOf` by `kind`, each with its options' names, types and required ones. `src/ir/ir.schema.json`
 * holds a copy (it is plain JSON, read by ajv and by third parties), written by `npm run gen:docs`;
 * a test keeps the two equal.
 */
import { DEPLOY_KIND_NAMES, deployOptionSpecs, type DeployOptionSpec } from "./kinds.js";

function optionSchema(spec: DeployOptionSpec): Record<string, unknown> {
  return {
    type: spec.type,
    ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
    description: spec.description,
  };
}

export function deployToJsonSchema(): Record<string, unknown> {
  return {
    oneOf: DEPLOY_KIND_NAMES.map((kind) => {
      const specs = Object.entries(deployOptionSpecs(kind));
      const required = specs.filter(([, s]) => s.required === true).map(([name]) => name);
      return {
        type: "object",
        additionalProperties: false,
        required: ["kind", "options"],
        properties: {
          kind: { const: kind },
          options: {
            type: "object",
            additionalProperties: false,
            ...(required.length > 0 ? { required } : {}),
            properties: Object.fromEntries(specs.map(([name, spec]) => [name, optionSchema(spec)])),
          },
        },
      };
    }),
  };
}
