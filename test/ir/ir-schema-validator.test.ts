/**
 * `src/ir/ir-schema-validator.generated.ts`, the IR schema compiled by ajv at development time
 * (scripts/gen-ir-validator.mjs): current for `ir.schema.json`, and reporting exactly what ajv
 * compiling the schema at run time reports, on valid IR and on IR broken in many ways.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { validateIr } from "../../src/ir/validate-ir.js";
import schema from "../../src/ir/ir.schema.json" with { type: "json" };
import { REPO } from "./helpers.js";

// A computed specifier: scripts/ is plain JavaScript, without type declarations.
const generator = (await import(pathToFileURL(join(REPO, "scripts", "gen-ir-validator.mjs")).href)) as {
  irValidatorSource(): string;
  GENERATED: string;
  AJV_OPTIONS: Record<string, unknown>;
};

/** What validate-ir.ts reported when it compiled the schema in each process. */
const compiled = new Ajv(generator.AJV_OPTIONS).compile(schema);
function compiledErrors(value: unknown): string[] {
  if (compiled(value)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

function irDocuments(): { name: string; doc: unknown }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ir.json")) files.push(path);
    }
  };
  walk("test/golden/ir");
  walk("test/fixtures");
  return files.sort().map((name) => ({ name, doc: JSON.parse(readFileSync(join(REPO, name), "utf8")) as unknown }));
}

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [42, -1, 1.5, "x", "", null, true, {}, [], ["x"], { bogus: 1 }];

/** `doc` with one value somewhere in it replaced, removed, or given an unknown member. */
function mutate(doc: unknown, next: () => number): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let holder: Record<string, unknown> | unknown[] = copy;
  let key: string | number = Object.keys(copy)[Math.floor(next() * Object.keys(copy).length)]!;
  // Walk down a random path, stopping at a random depth.
  for (;;) {
    const value: unknown = (holder as Record<string | number, unknown>)[key];
    if (value === null || typeof value !== "object" || next() < 0.25) break;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    if (keys.length === 0) break;
    holder = value as Record<string, unknown>;
    key = keys[Math.floor(next() * keys.length)]!;
  }
  const what = next();
  if (what < 0.2 && !Array.isArray(holder)) delete (holder as Record<string, unknown>)[key as string];
  else if (what < 0.3 && !Array.isArray(holder)) (holder as Record<string, unknown>).unexpected = 1;
  else (holder as Record<string | number, unknown>)[key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
  return copy;
}

describe("the IR schema's generated validator", () => {
  it("is current for ir.schema.json (run `node scripts/gen-ir-validator.mjs` after changing the schema)", () => {
    expect(readFileSync(generator.GENERATED, "utf8")).toBe(generator.irValidatorSource());
  });

  const documents = irDocuments();

  it("finds the IR documents to compare on", () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
  });

  it("reports what the schema compiled at run time reports, on valid and on broken IR", () => {
    const next = random(14);
    let invalid = 0;
    for (const { name, doc } of documents) {
      expect(validateIr(doc), name).toEqual(compiledErrors(doc));
      for (let i = 0; i < 100; i++) {
        const broken = mutate(doc, next);
        const expected = compiledErrors(broken);
        if (expected.length > 0) invalid++;
        expect(validateIr(broken), `${name}, mutation ${i}`).toEqual(expected);
      }
    }
    // Most mutations break the document: the comparison is not only of empty lists.
    expect(invalid).toBeGreaterThan(documents.length * 50);
  });
});
