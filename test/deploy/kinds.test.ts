/**
 * The deploy-kind definition is the one source: the IR schema's `to` is generated from it (and
 * refuses what the checker refuses, for a hand-written IR), and docs/language.md's table is its
 * rendering.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEPLOY_KIND_NAMES, DEPLOY_KINDS, optionForAlias } from "../../src/deploy/kinds.js";
import { deployToJsonSchema } from "../../src/deploy/json-schema.js";
import { DEPLOY_KINDS_BEGIN, DEPLOY_KINDS_END, renderDeployKindsMarkdown } from "../../src/deploy/markdown.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";

const ROOT = join(import.meta.dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(ROOT, "src/ir/ir.schema.json"), "utf8"));
const churn = (): any => JSON.parse(readFileSync(join(ROOT, "test/fixtures/ir/churn.ir.json"), "utf8"));

describe("the deploy-kind definition", () => {
  it("defines local, command and kserve; every alias names one option", () => {
    expect(DEPLOY_KIND_NAMES).toEqual(["command", "kserve", "local"]);
    expect(optionForAlias("kserve", "format")).toBe("model_format");
    expect(optionForAlias("command", "run")).toBe("command");
    expect(optionForAlias("kserve", "run")).toBeUndefined();
    for (const kind of DEPLOY_KIND_NAMES) {
      const names = Object.keys(DEPLOY_KINDS[kind].options);
      const aliases = Object.values(DEPLOY_KINDS[kind].options).flatMap((s: { aliases?: readonly string[] }) => s.aliases ?? []);
      expect(aliases.filter((a) => names.includes(a)), kind).toEqual([]);
      expect(new Set(aliases).size, kind).toBe(aliases.length);
    }
  });

  it("is what ir.schema.json says of a deploy's `to` (regenerate the schema's copy when it changes)", () => {
    expect(schema.definitions.deploy.properties.to).toEqual(deployToJsonSchema());
  });

  it("is what docs/language.md's deploy-kinds table says (`npm run gen:docs`)", () => {
    const page = readFileSync(join(ROOT, "docs/language.md"), "utf8");
    const begin = page.indexOf(DEPLOY_KINDS_BEGIN);
    const end = page.indexOf(DEPLOY_KINDS_END);
    expect(begin).toBeGreaterThan(0);
    expect(page.slice(begin + DEPLOY_KINDS_BEGIN.length + 1, end)).toBe(renderDeployKindsMarkdown());
  });
});

describe("a hand-written IR's `to`, at the IR boundary", () => {
  const problems = (to: unknown): string[] => {
    const doc = churn();
    doc.pipelines[0].deploys[0].to = to;
    const r = validateIrDocument(doc, "hand.ir.json");
    return r.diagnostics.map((d) => d.code);
  };

  it("is valid with a defined kind and options", () => {
    expect(problems({ kind: "kserve", options: { name: "churn", min_replicas: 1 } })).toEqual([]);
    expect(problems({ kind: "command", options: { command: "./ship.sh" } })).toEqual([]);
    expect(problems({ kind: "local", options: {} })).toEqual([]);
  });

  it.each([
    ["an unknown kind", { kind: "kserv", options: { name: "churn" } }],
    ["an unknown option", { kind: "kserve", options: { name: "churn", replicas: 2 } }],
    ["an older spelling (lowering renames it)", { kind: "kserve", options: { name: "churn", format: "onnx" } }],
    ["a missing required option", { kind: "command", options: {} }],
    ["a wrongly typed option", { kind: "command", options: { command: 42 } }],
    ["a fractional integer", { kind: "kserve", options: { name: "churn", max_replicas: 1.5 } }],
    ["an integer below the minimum", { kind: "kserve", options: { name: "churn", min_replicas: -1 } }],
    ["an option of `to local`", { kind: "local", options: { path: "/srv" } }],
  ])("refuses %s (MLP9110)", (_name, to) => {
    const codes = problems(to);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(["MLP9110"]));
  });
});
