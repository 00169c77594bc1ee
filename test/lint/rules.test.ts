/**
 * Meta-tests and executable docs for every lint rule: each rule has a doc whose Incorrect
 * examples trigger it and whose Correct examples do not, a unique code, a file named after it
 * and a RuleTester file in test/lint/rules (where each finding's place and message is pinned).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/lint/rules/index.js";
import { LINT_CODES } from "../../src/diagnostics/codes/lint.js";
import { allRulesOn, examplesUnder, lintSource } from "./harness.js";

const ruleNames = RULES.map((r) => r.name);

describe("lint rule registry", () => {
  it("registers every file in src/lint/rules and names each rule after its file", () => {
    const files = readdirSync("src/lint/rules")
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    expect([...ruleNames].sort()).toEqual(files.sort());
  });

  it("has a RuleTester file per rule (test/lint/rules/NAME.test.ts: line, column and message of each finding)", () => {
    const tests = readdirSync("test/lint/rules").filter((f) => f.endsWith(".test.ts")).map((f) => f.replace(/\.test\.ts$/, ""));
    expect(tests.sort()).toEqual([...ruleNames].sort());
  });

  it("gives every rule a unique MLP6xxx code and a kebab-case name", () => {
    const codes = RULES.map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of RULES) {
      expect(r.meta.code).toMatch(/^MLP6\d{3}$/);
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it("lists every rule in the diagnostic catalogue with the same description", () => {
    for (const r of RULES) {
      const info = LINT_CODES.find((c) => c.code === r.meta.code);
      expect(info, r.name).toBeDefined();
      expect(info!.title).toBe(`${r.name}: ${r.meta.description}`);
    }
  });
});

describe.each(RULES.map((r) => [r.name, r] as const))("%s", (name, rule) => {
  const docPath = `docs/lint/rules/${name}.md`;
  it("has a doc whose first paragraph is the rule's description", () => {
    expect(existsSync(docPath)).toBe(true);
    const doc = readFileSync(docPath, "utf8");
    expect(doc.startsWith(`# ${name} (${rule.meta.code})\n\n${capitalize(rule.meta.description)}.\n`)).toBe(true);
    expect(doc).toContain("## When not to use it");
  });

  const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "";
  const config = allRulesOn(ruleNames);

  it("reports every Incorrect example of its doc", () => {
    const bad = examplesUnder(doc, "Incorrect");
    expect(bad.length).toBeGreaterThan(0);
    for (const source of bad) {
      const found = lintSource(source, config).filter((d) => d.rule === name);
      expect(found.length, source).toBeGreaterThan(0);
      expect(found[0]!.code).toBe(rule.meta.code);
    }
  });

  it("accepts every Correct example of its doc", () => {
    const good = examplesUnder(doc, "Correct");
    expect(good.length).toBeGreaterThan(0);
    for (const source of good) {
      expect(lintSource(source, config).filter((d) => d.rule === name), source).toEqual([]);
    }
  });
});

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

describe("docs/lint.md", () => {
  it("lists every rule with its code and default level", () => {
    const doc = readFileSync("docs/lint.md", "utf8");
    for (const r of RULES) expect(doc).toContain(`| ${r.meta.code} | [${r.name}](lint/rules/${r.name}.md) | ${r.meta.defaultLevel} |`);
  });
});
