/**
 * Component call arguments (rule `valid-component-arguments`): every code it reports, with its
 * line, column, message, labels, notes and help.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { compile } from "./helpers.js";

const GREET = `component greet {
  inputs { who: string, times: int, loud: bool = false }
  run "echo \${who} \${times} \${loud}"
}
`;

/** `CODE line:column message` plus labels, notes and help, for each diagnostic. */
function shown(ds: readonly Diagnostic[]) {
  return ds.map((d) => ({
    at: `${d.code} ${d.span.start.line}:${d.span.start.column}`,
    message: d.message,
    labels: (d.labels ?? []).map((l) => `${l.span.start.line}:${l.span.start.column} ${l.message}`),
    notes: d.notes ?? [],
    help: d.help ?? [],
  }));
}

function check(steps: string, prelude = GREET) {
  return shown(compile(`${prelude}\npipeline p {\n  param f: float = 1.5\n${steps}}\n`).diagnostics);
}

describe("component arguments", () => {
  it("accepts every required input once, defaults left out, int where float is expected", () => {
    expect(check(`  step a = greet(who: "a", times: 1)\n  step b = greet(times: 2, loud: true, who: "b")\n`)).toEqual([]);
  });

  it("MLP2011: an argument given twice, labelled at its first use; the second is not type-checked", () => {
    expect(check(`  step a = greet(who: "a", who: 3, times: 1)\n`)).toEqual([
      { at: "MLP2011 8:28", message: "argument `who` is given twice", labels: ["8:18 first given here"], notes: [], help: [] },
    ]);
  });

  it("MLP3001: an argument of the wrong type, labelled at the input's declaration", () => {
    expect(check(`  step a = greet(who: 1, times: f)\n`)).toEqual([
      { at: "MLP3001 8:23", message: "argument `who` has type `int`, but `greet` expects `string`", labels: ["2:12 input `who` declared here"], notes: [], help: [] },
      {
        at: "MLP3001 8:33",
        message: "argument `times` has type `float`, but `greet` expects `int`",
        labels: ["2:25 input `times` declared here"],
        notes: ["`int` widens to `float`, not the other way"],
        help: [],
      },
    ]);
  });

  it("MLP3001: a table missing a column the input's schema needs, with the column named", () => {
    const prelude = `schema Wide {\n  id: int\n  name: string\n}\nschema Narrow {\n  id: int\n}\ncomponent load {\n  inputs { t: Table<Wide> }\n  run "cat \${t}"\n}\n`;
    const ds = compile(`${prelude}\npipeline p {\n  dataset rows: Table<Narrow> = "rows.csv"\n  step a = load(t: rows)\n}\n`).diagnostics;
    expect(shown(ds)).toEqual([
      {
        at: "MLP3001 15:20",
        message: "argument `t` has type `Table<Narrow>`, but `load` expects `Table<Wide>`",
        labels: ["9:12 input `t` declared here"],
        notes: ["`Table<Narrow>` has no column `name` (`string`)"],
        help: [],
      },
    ]);
  });

  it("MLP3004: missing required inputs, at the callee, listing each without a default", () => {
    expect(check(`  step a = greet()\n`)).toEqual([
      {
        at: "MLP3004 8:12",
        message: "missing arguments `who`, `times` in call to `greet`",
        labels: [],
        notes: ["`who` is a `string` with no default", "`times` is a `int` with no default"],
        help: ["add `who: …`, `times: …`"],
      },
    ]);
  });

  it("MLP3005: an unknown argument, with a guess that is then not also reported missing", () => {
    expect(check(`  step a = greet(whoo: "a", times: 1)\n`)).toEqual([
      {
        at: "MLP3005 8:18",
        message: "`greet` has no input `whoo`",
        labels: [],
        notes: ["its inputs are `who`, `times`, `loud`"],
        help: ["did you mean `who`?"],
      },
    ]);
  });

  it("MLP3005: a component without inputs says so", () => {
    const prelude = `component hello {\n  run "echo hello"\n}\n`;
    expect(check(`  step a = hello(x: 1)\n`, prelude)).toEqual([
      { at: "MLP3005 7:18", message: "`hello` has no input `x`", labels: [], notes: ["`hello` takes no inputs"], help: [] },
    ]);
  });

  it("MLP3001 on a std built-in: no declaration to label", () => {
    const ds = compile(`pipeline p {\n  dataset raw: File = "raw.txt"\n  step a = std.profile(data: raw)\n}\n`).diagnostics;
    const found = shown(ds);
    expect(found.map((d) => d.at)).toEqual(["MLP3001 3:30"]);
    expect(found[0]!.message).toMatch(/^argument `data` has type `File`, but `std\.profile` expects `Table`/);
    expect(found[0]!.labels).toEqual([]);
  });
});
