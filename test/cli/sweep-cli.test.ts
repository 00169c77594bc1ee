/**
 * The sweep commands as a user (or a target's fan-in job) runs them: `mlp fan-in`, and `mlp run`
 * of a sweep followed by `mlp runs show` (a table of points, the winner marked) and `mlp runs diff`
 * (points matched by their values).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, tempDir } from "./run-cli.js";

beforeAll(ensureBuilt);

const SPEC = {
  sweep: "tune",
  points: [
    { index: 0, entry: "0", values: { lr: 0.1 } },
    { index: 1, entry: "1", values: { lr: 0.3 } },
  ],
  best: { direction: "min", step: "train", metric: "loss" },
  steps: [{ name: "train", outputs: ["model"], metrics: ["loss"] }],
  bestOutputs: [{ step: "train", output: "model" }],
  collect: [{ step: "train", output: "model" }],
};

function points(losses: (number | undefined)[]): string {
  const dir = tempDir("mlp-fanin-cli-");
  losses.forEach((loss, i) => {
    mkdirSync(join(dir, "points", String(i), "train"), { recursive: true });
    writeFileSync(join(dir, "points", String(i), "train", "model"), `model ${i}`);
    if (loss !== undefined) writeFileSync(join(dir, "points", String(i), "train.metrics.json"), JSON.stringify({ loss }));
  });
  return dir;
}

describe("mlp fan-in", () => {
  it("writes the fan-in's files from --spec, and from MLP_FAN_IN_SPEC", () => {
    const dir = points([0.4, 0.2]);
    writeFileSync(join(dir, "spec.json"), JSON.stringify(SPEC));
    const r = mlp(["fan-in", "--points", "points", "--out", "out", "--spec", "spec.json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('sweep tune: 2 of 2 points finished; best: point 1 {"lr":0.3}\n');
    expect(readFileSync(join(dir, "out", "best", "train", "model"), "utf8")).toBe("model 1");
    expect(readdirSync(join(dir, "out", "collect", "train", "model")).sort()).toEqual(["0", "1", "points.json"]);
    const env = mlp(["fan-in", "--points", "points", "--out", "out2"], { cwd: dir, env: { MLP_FAN_IN_SPEC: JSON.stringify(SPEC) } });
    expect(env.status).toBe(0);
    expect(readFileSync(join(dir, "out2", "best.json"), "utf8")).toBe(readFileSync(join(dir, "out", "best.json"), "utf8"));
  });

  it("exits 1 with MLP7050 when no point finished, and MLP7051 for a bad or missing spec, never a stack trace", () => {
    const dir = points([undefined, undefined]);
    writeFileSync(join(dir, "spec.json"), JSON.stringify(SPEC));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...SPEC, best: { direction: "up", step: "train", metric: "loss" } }));
    const cases: [string[], Record<string, string>, string, string][] = [
      [["--spec", "spec.json"], {}, "MLP7050", "no point has a numeric `train.loss`"],
      [["--spec", "bad.json"], {}, "MLP7051", "`best.direction` must be `max` or `min`"],
      [["--spec", "missing.json"], {}, "MLP7051", "cannot read the fan-in spec"],
      [[], { MLP_FAN_IN_SPEC: "{not json" }, "MLP7051", "the fan-in spec is not JSON"],
      [[], {}, "MLP7051", "no fan-in spec"],
    ];
    for (const [args, env, code, text] of cases) {
      const r = mlp(["fan-in", "--points", "points", "--out", "out", ...args], { cwd: dir, env: { MLP_FAN_IN_SPEC: undefined, ...env } });
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(code);
      expect(r.stderr).toContain(text);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe("mlp runs show / diff of a sweep", () => {
  it("prints a table of points with the winner marked, and compares two runs point by point", () => {
    const dir = tempDir("mlp-sweep-cli-");
    cpSync(resolve(__dirname, "../fixtures/sweep"), dir, { recursive: true });
    expect(mlp(["run", "tune.mlp", "-j", "4"], { cwd: dir }).status).toBe(0);
    const second = mlp(["run", "tune.mlp", "-j", "4", "-p", "depths=[2,4,8]"], { cwd: dir });
    expect(second.status).toBe(0);
    expect(second.stdout + second.stderr).toContain("run 2 succeeded: 7 ran, 13 cached");
    const show = mlp(["runs", "show", "1"], { cwd: dir });
    expect(show.status).toBe(0);
    expect(show.stdout).toContain("sweep tune: 6 points, 6 finished, best: point 3 (lr=0.1 depth=4)\n");
    const table = show.stdout.slice(show.stdout.indexOf("sweep tune:")).split("\n").slice(1, 8);
    expect(table[0]!.split(/\s+/).filter(Boolean)).toEqual(["POINT", "lr", "depth", "train.loss", "evaluate.f1", "STATUS"]);
    expect(table[4]!.split(/\s+/).filter(Boolean)).toEqual(["*", "3", "0.1", "4", "0.25", "0.938", "succeeded"]);
    expect(table.filter((l) => l.trimStart().startsWith("*"))).toHaveLength(1);
    const json = JSON.parse(mlp(["runs", "show", "1", "--format", "json"], { cwd: dir }).stdout) as { sweeps: { sweep: string; best: number; points: unknown[] }[] };
    expect(json.sweeps.map((s) => [s.sweep, s.best, s.points.length])).toEqual([["tune", 3, 6]]);
    const diff = mlp(["runs", "diff", "1", "2"], { cwd: dir });
    expect(diff.status).toBe(0);
    const section = diff.stdout.slice(diff.stdout.indexOf("sweep tune"));
    expect(section).toContain("best: lr=0.1 depth=4 -> lr=0.1 depth=8");
    expect(section.split("\n").filter((l) => /\badded\b/.test(l)).map((l) => l.trim().split("  ")[0])).toEqual(["lr=0.01 depth=8", "lr=0.1 depth=8", "lr=0.3 depth=8"]);
    // Points are matched by values: the renumbered old points are not reported as changed.
    expect(section).not.toContain("changed");
    expect(diff.stdout).not.toMatch(/^\s+train\[\d+\]/m);
  });
});
