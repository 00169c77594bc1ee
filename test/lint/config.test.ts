/** `mlp.config.json`: levels per rule by name or code, validated against its JSON Schema. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/lint/config.js";
import { lintSource } from "./harness.js";

const source = `pipeline p {\n  step s {\n    image "python:latest"\n    run "echo 1"\n  }\n}\n`;

describe("lint configuration", () => {
  it("raises a rule to error by name and turns one off by code", () => {
    expect(lintSource(source, { rules: { "unpinned-image": "error" } }).find((d) => d.code === "MLP6001")?.severity).toBe("error");
    expect(lintSource(source, { rules: { MLP6001: "off" } }).filter((d) => d.code === "MLP6001")).toEqual([]);
  });

  it("runs rules that are off by default when enabled", () => {
    const unused = `pipeline p {\n  step s {\n    outputs { a: File }\n    run "touch \${a}"\n  }\n}\n`;
    expect(lintSource(unused).filter((d) => d.code === "MLP6009")).toEqual([]);
    expect(lintSource(unused, { rules: { "unused-output": "warning" } }).map((d) => d.code)).toContain("MLP6009");
  });

  it.each([
    [{ lint: { rules: { "unpinned-image": "loud" } } }, "/lint/rules/unpinned-image: must be equal to one of the allowed values"],
    [{ lint: { rules: { "Not A Rule": "off" } } }, "/lint/rules: property name must be valid"],
    [{ lint: { maxWarnings: -1 } }, "/lint/maxWarnings: must be >= 0"],
    [{ lints: {} }, "/: must NOT have additional properties"],
  ])("rejects %j", (value, message) => {
    const result = parseConfig(value, "mlp.config.json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(message);
  });

  it("finds mlp.config.json in a parent directory and stops at the repository root", () => {
    const root = mkdtempSync(join(tmpdir(), "mlp-config-"));
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, "pipelines", "nested"), { recursive: true });
    expect(loadConfig(join(root, "pipelines", "nested"))).toEqual({ ok: true, config: { rules: {} } });
    writeFileSync(join(root, "mlp.config.json"), JSON.stringify({ lint: { rules: { "unpinned-image": "error" }, maxWarnings: 0 } }));
    const found = loadConfig(join(root, "pipelines", "nested"));
    expect(found).toMatchObject({ ok: true, config: { rules: { "unpinned-image": "error" }, maxWarnings: 0 } });
  });
});
