import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { readIrCache, writeIrCache } from "../../src/runtime/ir-cache.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import { validIr } from "../helpers/valid-ir.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { join } from "node:path";
import { project } from "./harness.js";
import { irDoc, out, step } from "./ir-builder.js";

const IR = validIr({ ir: "mlp/v1", source: "a.mlp", root: ".", schemas: {}, pipelines: [] } satisfies IrDocument);

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

  it("checks an entry again when it loads it: a damaged one is a miss, never unchecked IR", () => {
    const p = project({ "a.mlp": "pipeline a {}\n" });
    const store = join(p.dir, ".mlp");
    const entry = join(p.dir, "a.mlp");
    const ir = validIr(irDoc({ steps: [step({ name: "a", outputs: [out("o")], run: "true > ${o}" }), step({ name: "b", run: "true", after: ["a"] })] }));
    writeIrCache(store, entry, "v1", ir, []);
    expect(readIrCache(store, entry, "v1")?.ir).toEqual(ir);
    const [file] = readdirSync(join(store, "ir-cache"));
    const path = join(store, "ir-cache", file!);
    // `b` now needs a node that does not exist (MLP9112): the entry is refused.
    writeFileSync(path, readFileSync(path, "latin1").replace(/"needs":\s*\[\s*"a"\s*\]/, '"needs": ["ghost"]'), "latin1");
    expect(readFileSync(path, "latin1")).toContain('"ghost"');
    expect(readIrCache(store, entry, "v1")).toBeUndefined();
    // Bytes that are not JSON at all: also a miss.
    writeFileSync(path, `${readFileSync(path, "latin1").split("\n")[0]}\n{not json`, "latin1");
    expect(readIrCache(store, entry, "v1")).toBeUndefined();
  });

  it("stores text outside ASCII escaped, and reads it back unchanged", () => {
    const p = project({ "a.mlp": "pipeline a {}\n" });
    const store = join(p.dir, ".mlp");
    const entry = join(p.dir, "a.mlp");
    const text = "café ☕ 😀 \u2028 naïve \u0000 \\ \"";
    const ir = validateIrDocument(irDoc({ steps: [step({ name: "a", outputs: [out("o")], run: `printf '%s' '${text}' > \${o}` })] }), "p.ir.json").ir!;
    writeIrCache(store, entry, "v1", ir, []);
    const [file] = readdirSync(join(store, "ir-cache"));
    const bytes = readFileSync(join(store, "ir-cache", file!));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(readIrCache(store, entry, "v1")?.ir.pipelines[0]!.steps[0]!.run!.template).toContain(text);
  });
});
