/**
 * Tests hand targets and the runtime IR through the same boundary the CLI does: a JSON IR fixture
 * is validated (`src/ir/validate.ts`) and a test fails on the spot, with the validator's messages,
 * if the fixture is not valid IR.
 */
import { readFileSync } from "node:fs";
import type { IrDocument, IrStep } from "../../src/ir/ir.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { type ValidIr } from "../../src/ir/validate.js";

/** `doc` as a `ValidIr`; throws with every problem when it is not valid. */
export function validIr(doc: unknown, name = "<test IR>"): ValidIr {
  const r = validateIrDocument(doc, name);
  if (r.ir === undefined) throw new Error(`${name} is not valid IR:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return r.ir;
}

/** Reads and validates a JSON IR file. */
export function readValidIr(path: string): ValidIr {
  return validIr(JSON.parse(readFileSync(path, "utf8")) as IrDocument, path);
}

/**
 * The members of a hand-written IR step that tests rarely vary (a plain cached shell step with no
 * inputs, outputs, metrics, code, env, secrets or resources): spread it first, then write what
 * the test is about.
 */
export const IR_STEP_DEFAULTS = {
  workingDir: ".",
  inputs: [],
  outputs: [],
  metrics: [],
  code: [],
  env: {},
  secrets: [],
  resources: {},
  retry: 0,
  cache: true,
  needs: [],
  after: [],
} as const satisfies Partial<IrStep>;
