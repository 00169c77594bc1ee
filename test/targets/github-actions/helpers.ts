/** Shared test helpers: load IR fixtures, emit with options, golden snapshots. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { IrDocument, IrPipeline } from "../../../src/ir/ir.js";
import type { EmitResult } from "../../../src/target/target.js";
import { target } from "../../../targets/github-actions/index.js";
import { REPO_ROOT } from "./validate.js";
import { validIr } from "../../helpers/valid-ir.js";

export function loadIr(name: string): IrDocument {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, "test/fixtures/ir", name), "utf8")) as IrDocument;
}

/** Emits `ir`; `options` (when given) replace every pipeline's `target github` options. */
export function emitIr(ir: IrDocument, options?: Record<string, unknown>): EmitResult {
  return target.emit(validIr(ir), {
    optionsFor: (p: IrPipeline) => options ?? (p.targets["github"]?.options as Record<string, unknown> | undefined) ?? {},
    mlpVersion: "0.1.0",
  });
}

/** All emitted files under `---------- path ----------` headers. */
export function snapshotText(result: EmitResult): string {
  return result.files.map((f) => `---------- ${f.path} ----------\n${f.contents}`).join("\n");
}

/** Compares with (or, with UPDATE_GOLDEN=1, rewrites) `test/golden/github-actions/<name>.snap`. */
export function golden(name: string, text: string): { expected: string; actual: string } {
  const path = resolve(REPO_ROOT, "test/golden/github-actions", `${name}.snap`);
  if (process.env["UPDATE_GOLDEN"] === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { expected: readFileSync(path, "utf8"), actual: text };
}
