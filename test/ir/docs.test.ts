/** The full example of docs/ir.md compiles to exactly the IR the document shows. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { validateIr } from "../../src/ir/validate-ir.js";
import { memoryHost } from "../../src/source/host.js";
import { summary } from "../check/helpers.js";
import { REPO } from "./helpers.js";

function blocks(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/<!-- ir-example: (\S+) -->\n```\w+\n([\s\S]*?)```/g)) out.set(m[1]!, m[2]!);
  return out;
}

describe("docs/ir.md", () => {
  const example = blocks(readFileSync(join(REPO, "docs/ir.md"), "utf8"));

  it("has the example's sources and IR", () => {
    expect([...example.keys()].sort()).toEqual(["ir", "lib.mlp", "shop.mlp"]);
  });

  it("shows the IR the compiler produces for its example", () => {
    const r = compileToIr("shop.mlp", memoryHost({ "shop.mlp": example.get("shop.mlp")!, "lib.mlp": example.get("lib.mlp")! }));
    expect(summary(r.diagnostics)).toEqual([]);
    expect(validateIr(r.ir)).toEqual([]);
    expect(r.ir).toEqual(JSON.parse(example.get("ir")!));
  });
});
