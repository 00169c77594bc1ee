import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runStd } from "../../../src/cli/commands/std.js";
import { csv, readJson, tempDir } from "./helpers.js";

function streams(): { stdout: { write(s: string): boolean }; stderr: { write(s: string): boolean }; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
  };
}

describe("mlp std", () => {
  it("runs a built-in with --input VALUE pairs, as the generated workflows call it", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["x", "c"], [[1, "a"], [2, "a"], [3, "b"], [4, "b"]]);
    const cur = csv(dir, "cur.csv", ["x", "c"], [[3, "a"], [4, "b"], [5, "b"], [6, "b"]]);
    const s = streams();
    const code = await runStd("drift", ["--current", cur, "--reference", ref, "--bins", "2", "--report", join(dir, "r.json"), "--metrics", join(dir, "m.json"), "--schema", "current=x:float,c:string"], s);
    expect(code).toBe(0);
    expect(s.err()).toMatch(/^std\.drift: max_psi \d+\.\d{4}, max_ks 0\.5000, drifted_columns \d+ \(metrics in .*m\.json\)\n$/);
    const m = readJson(join(dir, "m.json"));
    expect(Object.keys(m).sort()).toEqual(["drifted_columns", "ks_x", "max_ks", "max_psi", "psi_c", "psi_x"]);
    expect(m.ks_x).toBeCloseTo(0.5, 12); // F_ref(4) = 1, F_cur(4) = 0.5
    expect(readJson(join(dir, "r.json")).builtin).toBe("drift");
  });

  it("accepts --name=value and dashes for underscores", async () => {
    const dir = tempDir();
    const data = csv(dir, "d.csv", ["a"], [[1], [2]]);
    const s = streams();
    expect(await runStd("expect", [`--data=${data}`, "--min-rows", "2", `--metrics=${join(dir, "m.json")}`], s)).toBe(0);
    expect(readJson(join(dir, "m.json"))).toEqual({ rows: 2, max_null_fraction: 0, schema_ok: true });
  });

  it("exits 1 with the failed expectation when data does not meet it", async () => {
    const dir = tempDir();
    const data = csv(dir, "d.csv", ["a"], [[1]]);
    const s = streams();
    expect(await runStd("expect", ["--data", data, "--min_rows", "5", "--metrics", join(dir, "m.json")], s)).toBe(1);
    expect(s.err()).toBe(`error: std.expect: expectation not met: ${data}: has 1 row, expected at least 5\n`);
  });

  it("exits 1 naming file, line and column when a value does not parse", async () => {
    const dir = tempDir();
    const ref = csv(dir, "ref.csv", ["x"], [[1], [2]]);
    const cur = csv(dir, "cur.csv", ["x"], [[1], ["oops"]]);
    const s = streams();
    expect(await runStd("drift", ["--current", cur, "--reference", ref, "--metrics", join(dir, "m.json"), "--schema", "current=x:int"], s)).toBe(1);
    expect(s.err()).toBe(`error: std.drift: ${cur}:3: row 2, column \`x\`: \`oops\` is not an int\n`);
  });

  it.each([
    [["--current", "a.csv", "--metrics", "m.json"], "error: missing `--reference` (the data the model was trained on)"],
    [["--current", "a.csv", "--reference", "b.csv"], "error: missing `--metrics PATH`"],
    [["--current", "a.csv", "--reference", "b.csv", "--metrics", "m", "--colour", "x"], "error: `std.drift` has no input or output `colour`"],
    [["--current", "a.csv", "--current", "b.csv"], "error: `--current` given twice"],
    [["--current"], "error: `--current` needs a value"],
    [["a.csv"], "error: unexpected argument `a.csv`"],
    [["--current", "a", "--reference", "b", "--metrics", "m", "--schema", "data=a:int"], "error: `--schema` must be `INPUT=col:type,…` with INPUT one of `current`, `reference`"],
    [["--current", "a", "--reference", "b", "--metrics", "m", "--schema", "current=a:int,a:float"], "error: column `a` appears twice"],
    [["--current", "a", "--reference", "b", "--metrics", "m", "--bins", "1"], "error: std.drift: `bins` must be an int from 2 to 1000, got 1"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const s = streams();
    expect(await runStd("drift", args, s)).toBe(2);
    expect(s.err()).toContain(message);
    expect(s.err()).toContain("= help: run `mlp std drift --help`");
  });

  it("exits 2 for an unknown built-in and for a missing input file", async () => {
    const s = streams();
    expect(await runStd("nope", [], s)).toBe(2);
    expect(s.err()).toContain("unknown built-in `nope`");
    const t = streams();
    expect(await runStd("profile", ["--data", "/no/such.csv", "--metrics", "/tmp/m.json"], t)).toBe(2);
    expect(t.err()).toContain("error: std.profile: /no/such.csv: no such file");
  });

  it("prints each built-in's inputs, outputs and metrics from its signature", async () => {
    const s = streams();
    expect(await runStd("drift", ["--help"], s)).toBe(0);
    expect(s.out()).toContain("--bins");
    expect(s.out()).toContain("psi_<column>");
    expect(s.out()).toMatch(/ks_<column> +float: per numeric column/);
    const o = streams();
    expect(await runStd(undefined, [], o)).toBe(2);
    expect(o.out()).toContain("Usage: mlp std <builtin>");
  });
});
