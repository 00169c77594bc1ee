/**
 * Every `.mlp` fixture and example, compiled by the front end (`compileToIr`) and then by the
 * GitHub target through `emitWithTarget` (options validated by the target's schema): no errors,
 * and every emitted workflow passes actionlint and the SchemaStore schema.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import { nodeHost } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import { target } from "../../../targets/github-actions/index.js";
import { golden } from "./helpers.js";
import { actionlint, REPO_ROOT, schemaErrors } from "./validate.js";

function mlpFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== "node_modules" && !name.startsWith(".")) out.push(...mlpFiles(full));
    } else if (name.endsWith(".mlp")) {
      out.push(relative(REPO_ROOT, full));
    }
  }
  return out;
}

const files = [
  ...readdirSync(join(REPO_ROOT, "test/fixtures"))
    .filter((f) => f.endsWith(".mlp"))
    .map((f) => `test/fixtures/${f}`),
  ...mlpFiles(join(REPO_ROOT, "examples")),
];

describe("github target on every .mlp fixture and example", () => {
  it("finds the kitchen sink and the examples", () => {
    expect(files).toContain("test/fixtures/kitchen-sink.mlp");
    expect(files.some((f) => f.startsWith("examples/"))).toBe(true);
  });

  for (const file of files) {
    it(`${file}: compiles, passes actionlint and the schema`, async () => {
      const compiled = compileToIr(file, nodeHost);
      expect(compiled.diagnostics.filter((d) => d.severity === "error"), "front end").toEqual([]);
      const out = emitWithTarget(compiled.ir!, target, { knownTargets: ["argo", "airflow", "github", "ir"], mlpVersion: "0.1.0" });
      expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(out.files.length).toBe(compiled.ir!.pipelines.length);
      for (const f of out.files) {
        expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
        expect(schemaErrors(f.contents), f.path).toEqual([]);
      }
      if (file === "test/fixtures/kitchen-sink.mlp") {
        const text = out.files.map((f) => `---------- ${f.path} ----------\n${f.contents}`).join("\n");
        const { expected, actual } = golden("kitchen-sink", text);
        expect(actual).toBe(expected);
      }
    });
  }
});
