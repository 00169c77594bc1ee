/**
 * Each built-in target's `options-validator.generated.ts`, its options schema compiled by ajv at
 * development time (scripts/gen-options-validators.mjs): current for the schema, and reporting
 * exactly what ajv compiling the schema at run time reports (as `validate-options.ts` does for a
 * plugin), on the options the golden IR files set and on many made-up ones.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import formatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { OptionsValidator } from "../../src/target/target.js";
import { precompiledOptionsValidator } from "../../src/target/options-validator.js";
import { prng } from "../../src/runtime/std/stats.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";
import { REPO } from "../ir/helpers.js";

interface SchemaEntry {
  target: string;
  module: string;
  exportName: string;
  out: string;
  buildName: string;
}

// A computed specifier: scripts/ is plain JavaScript, without type declarations.
const generator = (await import(pathToFileURL(join(REPO, "scripts", "gen-options-validators.mjs")).href)) as {
  BUILTIN_SCHEMAS: SchemaEntry[];
  AJV_OPTIONS: Record<string, unknown>;
  optionsValidatorSource(entry: SchemaEntry, schema: unknown): string;
};

/** What a validator reports: whether the options pass, and ajv's errors in full. */
function outcome(validate: OptionsValidator, options: unknown): unknown {
  const ok = validate(options);
  return { ok, errors: ok ? null : validate.errors };
}

/** The options every golden IR file's `target NAME { … }` blocks set, by target. */
function goldenOptions(): Map<string, unknown[]> {
  const byTarget = new Map<string, unknown[]>();
  const dir = join(REPO, "test", "golden", "ir");
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".ir.json"))) {
    const ir = JSON.parse(readFileSync(join(dir, f), "utf8")) as { pipelines: { targets: Record<string, { options: unknown }> }[] };
    for (const p of ir.pipelines) for (const [name, block] of Object.entries(p.targets)) byTarget.set(name, [...(byTarget.get(name) ?? []), block.options]);
  }
  return byTarget;
}

const VALUES: unknown[] = [42, 0, -1, 91, 1.5, "x", "", "ubuntu-latest", "s3://bucket/p", "gs://b", "ftp://b", "2026-01-01", "sha256:" + "a".repeat(64), null, true, false, {}, [], ["x"], ["x", "x"], ["", 1], { a: 1 }];

/** Options made from `schema`'s properties: a random few, each given a value of its own or from `VALUES`. */
function madeUp(schema: { properties?: Record<string, { default?: unknown; enum?: unknown[] }> }, next: () => number): unknown {
  const names = Object.keys(schema.properties ?? {});
  const options: Record<string, unknown> = {};
  const count = Math.floor(next() * 4);
  for (let i = 0; i < count && names.length > 0; i++) {
    const name = names[Math.floor(next() * names.length)]!;
    const own = [schema.properties![name]!.default, ...(schema.properties![name]!.enum ?? [])].filter((v) => v !== undefined);
    options[name] = own.length > 0 && next() < 0.3 ? own[Math.floor(next() * own.length)] : VALUES[Math.floor(next() * VALUES.length)];
  }
  if (next() < 0.15) options.unexpected = 1;
  return next() < 0.05 ? VALUES[Math.floor(next() * VALUES.length)] : options;
}

describe("the built-in targets' precompiled options schemas", () => {
  const entries = generator.BUILTIN_SCHEMAS;

  it("cover every built-in target", () => {
    expect(entries.map((e) => e.target).sort()).toEqual(BUILTIN_TARGETS.map((t) => t.name).sort());
  });

  for (const entry of entries) {
    const target = BUILTIN_TARGETS.find((t) => t.name === entry.target)!;

    it(`${entry.target}: ${entry.out} is current (run \`npm run gen:options-validators\` after changing the schema)`, async () => {
      const module = (await import(pathToFileURL(join(REPO, `${entry.module}.ts`)).href)) as Record<string, unknown>;
      expect(module[entry.exportName]).toBe(target.optionsSchema);
      expect(readFileSync(join(REPO, entry.out), "utf8")).toBe(generator.optionsValidatorSource(entry, target.optionsSchema));
    });

    it(`${entry.target}: reports what the schema compiled at run time reports`, () => {
      const ajv = new Ajv(generator.AJV_OPTIONS);
      formatsModule.default(ajv);
      const compiled = ajv.compile(target.optionsSchema as Record<string, unknown>);
      const precompiled = precompiledOptionsValidator(target)!;
      expect(precompiled).toBeTypeOf("function");
      const samples = [...(goldenOptions().get(entry.target) ?? []), {}];
      // Seeded (mulberry32), so a failure names a case that can be replayed.
      const next = prng(entry.target.length * 7919);
      for (let i = 0; i < 400; i++) samples.push(madeUp(target.optionsSchema as never, next));
      let rejected = 0;
      for (const [i, options] of samples.entries()) {
        const expected = outcome(compiled, options);
        if (!(expected as { ok: boolean }).ok) rejected++;
        expect(outcome(precompiled, options), `sample ${i}: ${JSON.stringify(options)}`).toEqual(expected);
      }
      // Both outcomes are compared, not only passes.
      expect(rejected).toBeGreaterThan(samples.length / 10);
      if (entry.target !== "ir") expect(rejected).toBeLessThan(samples.length);
    });
  }

  it("is not used for a target whose schema was replaced (a plugin spread from a built-in)", () => {
    const plugin = { ...BUILTIN_TARGETS[0]!, name: "mine", optionsSchema: { type: "object", properties: {} } };
    expect(precompiledOptionsValidator(plugin)).toBeUndefined();
  });
});
