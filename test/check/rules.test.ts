/**
 * The checker's rule registry: one rule per file, named after it, in phase order, and every
 * rule holds to the codes it declares — checked by running every example the project has (the
 * diagnostics cases, the catalogue's bad and fixed examples, the example pipelines and
 * fixtures) with an observer on each rule.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../src/check/check.js";
import type { CheckPhase } from "../../src/check/rule.js";
import { CHECK_RULES } from "../../src/check/rules/index.js";
import { loadProgram } from "../../src/compile.js";
import { allCodes } from "../../src/diagnostics/codes.js";
import { memoryHost, nodeHost } from "../../src/source/host.js";

const PHASES: readonly CheckPhase[] = ["names", "types", "graph"];
/** MLP2xxx-4xxx codes reported outside the checker: by `loadProgram` (imports) and the parser. */
const NOT_CHECKER = new Set(["MLP2000", "MLP2001", "MLP2002", "MLP3013"]);

describe("checker rule registry", () => {
  it("registers every file of src/check/rules once, each exporting the rule named after it", async () => {
    const files = readdirSync("src/check/rules").filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(CHECK_RULES.map((r) => `${r.name}.ts`).sort()).toEqual(files.sort());
    for (const f of files) {
      const mod = (await import(`../../src/check/rules/${f.slice(0, -3)}.ts`)) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v) => CHECK_RULES.includes(v as never));
      expect(rules.map((r) => (r as { name: string }).name), f).toEqual([f.slice(0, -3)]);
    }
  });

  it("lists the rules in phase order, with kebab-case names and catalogued codes", () => {
    const order = CHECK_RULES.map((r) => PHASES.indexOf(r.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const known = new Set(allCodes().map((c) => c.code));
    for (const r of CHECK_RULES) {
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.codes.length, r.name).toBeGreaterThan(0);
      for (const c of r.codes) expect(known.has(c), `${r.name}: ${c}`).toBe(true);
    }
  });

  it("has a rule for every name, type and graph code the checker reports", () => {
    const claimed = new Set(CHECK_RULES.flatMap((r) => r.codes));
    const checkerCodes = allCodes()
      .map((c) => c.code)
      .filter((c) => /^MLP[234]/.test(c) && !NOT_CHECKER.has(c));
    expect(checkerCodes.filter((c) => !claimed.has(c))).toEqual([]);
  });
});

/** Every source the repository holds that the checker can be run on: path -> files. */
function sources(): { name: string; entry: string; host: ReturnType<typeof memoryHost> | typeof nodeHost }[] {
  const out: { name: string; entry: string; host: ReturnType<typeof memoryHost> | typeof nodeHost }[] = [];
  for (const info of allCodes()) {
    for (const which of ["bad", "fixed"] as const) {
      const text = info[which];
      if (text === undefined) continue;
      out.push({ name: `${info.code} ${which}`, entry: "main.mlp", host: memoryHost({ "main.mlp": text, ...(info.files ?? {}) }) });
    }
  }
  for (const dir of ["test/diagnostics/cases", "test/fixtures"]) {
    for (const f of readdirSync(dir)) if (f.endsWith(".mlp") && !f.startsWith("_")) out.push({ name: `${dir}/${f}`, entry: `${dir}/${f}`, host: nodeHost });
  }
  for (const d of readdirSync("examples", { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(`examples/${d.name}`)) if (f.endsWith(".mlp")) out.push({ name: `examples/${d.name}/${f}`, entry: `examples/${d.name}/${f}`, host: nodeHost });
  }
  return out;
}

describe("every checker rule reports only its declared codes", () => {
  const all = sources();
  it("runs over the examples, and each rule reports something somewhere", () => {
    expect(all.length).toBeGreaterThan(50);
    const reportedBy = new Map<string, Set<string>>();
    for (const s of all) {
      const loaded = loadProgram(s.entry, s.host);
      if (loaded.diagnostics.some((d) => d.severity === "error")) continue;
      checkProgram(loaded.program, (rule, reported) => {
        for (const d of reported) {
          expect(rule.codes, `${s.name}: ${rule.name} reported ${d.code} ${d.message}`).toContain(d.code);
          let set = reportedBy.get(rule.name);
          if (set === undefined) reportedBy.set(rule.name, (set = new Set()));
          set.add(d.code);
        }
      });
    }
    // a rule no example triggers has an untested report
    expect(CHECK_RULES.filter((r) => !reportedBy.has(r.name)).map((r) => r.name)).toEqual([]);
  });
});
