/**
 * `>=` right after a type's argument list (`Table<Row>= "…"`) is `>` then `=`, not the
 * comparison operator; everywhere else `>=` stays a comparison.
 */
import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { codes, parseText, pipelineMembers, sexpr } from "./helpers.js";

describe("`>=` closing a type argument list", () => {
  it("parses `Table<Row>= \"…\"` as a dataset with its URI", () => {
    const [ds] = pipelineMembers('  dataset raw: Table<Row>= "data/raw.csv"');
    const d = ds as A.DatasetDecl;
    expect(d.kind).toBe("Dataset");
    expect(d.type.name.name).toBe("Table");
    expect(d.type.args.map((a) => a.name.name)).toEqual(["Row"]);
    expect(d.uri.value).toBe("data/raw.csv");
    // The `=` keeps its own column: the type ends at `>` (column 26), the URI follows.
    expect(d.type.span.end.column).toBe(26);
  });

  it("keeps `>=` a comparison in expressions", () => {
    const [gate] = pipelineMembers("  param t: float = 0.5\n  gate g { t >= 0.1 }").slice(1);
    expect(sexpr((gate as A.GateDecl).conditions[0]!)).toBe("(>= t 0.1)");
  });

  it("keeps `>=` a comparison after a `<` that opens no type", () => {
    const r = parseText("pipeline p {\n  param a: int = 1\n  gate g { a < 2\n a >= 1 }\n}\n");
    expect(codes(r.diagnostics)).toEqual([]);
    const gate = (r.file.declarations[0] as A.PipelineDecl).members[1] as A.GateDecl;
    expect(gate.conditions.map(sexpr)).toEqual(["(< a 2)", "(>= a 1)"]);
  });
});
