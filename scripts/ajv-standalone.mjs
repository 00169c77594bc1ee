// Turns a JSON Schema into the text of a TypeScript module holding ajv's standalone validator
// for it: the schema compiled once at development time instead of in every process that uses it.
// Shared by scripts/gen-ir-validator.mjs and scripts/gen-options-validators.mjs.
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";

/** ajv's run-time helpers a standalone validator may call; any other `require` is refused. */
const HELPERS = ["equal", "ucs2length"];

/**
 * A module exporting `function buildName()`, which builds and returns the validator: the code is
 * only compiled by V8 when it is first called. `header` heads the file (`//` comment lines);
 * `doc` is the function's doc comment text.
 */
export function standaloneValidatorModule(schema, ajvOptions, { header, doc, buildName, generator }) {
  // Formats would need ajv-formats' code in the module too; no schema compiled here uses one.
  if (JSON.stringify(schema).includes('"format":')) throw new Error(`a schema given to ${generator} uses \`format\`: add ajv-formats to scripts/ajv-standalone.mjs first`);
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true } });
  const code = standalone.default(ajv, ajv.compile(schema));
  const exported = /^"use strict";export const validate = (\w+);export default \1;/.exec(code);
  if (exported === null) throw new Error(`ajv's standalone code no longer starts as expected: update ${generator}`);
  let body = code.slice(exported[0].length);
  const imports = [];
  for (const helper of HELPERS) {
    // ajv's generated code names its run-time helpers as CommonJS `require`s.
    const call = `require("ajv/dist/runtime/${helper}").default`;
    if (!body.includes(call)) continue;
    // The helper's CommonJS module as Node imports it (`.default` is the function), or the
    // function itself where a loader applies `__esModule` interop (vitest).
    imports.push(`import ${helper}Helper from "ajv/dist/runtime/${helper}.js";`);
    body = body.replaceAll(call, `(${helper}Helper.default ?? ${helper}Helper)`);
  }
  if (/require\(/.test(body)) throw new Error(`ajv's standalone code requires a helper other than ${HELPERS.join(", ")}: add it in scripts/ajv-standalone.mjs`);
  return `${header}
// @ts-nocheck
${imports.join("\n")}${imports.length > 0 ? "\n" : ""}
/**
 * ${doc}, as ajv compiles it with ${JSON.stringify(ajvOptions).replace(/"/g, "")}. Built
 * on the first call: the code is only compiled by V8 when it runs.
 */
export function ${buildName}() {
${body}
return ${exported[1]};
}
`;
}
