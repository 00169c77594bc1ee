/**
 * `mlp store verify` as a user runs it: it finds a flipped byte in `.mlp/objects` (MLP7031, exit 1),
 * prints the report as JSON under `--format json`, `--repair` moves the object aside, and the next
 * `mlp run` recomputes it; no store is exit 2 with a diagnostic, never a stack trace.
 */
import { chmodSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, tempDir } from "./run-cli.js";

beforeAll(ensureBuilt);

const PIPELINE = `component prepare {
  inputs { d: File }
  outputs { o: File }
  run "cat \${d} > \${o}; echo prep >> \${o}"
}

pipeline p {
  dataset raw: File = "raw.txt"
  step prep = prepare(d: raw)
}
`;

function objects(dir: string): string[] {
  const root = join(dir, ".mlp", "objects");
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)).map((name) => join(root, shard, name)));
}

describe("mlp store verify", () => {
  it("finds a flipped byte, reports it as JSON, repairs it, and the next run recomputes the object", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "p.mlp"), PIPELINE);
    writeFileSync(join(dir, "raw.txt"), "hello\n");
    expect(mlp(["run", "p.mlp", "-q"], { cwd: dir }).status).toBe(0);

    const clean = mlp(["store", "verify"], { cwd: dir });
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/database ok; 1 object \(\d+ bytes\) re-hashed; no problems/);

    const [obj] = objects(dir);
    chmodSync(obj!, 0o644);
    const bytes = readFileSync(obj!);
    bytes[2] = bytes[2]! ^ 0x01;
    writeFileSync(obj!, bytes);

    const found = mlp(["store", "verify", "--store", ".mlp"], { cwd: dir });
    expect(found.status).toBe(1);
    expect(found.stderr).toContain("error[MLP7031]");
    expect(found.stderr).toContain("made by step `prep` (output `o`) in run 1");
    expect(found.stdout).toContain("1 problem; `mlp store verify --repair`");

    const json = mlp(["store", "verify", "--file", "p.mlp", "--format", "json"], { cwd: dir });
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: { code: string; kind: string; path: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: "MLP7031", kind: "corrupt", path: obj })]);

    const repaired = mlp(["store", "verify", "--repair"], { cwd: dir });
    expect(repaired.status).toBe(1);
    expect(repaired.stderr).toContain(`moved to ${join(dir, ".mlp", "corrupt")}`);
    expect(repaired.stdout).toContain("all repaired (1 cache entry dropped");
    expect(mlp(["store", "verify"], { cwd: dir }).status).toBe(0);

    const rerun = mlp(["run", "p.mlp"], { cwd: dir });
    expect(rerun.status).toBe(0);
    expect(rerun.stdout + rerun.stderr).toContain("prep done");
    expect(readFileSync(obj!, "utf8")).toBe("hello\nprep\n");
  });

  it("without a store: exit 2 and a diagnostic, in JSON too", () => {
    const dir = tempDir();
    const human = mlp(["store", "verify"], { cwd: dir });
    expect(human.status).toBe(2);
    expect(human.stderr).toContain("error[MLP9106]: no mlp store at");
    expect(hasStackTrace(human.stderr)).toBe(false);
    const json = mlp(["store", "verify", "--format", "json"], { cwd: dir });
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout).diagnostics[0].code).toBe("MLP9106");
  });
});
