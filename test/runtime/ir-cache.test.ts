import { describe, expect, it } from "vitest";
import { readIrCache, writeIrCache } from "../../src/runtime/ir-cache.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { join } from "node:path";
import { project } from "./harness.js";

const IR = { ir: "mlp/v1", source: "a.mlp", root: ".", schemas: {}, pipelines: [] } as unknown as IrDocument;

describe("IR cache", () => {
  it("serves the IR while the entry, its imports and the compiler are unchanged", () => {
    const p = project({ "a.mlp": 'import "lib/b.mlp"\npipeline a {}\n', "lib/b.mlp": 'import "../c.mlp"\n', "c.mlp": "# c\n" });
    const store = join(p.dir, ".mlp");
    const entry = join(p.dir, "a.mlp");
    expect(readIrCache(store, entry, "v1")).toBeUndefined();
    writeIrCache(store, entry, "v1", IR, []);
    expect(readIrCache(store, entry, "v1")?.ir).toEqual(IR);
    expect(readIrCache(store, entry, "v2")).toBeUndefined();
    p.write("c.mlp", "# changed, two imports away\n");
    expect(readIrCache(store, entry, "v1")).toBeUndefined();
    writeIrCache(store, entry, "v1", IR, []);
    expect(readIrCache(store, entry, "v1")).toBeDefined();
    p.write("a.mlp", 'import "lib/b.mlp"\npipeline a { }\n');
    expect(readIrCache(store, entry, "v1")).toBeUndefined();
  });
});
