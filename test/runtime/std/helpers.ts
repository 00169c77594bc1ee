/** Test helpers for the std runtime: temp directories, CSV files, schemas. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IrSchema, ValueTypeName } from "../../../src/ir/ir.js";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mlp-std-"));
}

/** Writes `text` to `name` in `dir` and returns the path. */
export function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function csv(dir: string, name: string, header: string[], rows: (string | number)[][]): string {
  return file(dir, name, [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n");
}

export function schema(name: string, columns: Record<string, ValueTypeName>): IrSchema {
  return {
    name,
    columns: Object.entries(columns).map(([n, type]) => ({ name: n, type })),
    origin: { file: "test.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
  };
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** Deterministic standard normal draws (Box-Muller over a fixed LCG). */
export function normals(n: number, mean: number, sd: number, seed = 1): number[] {
  let s = seed >>> 0;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out.push(mean + sd * r * Math.cos(t), mean + sd * r * Math.sin(t));
  }
  return out.slice(0, n);
}
