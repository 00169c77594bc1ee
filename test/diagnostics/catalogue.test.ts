/**
 * Meta-tests over the whole code catalogue, whatever codes exist: every entry is well formed,
 * has a `bad` and a `fixed` example unless no source can trigger it, the `bad` example really
 * reports its code through `compileToIr` (MLP5xxx: through the named target) and `fixed` does
 * not; and docs/diagnostics.md is what `npm run gen:docs` would write today.
 */
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileToIr } from "../../src/compile.js";
import type { CodeInfo } from "../../src/diagnostics/codes.js";
import { catalogue } from "../../src/cli/catalogue.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderCatalogueMarkdown } from "../../src/diagnostics/render/catalogue-markdown.js";
import { memoryHost } from "../../src/source/host.js";
import { emitWithTarget } from "../helpers/emit-with-target.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Families whose codes no `.mlp` file can trigger through `compileToIr`: lint findings (their
 * Incorrect/Correct examples live in docs/lint/rules and are run by test/lint), run-time codes
 * (`mlp run`), and internal/environment errors.
 */
const SOURCELESS_FAMILIES = /^MLP[679]/;
/** Other codes without examples, each with the reason no source file triggers it. */
const SOURCELESS: Record<string, string> = {
  MLP2000: "the entry file itself cannot be read",
  MLP5003: "`--target` names nothing",
  MLP5004: "a target emits an unsafe path (a plugin bug)",
  MLP5005: "a target emits a path twice (a plugin bug)",
  MLP5401: "a plugin cannot be loaded",
  MLP5402: "a plugin exports no valid target",
  MLP5403: "a target throws",
  MLP5404: "a target's options schema is invalid",
  MLP5405: "a target returns a malformed result",
  MLP5214: "`deployed(env)` with no deploy to read: the front end refuses such a source first (MLP2xxx)",
  MLP5313: "the front end refuses such a source first (MLP2004)",
};

const CODES = catalogue();

/** Every diagnostic `source` produces through the front end and, when given, one target. */
function diagnosticsOf(source: string, info: CodeInfo): Diagnostic[] {
  const host = memoryHost({ ...(info.files ?? {}), "main.mlp": source });
  const compiled = compileToIr("main.mlp", host);
  if (!compiled.ir || info.target === undefined) return compiled.diagnostics;
  const target = BUILTIN_TARGETS.find((t) => t.name === info.target);
  if (!target) throw new Error(`${info.code} names target \`${info.target}\`, which is not built in`);
  const out = emitWithTarget(compiled.ir, target, { knownTargets: BUILTIN_TARGETS.map((t) => t.name), mlpVersion: "0.0.0-test" });
  return [...compiled.diagnostics, ...out.diagnostics];
}

describe("the code catalogue", () => {
  test("is non-empty, sorted, without duplicates, every code MLPnnnn", () => {
    expect(CODES.length).toBeGreaterThan(0);
    const names = CODES.map((c) => c.code);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const c of CODES) expect(c.code).toMatch(/^MLP[1-9]\d{3}$/);
  });

  test("titles are one lowercase line without a trailing period", () => {
    for (const c of CODES) {
      expect(c.title, c.code).toMatch(/^[a-z`-]/);
      expect(c.title, c.code).not.toMatch(/[.\n]$/);
      expect(c.title.includes("\n"), c.code).toBe(false);
    }
  });

  test("every code has a bad and a fixed example, unless no source can trigger it", () => {
    const missing = CODES.filter((c) => c.retired === undefined && (c.bad === undefined || c.fixed === undefined) && !SOURCELESS_FAMILIES.test(c.code) && !(c.code in SOURCELESS));
    expect(missing.map((c) => c.code), "add `bad` and `fixed`, or list the code in SOURCELESS with a reason").toEqual([]);
    for (const c of CODES) expect(c.bad === undefined, `${c.code}: bad and fixed come together`).toBe(c.fixed === undefined);
  });

  test("a retired code says what reports the problem now, and keeps no examples (nothing reports it)", () => {
    for (const c of CODES.filter((x) => x.retired !== undefined)) {
      expect(c.retired, c.code).toMatch(/MLP\d{4}/);
      expect(c.bad, c.code).toBeUndefined();
    }
  });

  test("codes listed as sourceless really have no examples (the list does not rot)", () => {
    for (const code of Object.keys(SOURCELESS)) {
      const c = CODES.find((x) => x.code === code);
      expect(c, `${code} is listed as sourceless but not in the catalogue`).toBeDefined();
      expect(c!.bad, `${code} has an example now: remove it from SOURCELESS`).toBeUndefined();
    }
  });

  test("MLP5xxx examples name the target that reports them, and only built-in ones", () => {
    for (const c of CODES.filter((x) => x.bad !== undefined && x.code.startsWith("MLP5"))) {
      expect(c.target, `${c.code} needs \`target\``).toBeDefined();
      expect(BUILTIN_TARGETS.map((t) => t.name), c.code).toContain(c.target);
    }
  });
});

describe("every example does what it says", () => {
  for (const info of CODES.filter((c) => c.bad !== undefined)) {
    test(`${info.code}: \`bad\` reports it (${info.severity}), \`fixed\` does not`, () => {
      const bad = diagnosticsOf(info.bad!, info);
      const hit = bad.find((d) => d.code === info.code);
      expect(hit, `${info.code} not reported; got ${bad.map((d) => `${d.code} ${d.message}`).join("; ") || "nothing"}`).toBeDefined();
      expect(hit!.severity).toBe(info.severity);
      const fixed = diagnosticsOf(info.fixed!, info);
      expect(fixed.filter((d) => d.code === info.code).map((d) => d.message)).toEqual([]);
      expect(fixed.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), "the fixed example compiles").toEqual([]);
    });
  }
});

test("docs/diagnostics.md is up to date (run `npm run gen:docs`)", () => {
  const committed = readFileSync(join(ROOT, "docs", "diagnostics.md"), "utf8");
  expect(committed === renderCatalogueMarkdown(CODES), "docs/diagnostics.md is stale: run `npm run gen:docs` and commit it").toBe(true);
});
