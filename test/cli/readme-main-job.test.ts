/**
 * The README's first command, run from the built CLI exactly as a user runs it: the penguins
 * training pipeline end to end (data checks, gates, training, deploys) on the embedded store.
 * Running through `dist/` catches what tests of the TypeScript sources cannot: the compiler's
 * own emit. The production deploy installs the model for the example's model server; the test
 * then serves it with `serve.mjs`, queries it over KServe's V1 protocol, and stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, hasStackTrace, mlp, ROOT, tempDir } from "./run-cli.js";

beforeAll(() => ensureBuilt());

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) if (s.exitCode === null && s.signalCode === null) s.kill("SIGKILL");
});

/** Starts serve.mjs on a free loopback port; resolves with its base URL once it listens. */
function serve(dir: string): Promise<{ url: string; server: ChildProcess }> {
  const server = spawn(process.execPath, [join(ROOT, "examples/penguins/serve.mjs"), "--dir", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  servers.push(server);
  return new Promise((ok, no) => {
    let out = "";
    server.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok({ url: m[1]!, server });
    });
    server.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
    server.on("exit", (code) => no(new Error(`serve.mjs exited with ${code}: ${out}`)));
  });
}

const GENTOO = { island: "Biscoe", bill_length_mm: 47.5, bill_depth_mm: 14.8, flipper_length_mm: 217, body_mass_g: 5200, sex: "male" };
const ADELIE = { island: "Torgersen", bill_length_mm: 38.9, bill_depth_mm: 18.6, flipper_length_mm: 187, body_mass_g: 3600, sex: "female" };

describe("README main job", () => {
  it("runs examples/penguins/train.mlp end to end, serves the production model, then re-runs from the cache", { timeout: 240_000 }, async () => {
    // A store and a serving directory of its own, so the test neither reads nor leaves state beside the example.
    const work = tempDir("mlp-readme-");
    const store = join(work, "store");
    const serving = join(work, "serving");
    const env = { CI: "true", PENGUINS_SERVING_DIR: serving };
    const args = ["run", "examples/penguins/train.mlp", "--approve", "production", "--store", store];
    const first = mlp(args, { cwd: ROOT, env });
    expect(hasStackTrace(first.stderr + first.stdout), first.stderr).toBe(false);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout + first.stderr).toMatch(/run \d+ succeeded/);
    expect(first.stdout + first.stderr).toMatch(/deploy production deployed/);
    expect(existsSync(join(store, "mlp.db"))).toBe(true);
    // The deploy installed the model and returned: nothing serves it until serve.mjs runs.
    expect(readdirSync(serving)).toEqual(["production.json"]);

    const { url, server } = await serve(serving);
    expect(await (await fetch(`${url}/v1/models`)).json()).toEqual({ models: ["production"] });
    expect(await (await fetch(`${url}/v1/models/production`)).json()).toEqual({ name: "production", ready: true });
    const predicted = await fetch(`${url}/v1/models/production:predict`, { method: "POST", body: JSON.stringify({ instances: [GENTOO, ADELIE] }) });
    expect(predicted.status).toBe(200);
    const body = (await predicted.json()) as { predictions: string[]; vote_shares: number[] };
    expect(body.predictions).toEqual(["Gentoo", "Adelie"]);
    for (const share of body.vote_shares) expect(share).toBeGreaterThan(0.5);
    const badRow = await fetch(`${url}/v1/models/production:predict`, { method: "POST", body: JSON.stringify({ instances: [{ island: "Biscoe" }] }) });
    expect(badRow.status).toBe(400);
    expect(((await badRow.json()) as { error: string }).error).toMatch(/bill_length_mm/);
    expect((await fetch(`${url}/v1/models/staging:predict`, { method: "POST", body: "{}" })).status).toBe(404);
    const stopped = new Promise<number | null>((ok) => server.on("exit", (code) => ok(code)));
    server.kill("SIGTERM");
    expect(await stopped).toBe(0);

    const again = mlp(args, { cwd: ROOT, env });
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/succeeded: 0 ran/);
    // What was tracked, with the store flag before or after the subcommand.
    for (const argv of [["runs", "show", "latest", "--store", store], ["runs", "--store", store, "show", "latest"]]) {
      const shown = mlp(argv, { cwd: ROOT });
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout).toContain("pipeline `penguins_train`");
    }
  });
});
