/**
 * The checker and lowering never throw on user input (a throw would surface as MLP9001) and
 * every lowered IR is valid: fast-check mutates real sources (identifier swaps keep the syntax
 * valid and stress name resolution and typing; line edits break the syntax), and feeds noise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkProgram, compileToIr, loadProgram } from "../../src/compile.js";
import { validateIr } from "../../src/ir/validate-ir.js";
import { memoryHost } from "../../src/source/host.js";
import { REPO } from "../ir/helpers.js";

const SOURCES = ["test/ir/cases/churn/churn.mlp", "examples/penguins/train.mlp", "examples/weather-drift/weather.mlp"].map((p) =>
  readFileSync(join(REPO, p), "utf8"),
);
const COMPONENTS = readFileSync(join(REPO, "test/ir/cases/churn/components.mlp"), "utf8");
const PENGUIN_COMPONENTS = readFileSync(join(REPO, "examples/penguins/components.mlp"), "utf8");

function run(main: string): void {
  const host = memoryHost({ "main.mlp": main, "components.mlp": main.includes("Penguin") ? PENGUIN_COMPONENTS : COMPONENTS });
  // the checker also runs on the partial trees of broken files (`mlp lint` does that)
  const partial = checkProgram(loadProgram("main.mlp", host).program);
  expect(partial.diagnostics.filter((d) => d.code === "MLP9001").map((d) => `${d.message}\n${d.notes.join("\n")}`)).toEqual([]);
  const r = compileToIr("main.mlp", host);
  expect(r.diagnostics.filter((d) => d.code === "MLP9001").map((d) => `${d.message}\n${d.notes.join("\n")}`)).toEqual([]);
  if (r.ir !== undefined) expect(validateIr(r.ir)).toEqual([]);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^MLP[1-4]\d{3}$/);
    expect(d.message).not.toMatch(/\.$/);
    expect(d.message.charAt(0)).toBe(d.message.charAt(0).toLowerCase());
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

describe("robustness", () => {
  it("survives identifier swaps (syntax kept, names and types scrambled)", () => {
    fc.assert(
      fc.property(fc.nat(SOURCES.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), (which, swaps) => {
        const src = SOURCES[which]!;
        const spots = [...src.matchAll(IDENT)].filter((m) => !src.slice(0, m.index).split("\n").pop()!.includes("#"));
        let out = src;
        // replace from the end so earlier offsets stay valid
        const edits = swaps
          .map(([at, from]) => ({ at: spots[at % spots.length]!, word: spots[from % spots.length]![0] }))
          .sort((a, b) => b.at.index! - a.at.index!);
        const done = new Set<number>();
        for (const e of edits) {
          if (done.has(e.at.index!)) continue;
          done.add(e.at.index!);
          out = out.slice(0, e.at.index!) + e.word + out.slice(e.at.index! + e.at[0].length);
        }
        run(out);
      }),
      { numRuns: 250 },
    );
  });

  it("survives deleted, duplicated and moved lines", () => {
    fc.assert(
      fc.property(fc.nat(SOURCES.length - 1), fc.array(fc.tuple(fc.constantFrom("del", "dup", "move"), fc.nat(), fc.nat()), { maxLength: 5 }), (which, ops) => {
        const lines = SOURCES[which]!.split("\n");
        for (const [op, a, b] of ops) {
          const i = a % lines.length;
          if (op === "del") lines.splice(i, 1);
          else if (op === "dup") lines.splice(i, 0, lines[i]!);
          else lines.splice(b % lines.length, 0, ...lines.splice(i, 1));
          if (lines.length === 0) lines.push("");
        }
        run(lines.join("\n"));
      }),
      { numRuns: 200 },
    );
  });

  it("reports an operator chain of 20,000 terms instead of overflowing the stack", () => {
    const src = `pipeline p {\n  step t {\n    metrics { a: float }\n    run "x \${metrics}"\n  }\n  gate g {\n    t.a${" + 1".repeat(20000)} > 0\n  }\n}\n`;
    const r = compileToIr("main.mlp", memoryHost({ "main.mlp": src }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP3013"]);
  });

  it("survives arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => run(s)), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."pipeline step{}()=:.,\n\"$ ?<>-+*/#abx0123"), maxLength: 120 }), (s) => run(s)), {
      numRuns: 300,
    });
  });
});
