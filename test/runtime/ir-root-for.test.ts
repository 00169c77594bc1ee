/** Where `mlp run` resolves an IR document's paths: the entry `.mlp` file's directory. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrDocument } from "../../src/ir/ir.js";
import { irRootFor } from "../../src/runtime/load-pipeline.js";

const doc = (root: string): IrDocument => ({ ir: "mlp/v1", source: "p.mlp", root, schemas: {}, pipelines: [] });

/** A repository with ml/pipes/p.mlp, a build/ folder, and a JSON file beside the source. */
function repo(): string {
  const top = mkdtempSync(join(tmpdir(), "mlp-irroot-"));
  mkdirSync(join(top, ".git"));
  mkdirSync(join(top, "ml", "pipes"), { recursive: true });
  mkdirSync(join(top, "build"));
  writeFileSync(join(top, "ml", "pipes", "p.mlp"), "");
  return top;
}

describe("irRootFor", () => {
  it("is a .mlp file's own directory", () => {
    const top = repo();
    expect(irRootFor(doc("anything"), join(top, "ml", "pipes", "p.mlp"))).toBe(join(top, "ml", "pipes"));
  });

  it("reads an IR file's root from the repository root found above the JSON file", () => {
    const top = repo();
    expect(irRootFor(doc("ml/pipes"), join(top, "build", "p.ir.json"))).toBe(join(top, "ml", "pipes"));
  });

  it("takes the JSON file's directory when the source sits beside it", () => {
    const top = repo();
    expect(irRootFor(doc("elsewhere"), join(top, "ml", "pipes", "p.ir.json"))).toBe(join(top, "ml", "pipes"));
  });

  it("keeps an old absolute root", () => {
    const top = repo();
    expect(irRootFor(doc(join(top, "ml", "pipes")), join(top, "build", "p.ir.json"))).toBe(join(top, "ml", "pipes"));
  });

  it("falls back to the JSON file's directory when no candidate holds the source", () => {
    const top = repo();
    expect(irRootFor(doc("nowhere"), join(top, "build", "p.ir.json"))).toBe(join(top, "build"));
  });
});
