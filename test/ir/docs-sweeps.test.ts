/**
 * The sweeps section of docs/ir.md says what the code does: the fan-in layout is the one
 * `src/ir/fan-in-spec.ts` documents, and the grid order and point identity shown are what
 * `src/ir/sweep-grid.ts` computes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pointEntryName, sweepPoints } from "../../src/ir/sweep-grid.js";
import type { IrSweep } from "../../src/ir/ir.js";
import { REPO } from "./helpers.js";

const doc = readFileSync(join(REPO, "docs/ir.md"), "utf8");

describe("docs/ir.md on sweeps", () => {
  it("shows exactly the paths of the fan-in's on-disk layout", () => {
    const header = readFileSync(join(REPO, "src/ir/fan-in-spec.ts"), "utf8").split("*/")[0]!;
    const layout = [...header.matchAll(/^ \*\s+((?:DIR|OUT)\/\S+)\s/gm)].map((m) => m[1]!);
    expect(layout.length).toBeGreaterThanOrEqual(7);
    const shown = [...doc.matchAll(/^((?:DIR|OUT)\/\S+)\s/gm)].map((m) => m[1]!);
    expect(shown).toEqual(layout);
  });

  it("shows the grid order, a point's key and entry names as sweep-grid computes them", () => {
    const sweep = {
      name: "tune",
      over: [
        { name: "lr", type: { kind: "float" }, values: { kind: "literal", values: [0.01, 0.1, 0.3] } },
        { name: "depth", type: { kind: "int" }, values: { kind: "literal", values: [2, 4] } },
      ],
    } as unknown as IrSweep;
    const points = sweepPoints(sweep, () => undefined);
    expect(doc).toContain(points.map((p) => `(${p.values.lr}, ${p.values.depth})`).join(", "));
    expect(doc).toContain(`(\`${points[0]!.key}\`)`);
    expect(doc).toContain(`\`${pointEntryName(0, 6)}\`…\`${pointEntryName(5, 6)}\` for 6 points`);
    expect(doc).toContain(`\`${pointEntryName(0, 1000)}\`…\`${pointEntryName(999, 1000)}\` for 1,000`);
  });
});
