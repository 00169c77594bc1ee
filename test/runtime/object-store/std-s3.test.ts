/**
 * `mlp std` reading `s3://` and `gs://` tables from a real S3-compatible server on 127.0.0.1
 * (see `s3-server.ts`): the same metrics as from a local copy, coded errors naming the URI for
 * each way reading can fail, and memory that stays flat on a large object.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt } from "../../cli/run-cli.js";
import { HAVE_S3_SERVER, requireServerInCi, startS3Server, type S3Server } from "./s3-server.js";

interface Ran {
  status: number | null;
  stderr: string;
  /** Peak resident memory of the mlp process, in KiB. */
  maxRssKb: number;
}

const dir = mkdtempSync(join(tmpdir(), "mlp-std-s3-"));
// Reports the process's peak RSS as it exits (loaded with `--require` before mlp): VmHWM, the
// high-water mark of this process's own memory. (`resourceUsage().maxRSS` is not: Linux carries
// it over from the forking parent through exec, so it reports the test worker's size.)
const PRELOAD = join(dir, "rss.cjs");
writeFileSync(
  PRELOAD,
  `process.on("exit", () => { const fs = require("node:fs"); const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8")); fs.writeSync(3, m ? m[1] : String(process.resourceUsage().maxRSS)); });\n`,
);

/** Runs `mlp ARGS…` with `env` added (async: the server answers from this process). */
function mlp(args: readonly string[], env: Record<string, string | undefined>): Promise<Ran> {
  const full: Record<string, string | undefined> = { ...process.env, MLP_DEBUG: undefined, ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--require", PRELOAD, BIN, ...args], { env: full as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    let stderr = "";
    let rss = "";
    p.stderr!.on("data", (d) => (stderr += d));
    p.stdio[3]!.on("data", (d) => (rss += d));
    p.on("close", (status) => resolve({ status, stderr, maxRssKb: Number(rss) }));
  });
}

const ROWS = "id,x,c\n1,0.5,a\n2,1.5,b\n3,,a\n4,2.5,b\n";
let s3: S3Server;
const outDir = (name: string): string => join(dir, name);

