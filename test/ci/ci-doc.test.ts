/** The CI recipe in docs/ci.md is a real workflow: actionlint finds nothing and the schema accepts it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { actionlint, schemaErrors } from "../targets/github-actions/validate.js";

const doc = readFileSync("docs/ci.md", "utf8");
const workflow = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";

describe("docs/ci.md workflow", () => {
  it("is present", () => {
    expect(workflow).toContain("mlp lint pipelines --format sarif");
  });

  it("passes actionlint", async () => {
    expect(await actionlint(workflow, "ci.yml")).toEqual([]);
  });

  it("is valid against the GitHub workflow schema", () => {
    expect(schemaErrors(workflow)).toEqual([]);
  });

  it("would be caught by actionlint if broken (the validator can fail)", async () => {
    expect((await actionlint(workflow.replace("runs-on:", "runs_on:"), "ci.yml")).length).toBeGreaterThan(0);
  });
});
