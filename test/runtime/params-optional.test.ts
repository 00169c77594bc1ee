/** `mlp run` params: an optional param (`T?`) may be left unset; a required one may not. */
import { describe, expect, it } from "vitest";
import type { IrPipeline } from "../../src/ir/ir.js";
import { resolveParams } from "../../src/runtime/params.js";

const origin = { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
const pipeline: Pick<IrPipeline, "name" | "origin" | "params"> = {
  name: "p",
  origin,
  params: [
    { name: "threshold", type: { kind: "float", optional: true }, origin },
    { name: "epochs", type: { kind: "int" }, origin },
  ],
};

describe("resolveParams", () => {
  it("leaves an unset optional param absent", () => {
    const r = resolveParams(pipeline, ["epochs=3"]);
    expect(r.diagnostics).toEqual([]);
    expect(r.values).toEqual({ epochs: 3 });
    expect("threshold" in r.values).toBe(false);
  });

  it("takes a value for an optional param", () => {
    expect(resolveParams(pipeline, ["epochs=3", "threshold=0.5"]).values).toEqual({ epochs: 3, threshold: 0.5 });
  });

  it("still requires a param that is not optional (MLP7003)", () => {
    const r = resolveParams(pipeline, []);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["MLP7003", "parameter `epochs` has no default and was given no value"]]);
  });
});