describe.skipIf(!HAVE_S3_SERVER && process.env.CI !== "true")("mlp std on an object store", () => {
  beforeAll(async () => {
    requireServerInCi();
    ensureBuilt();
    s3 = await startS3Server(["data"]);
    await s3.put("data", "t/rows.csv", ROWS);
    await s3.put("data", "t/rows.jsonl", '{"id": 1, "c": "a"}\n{"id": 2, "c": null}\n');
  });
  afterAll(async () => {
    await s3?.close();
  });

  it("profiles an s3:// CSV as it profiles the same file on disk", async () => {
    writeFileSync(join(dir, "rows.csv"), ROWS);
    const remote = await mlp(["std", "profile", "--data", "s3://data/t/rows.csv", "--metrics", outDir("m1.json"), "--report", outDir("r1.json")], s3.env);
    expect(remote.stderr).toMatch(/^std\.profile: rows 4, max_null_fraction 0\.2500, schema_ok true/);
    expect(remote.status).toBe(0);
    const local = await mlp(["std", "profile", "--data", join(dir, "rows.csv"), "--metrics", outDir("m2.json")], {});
    expect(local.status).toBe(0);
    expect(readFileSync(outDir("m1.json"), "utf8")).toBe(readFileSync(outDir("m2.json"), "utf8"));
    expect(JSON.parse(readFileSync(outDir("r1.json"), "utf8")).path).toBe("s3://data/t/rows.csv");
  });

  it("reads JSON lines and runs drift with one side on the store", async () => {
    const j = await mlp(["std", "profile", "--data", "s3://data/t/rows.jsonl", "--metrics", outDir("m3.json")], s3.env);
    expect(j.status).toBe(0);
    expect(JSON.parse(readFileSync(outDir("m3.json"), "utf8"))).toMatchObject({ rows: 2, null_fraction_c: 0.5 });
    const d = await mlp(["std", "drift", "--current", "s3://data/t/rows.csv", "--reference", join(dir, "rows.csv"), "--bins", "2", "--metrics", outDir("m4.json")], s3.env);
    expect(d.status).toBe(0);
    expect(JSON.parse(readFileSync(outDir("m4.json"), "utf8"))).toMatchObject({ max_psi: 0, max_ks: 0, drifted_columns: 0 });
  });

  it("reads gs:// through GCS's S3-compatible API (here pointed at the local server with MLP_GS_ENDPOINT_URL)", async () => {
    const env = { MLP_GS_ENDPOINT_URL: s3.endpoint, GS_ACCESS_KEY_ID: "S3RVER", GS_SECRET_ACCESS_KEY: "S3RVER", AWS_ACCESS_KEY_ID: "unused", AWS_SECRET_ACCESS_KEY: "unused", AWS_EC2_METADATA_DISABLED: "true" };
    const before = s3.requests.length;
    const r = await mlp(["std", "profile", "--data", "gs://data/t/rows.csv", "--metrics", outDir("m5.json")], env);
    expect(r.stderr).toMatch(/^std\.profile: rows 4/);
    expect(r.status).toBe(0);
    expect(s3.requests.slice(before)).toContain("GET /data/t/rows.csv");
  });

  it("needs no region (us-east-1 then) and uses path-style addresses with AWS_ENDPOINT_URL unless told otherwise", async () => {
    const before = s3.requests.length;
    const r = await mlp(["std", "profile", "--data", "s3://data/t/rows.csv", "--metrics", outDir("m6.json")], { ...s3.env, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
    expect(r.stderr).toMatch(/^std\.profile: rows 4/);
    expect(s3.requests.slice(before)).toEqual(["GET /data/t/rows.csv"]);
    // Virtual-hosted style: the bucket moves into the host name (`data.localhost`), out of the path.
    // (An IP address endpoint would always get path style from the SDK, so `localhost` here.)
    const mark = s3.requests.length;
    const endpoint = s3.endpoint.replace("127.0.0.1", "localhost");
    await mlp(["std", "profile", "--data", "s3://data/t/rows.csv", "--metrics", outDir("m7.json")], { ...s3.env, AWS_ENDPOINT_URL: endpoint, AWS_S3_FORCE_PATH_STYLE: "false" });
    expect(s3.requests.slice(mark)).not.toContain("GET /data/t/rows.csv");
    const path = await mlp(["std", "profile", "--data", "s3://data/t/rows.csv", "--metrics", outDir("m7.json")], { ...s3.env, AWS_ENDPOINT_URL: endpoint });
    expect(path.status).toBe(0);
    expect(s3.requests.slice(mark)).toContain("GET /data/t/rows.csv");
  });

  const failures: [string, string, Record<string, string | undefined>, RegExp][] = [
    ["a missing object", "s3://data/t/none.csv", {}, /no such object `t\/none\.csv` in bucket `data`/],
    ["a missing bucket", "s3://nobucket/t/rows.csv", {}, /no such bucket `nobucket`/],
    ["refused credentials", "s3://data/t/rows.csv", { AWS_SECRET_ACCESS_KEY: "wrong" }, /access denied by the S3 endpoint \(SignatureDoesNotMatch\)/],
    ["no credentials", "s3://data/t/rows.csv", { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, /no credentials found\n {2}= help: set AWS_ACCESS_KEY_ID/],
    ["an unreachable endpoint", "s3://data/t/rows.csv", { AWS_ENDPOINT_URL: "http://127.0.0.1:9" }, /cannot reach the S3 endpoint \(ECONNREFUSED/],
    ["a URI without a key", "s3://data", {}, /not of the form `s3:\/\/BUCKET\/KEY`/],
  ];
  for (const [what, uri, env, message] of failures) {
    it(`reports ${what} as MLP7026 naming the URI, without a stack trace`, async () => {
      const r = await mlp(["std", "profile", "--data", uri, "--metrics", outDir("bad.json")], { ...s3.env, ...env });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`error[MLP7026]: std.profile: ${uri}: `);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("streams a large object in bounded memory: reading it from the store costs what reading it from disk does", async () => {
    // 1,000,000 rows of ~90 bytes (about 89 MB), and 100,000 rows of the same shape.
    const write = async (path: string, rows: number): Promise<void> => {
      const out = createWriteStream(path);
      out.write("id,x,c\n");
      const pad = "p".repeat(80);
      for (let i = 0; i < rows; i++) {
        if (!out.write(`${i},${(i % 997) / 10},${pad}${i % 7}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      await new Promise<void>((r) => out.end(() => r()));
    };
    await write(join(dir, "big.csv"), 1_000_000);
    await write(join(dir, "mid.csv"), 100_000);
    await write(join(dir, "small.csv"), 1_000);
    await s3.put("data", "big.csv", { file: join(dir, "big.csv") });
    await s3.put("data", "mid.csv", { file: join(dir, "mid.csv") });
    const size = statSync(join(dir, "big.csv")).size;
    expect(size).toBeGreaterThan(85 * 1024 * 1024);
    const drift = async (current: string): Promise<number> => {
      const r = await mlp(["std", "drift", "--current", current, "--reference", join(dir, "small.csv"), "--metrics", outDir("drift.json"), "--report", outDir("drift-report.json")], s3.env);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(outDir("drift-report.json"), "utf8")).current.path).toBe(current);
      return r.maxRssKb / 1024;
    };
    const mid = await drift("s3://data/mid.csv");
    const big = await drift("s3://data/big.csv");
    expect(JSON.parse(readFileSync(outDir("drift-report.json"), "utf8")).current.rows).toBe(1_000_000);
    const local = await drift(join(dir, "big.csv"));
    console.log(
      `std drift, peak RSS: ${mid.toFixed(1)} MB for 100,000 rows from s3, ${big.toFixed(1)} MB for 1,000,000 rows ` +
        `(a ${(size / 1024 / 1024).toFixed(0)} MB object) from s3, ${local.toFixed(1)} MB for the same file on disk`,
    );
    // Buffering the object would add ~89 MB (twice that as UTF-16 text); streaming adds little,
    // and ten times the rows cost about what they cost from a local file.
    expect(big - local).toBeLessThan(25);
    expect(big - mid).toBeLessThan(40);
  }, 240_000);
});
