/**
 * Shared helpers for the Airflow target tests: emitting fixtures, running the api.json checker
 * (`check_dag.py`) over emitted files, and golden snapshots.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { IrDocument } from "../../../src/ir/ir.js";
import type { EmitResult } from "../../../src/target/target.js";
import { emit } from "../../../targets/airflow/index.js";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, "../../..");
/** api.json lives next to the repository (CI has `../shared` at the same relative path). */
export const API_JSON = resolve(REPO, "../shared/airflow/api.json");
export const CHECKER = join(HERE, "check_dag.py");

export function loadIr(name: string): IrDocument {
  return JSON.parse(readFileSync(join(REPO, "test/fixtures/ir", name), "utf8")) as IrDocument;
}

/** Emits `ir` with `options` merged over each pipeline's own `target airflow` block. */
export function emitWith(ir: IrDocument, options: Record<string, unknown> = {}): EmitResult {
  return emit(ir, {
    mlpVersion: "0.1.0",
    optionsFor: (p) => ({ ...(p.targets["airflow"]?.options ?? {}), ...options }),
  });
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** Writes `files` to a temp dir and runs the api.json checker over them for `version`. */
export function checkFiles(files: readonly { path: string; contents: string }[], version: "3" | "2"): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), "mlp-airflow-"));
  const paths = files.map((f) => {
    const p = join(dir, f.path);
    writeFileSync(p, f.contents);
    return p;
  });
  const out = execFileSync("python3", [CHECKER, API_JSON, version, ...paths], { encoding: "utf8" });
  return JSON.parse(out) as Finding[];
}

/** Compares `actual` with `test/golden/airflow/<name>.snap`; writes it with UPDATE_GOLDEN=1. */
export function golden(name: string, files: readonly { path: string; contents: string }[]): { expected: string; actual: string } {
  const actual = files.map((f) => `---------- ${f.path} ----------\n${f.contents}`).join("");
  const path = join(REPO, "test/golden/airflow", `${name}.snap`);
  if (process.env["UPDATE_GOLDEN"] === "1" || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  return { expected: readFileSync(path, "utf8"), actual };
}
