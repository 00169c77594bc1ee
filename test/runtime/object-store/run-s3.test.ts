/**
 * `mlp run` with `s3://` datasets against a real S3-compatible server on 127.0.0.1 (see
 * `s3-server.ts`): built-in steps stream the object, shell steps receive the URI, the schema
 * check reads the object, an unchanged object is only `HEAD`ed (never downloaded again), a
 * re-uploaded one invalidates the cache, and an unreadable one is MLP7026 before anything runs.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt } from "../../cli/run-cli.js";
import { HAVE_S3_SERVER, requireServerInCi, startS3Server, type S3Server } from "./s3-server.js";

const SOURCE = (uri: string, extra = ""): string => `
schema Row {
  id: int
  x: float
}

pipeline remote {
  dataset raw: Table<Row> = "${uri}"

  step profile = std.profile(data: raw)

  step echo {
    inputs { data: raw }
    outputs { seen: File }
    run "printf '%s' \${data} > \${seen}"
  }
${extra}}
`;

interface RunJson {
  status: string;
  replayedFrom: number | null;
  nodes: { name: string; status: string; reason?: string }[];
  diagnostics: { code: string; message: string; notes?: string[]; help?: string[] }[];
}

let s3: S3Server;
const dir = mkdtempSync(join(tmpdir(), "mlp-run-s3-"));

function mlpRun(env: Record<string, string | undefined>): Promise<{ status: number | null; json: RunJson; stderr: string }> {
  const full: Record<string, string | undefined> = { ...process.env, MLP_DEBUG: undefined, CI: "true", ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "run", "p.mlp", "--format", "json"], { cwd: dir, env: full as NodeJS.ProcessEnv });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (status) => resolve({ status, json: JSON.parse(out) as RunJson, stderr: err }));
  });
}

const statusOf = (r: RunJson): Record<string, string> => Object.fromEntries(r.nodes.map((n) => [n.name, n.status]));

describe.skipIf(!HAVE_S3_SERVER && process.env.CI !== "true")("mlp run with s3:// datasets", () => {
  beforeAll(async () => {
    requireServerInCi();
    ensureBuilt();
    s3 = await startS3Server(["data"]);
  });
  afterAll(async () => {
    await s3?.close();
  });

  it("runs, then replays without downloading, then reruns when the object changes", async () => {
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/rows.csv"));
    await s3.put("data", "in/rows.csv", "id,x\n1,0.5\n2,1.5\n3,2.5\n");

    s3.requests.length = 0;
    const first = await mlpRun(s3.env);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(statusOf(first.json)).toEqual({ profile: "done", echo: "done" });
    // The built-in and the schema check streamed the object; the shell step got the URI itself.
    expect(s3.requests).toContain("GET /data/in/rows.csv");
    // Artifacts are stored under the sha256 of their bytes: the echo step's output is the URI.
    const uriHash = createHash("sha256").update("s3://data/in/rows.csv").digest("hex");
    expect(readFileSync(join(dir, ".mlp", "objects", uriHash.slice(0, 2), uriHash), "utf8")).toBe("s3://data/in/rows.csv");

    s3.requests.length = 0;
    const second = await mlpRun(s3.env);
    expect(second.status).toBe(0);
    expect(second.json.replayedFrom).toBe(1);
    expect(s3.requests).toEqual(["HEAD /data/in/rows.csv"]);

    // A changed pipeline is not replayed, but its unchanged steps are cached: still no download
    // (the schema check passed for this object version before and is remembered).
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/rows.csv", '  step more {\n    outputs { o: File }\n    run "echo > ${o}"\n  }\n'));
    s3.requests.length = 0;
    const changed = await mlpRun(s3.env);
    expect(changed.json.diagnostics).toEqual([]);
    expect(changed.status).toBe(0);
    expect(statusOf(changed.json)).toEqual({ profile: "cached", echo: "cached", more: "done" });
    expect(s3.requests).toEqual(["HEAD /data/in/rows.csv"]);
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/rows.csv"));

    await s3.put("data", "in/rows.csv", "id,x\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n");
    s3.requests.length = 0;
    const third = await mlpRun(s3.env);
    expect(third.status).toBe(0);
    expect(third.json.replayedFrom).toBeNull();
    expect(statusOf(third.json)).toEqual({ profile: "done", echo: "done" });
    expect(third.json.nodes.find((n) => n.name === "profile")!.reason).toBe("input `data` (dataset `raw`) changed");
    expect(s3.requests.filter((r) => r.startsWith("GET"))).toContain("GET /data/in/rows.csv");
  });

  it("checks a Table<Schema> dataset on the store against its schema before the step runs", async () => {
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/bad.csv"));
    await s3.put("data", "in/bad.csv", "id,x\n1,0.5\ntwo,1.5\n");
    const r = await mlpRun(s3.env);
    expect(r.status).toBe(1);
    const d = r.json.diagnostics.find((x) => x.code === "MLP7014")!;
    expect(d.message).toMatch(/dataset `raw`, `s3:\/\/data\/in\/bad\.csv`\) does not match schema `Row`: .*two/);
  });

  it("stops before any step with MLP7026 naming the URI when the object is missing", async () => {
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/missing.csv"));
    const r = await mlpRun(s3.env);
    expect(r.status).toBe(1);
    expect(r.json.nodes.every((n) => n.status !== "done")).toBe(true);
    const d = r.json.diagnostics.find((x) => x.code === "MLP7026")!;
    expect(d.message).toBe("dataset `raw`: cannot read `s3://data/in/missing.csv`");
    expect(d.notes).toEqual(["s3://data/in/missing.csv: no such object `in/missing.csv` in bucket `data`"]);
  });

  it("reports an unreachable endpoint as MLP7026 too", async () => {
    writeFileSync(join(dir, "p.mlp"), SOURCE("s3://data/in/rows.csv"));
    const r = await mlpRun({ ...s3.env, AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.status).toBe(1);
    const d = r.json.diagnostics.find((x) => x.code === "MLP7026")!;
    expect(d.notes![0]).toMatch(/^s3:\/\/data\/in\/rows\.csv: cannot reach the S3 endpoint \(ECONNREFUSED/);
  });
});

