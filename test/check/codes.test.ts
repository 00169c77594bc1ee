/**
 * One test per checker code (MLP2xxx, MLP3xxx, MLP4xxx): the catalogue's `bad` example reports
 * exactly that code at the span below, and its `fixed` example compiles with no diagnostics.
 */
import { describe, expect, it } from "vitest";
import { allCodes } from "../../src/diagnostics/codes.js";
import { compile, summary } from "./helpers.js";

/** The exact primary span (file line:column+length) of each code in its catalogue `bad` example. */
const EXPECTED_SPANS: Record<string, string> = {
  MLP2001: "main.mlp 1:8+14", // the import string `"./shared.mlp"`
  MLP2002: "b.mlp 1:8+9", // `"./a.mlp"` in b.mlp, which closes a.mlp -> b.mlp -> a.mlp
  MLP2003: "main.mlp 3:8+1", // the second `n`
  MLP2004: "main.mlp 6:11+2", // `aa` in `after aa`
  MLP2005: "main.mlp 2:16+5", // `Tabel`
  MLP2006: "main.mlp 6:12+4", // `gret`
  MLP2007: "main.mlp 7:14+7", // `acuracy` in `evaluate.acuracy`
  MLP2008: "main.mlp 4:15+7", // `${HOME}`
  MLP2009: "main.mlp 3:26+10", // `${metrics}`
  MLP2010: "main.mlp 3:5+7", // the `metrics` keyword
  MLP2011: "main.mlp 4:5+3", // the second `run`
  MLP2013: "main.mlp 3:17+4", // `cpus`
  MLP2014: "main.mlp 8:8+5", // `kserv`
  MLP2015: "main.mlp 8:32+8", // `replicas`
  MLP2016: "main.mlp 8:32+6", // `format`
  MLP2017: "main.mlp 11:5+13", // `tune.train.f1` without `best`
  MLP2018: "main.mlp 9:10+7", // `maximum`
  MLP2019: "main.mlp 12:5+8", // `train.f1` outside the block
  MLP2020: "main.mlp 4:11+5", // `inner`
  MLP2022: "main.mlp 4:10+2", // dimension `lr` hides param `lr`
  MLP2023: "main.mlp 10:5+17", // the second `best`
  MLP2024: "main.mlp 13:7+14", // `after not good` inside the block
  MLP3001: "main.mlp 13:23+3", // `raw` passed as `data`
  MLP3002: "main.mlp 8:17+24", // `deployed(production).auc`
  MLP3003: "main.mlp 8:9+1", // the `>` operator
  MLP3004: "main.mlp 7:12+5", // the callee `greet`
  MLP3005: "main.mlp 7:28+4", // `loud`
  MLP3006: "main.mlp 3:21+2", // `p2` in `change(p2)`
  MLP3007: "main.mlp 3:22+3", // `int` in `outputs { count: int }`
  MLP3008: "main.mlp 3:11+2", // `-1`
  MLP3009: "main.mlp 3:18+1", // `a` as the default of `b`
  MLP3010: "main.mlp 2:8+1", // the step name `s`
  MLP3012: "main.mlp 8:17+7", // `greet()`
  MLP3013: "main.mlp 7:5+807", // the whole condition: `t.a` then 200 `+ 1` and `> 0`
  MLP3014: "main.mlp 8:8+6", // the kind, `kserve`
  MLP3015: "main.mlp 8:46+3", // `"2"`
  MLP3016: "main.mlp 3:14+2", // `[]`
  MLP3017: "main.mlp 3:25+3", // the second `0.1`
  MLP3018: "main.mlp 3:14+13", // `[0.1, "fast"]`
  MLP3019: "main.mlp 9:14+15", // `train.converged`
  MLP3021: "main.mlp 13:30+13", // `tune.train.f1`
  MLP3022: "main.mlp 7:33+11", // `train.model` inside `${…}`
  MLP4001: "main.mlp 7:11+1", // `a` in `after a`: the edge a -> b, first edge of the cycle
  MLP4002: "main.mlp 7:11+11", // `train.model`
  MLP4003: "main.mlp 3:28+4", // the output `test`
  MLP4004: "main.mlp 7:18+8", // `train.f1` read by the finally step
};

const CHECKER_CODES = allCodes().filter((c) => /^MLP[234]/.test(c.code));

describe("checker code catalogue", () => {
  it("lists a span for exactly the codes that have a bad example", () => {
    const withExamples = CHECKER_CODES.filter((c) => c.bad !== undefined).map((c) => c.code);
    expect(Object.keys(EXPECTED_SPANS).sort()).toEqual(withExamples);
  });

  it("gives every code a bad and a fixed example, or neither (I/O only)", () => {
    for (const c of CHECKER_CODES) expect(c.bad === undefined, c.code).toBe(c.fixed === undefined);
    expect(CHECKER_CODES.filter((c) => c.bad === undefined).map((c) => c.code)).toEqual(["MLP2000"]);
  });

  for (const info of CHECKER_CODES) {
    if (info.bad === undefined) continue;
    describe(info.code, () => {
      it("bad example reports exactly this code, at its expected span", () => {
        const r = compile(info.bad!, info.files ?? {});
        const lines = summary(r.diagnostics);
        expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set([info.code]));
        expect(r.diagnostics[0]!.severity).toBe(info.severity);
        expect(lines[0]).toBe(`${info.code} ${EXPECTED_SPANS[info.code]}`);
      });
      it("fixed example compiles with no diagnostics", () => {
        const r = compile(info.fixed!, info.files ?? {});
        expect(summary(r.diagnostics)).toEqual([]);
        expect(r.ir).toBeDefined();
      });
    });
  }
});
