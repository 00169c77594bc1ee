/**
 * Secrets in `mlp run` and `mlp approve`: masked in every log (steps that do not list the secret
 * too, deploy logs), in diagnostics, events and run records; a secret under 4 characters is left
 * alone with a warning at its declaration (MLP7060).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { approveDeployment } from "../../src/runtime/approve.js";
import { BIN, ensureBuilt, hasStackTrace, mlp } from "../cli/run-cli.js";
import { deployNode, fromOutput, fromParam, irDoc, metric, out, step } from "./ir-builder.js";
import { project, runs } from "./harness.js";

const { go, closeAll } = runs();
afterEach(closeAll);

const SECRET = "tok-s3cr3t-4f9a";
const ir0 = irDoc({ steps: [] }).pipelines[0]!;

/** Every byte of the store folder (database, WAL, logs) but artifacts, which are data and keep what a step wrote. */
function storeBytes(dir: string): string {
  const all: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (p !== join(dir, ".mlp", "objects")) walk(p);
      }
      else if (e.isFile()) all.push(readFileSync(p).toString("latin1"));
    }
  };
  walk(join(dir, ".mlp"));
  return all.join("\n");
}

/** A step that lists TOKEN and writes it to an artifact; a second that does not list it prints that file. */
function leakyPipeline(deployCommand: string, approval = false) {
  return irDoc({
    secrets: ["TOKEN"],
    params: [{ name: "note", type: { kind: "string" }, default: "none", origin: { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } }],
    steps: [
      step({ name: "fetch", secrets: ["TOKEN"], outputs: [out("o", "Model")], run: 'printf "%s" "$TOKEN" > ${o}; echo "fetched with $TOKEN"' }),
      step({ name: "show", inputs: [fromOutput("i", "fetch", "o", "Model"), fromParam("n", "note")], run: 'echo "copy: $(cat ${i}) note:" ${n}' }),
    ],
    deploys: [
      { ...deployNode("production", { step: "fetch", output: "o" }, { kind: "command", options: { command: deployCommand } }, ["show"], approval), secrets: ["TOKEN"] },
    ],
  });
}

beforeAll(() => ensureBuilt());

describe("redaction in mlp run", () => {
  it("masks every step log, the deploy log, events and records, even where the step does not list the secret", async () => {
    const p = project();
    const r = await go(p.dir, leakyPipeline('echo "deploying with $TOKEN"; echo "to stderr: $TOKEN" >&2'), {
      env: { ...process.env, TOKEN: SECRET },
      params: { note: `param ${SECRET}` },
      argv: ["run", "p.mlp", "-p", `note=param ${SECRET}`],
    });
    expect(r.status).toBe("success");
    const logs = join(p.dir, ".mlp", "logs", String(r.runId));
    expect(readFileSync(join(logs, "fetch.log"), "utf8")).toBe("fetched with ***\n");
    expect(readFileSync(join(logs, "show.log"), "utf8")).toBe("copy: *** note: param ***\n");
    expect(readFileSync(join(logs, "deploy-production.log"), "utf8")).toBe("deploying with ***\nto stderr: ***\n");
    // The run's row (params, argv), the cache-key parts and everything else in the store.
    const row = r.store.db.prepare("SELECT params, argv FROM runs WHERE id = ?").get(r.runId) as { params: string; argv: string };
    expect(JSON.parse(row.params)).toEqual({ note: "param ***" });
    expect(JSON.parse(row.argv)).toEqual(["run", "p.mlp", "-p", "note=param ***"]);
    closeAll();
    expect(storeBytes(p.dir).includes(SECRET)).toBe(false);
    expect(JSON.stringify(r.events).includes(SECRET)).toBe(false);
    expect(JSON.stringify(r.outcomes).includes(SECRET)).toBe(false);
  });

  it("a replayed run records its parameters and command line masked too", async () => {
    const p = project();
    const ir = irDoc({
      secrets: ["TOKEN"],
      params: [{ name: "note", type: { kind: "string" }, default: "none", origin: ir0.origin }],
      steps: [step({ name: "a", inputs: [fromParam("n", "note")], outputs: [out("o")], run: "echo ${n} > ${o}" })],
    });
    const opts = { env: { ...process.env, TOKEN: SECRET }, params: { note: SECRET }, argv: ["run", "p.mlp", "-p", `note=${SECRET}`] };
    const first = await go(p.dir, ir, opts);
    const again = await go(p.dir, ir, opts);
    expect(again.replayedFrom).toBe(first.runId);
    const row = again.store.db.prepare("SELECT params, argv FROM runs WHERE id = ?").get(again.runId) as { params: string; argv: string };
    expect([JSON.parse(row.params), JSON.parse(row.argv)]).toEqual([{ note: "***" }, ["run", "p.mlp", "-p", "note=***"]]);
  });

  it("masks a failing deploy's log, the tail shown under its diagnostic and its note", async () => {
    const p = project();
    const r = await go(p.dir, leakyPipeline('echo "bad token $TOKEN"; exit 4'), { env: { ...process.env, TOKEN: SECRET } });
    expect(r.status).toBe("failed");
    const failed = r.events.find((e) => e.type === "diagnostic" && e.diagnostic.code === "MLP7021");
    expect(failed).toMatchObject({ log: "bad token ***" });
    expect(readFileSync(join(p.dir, ".mlp", "logs", String(r.runId), "deploy-production.log"), "utf8")).toBe("bad token ***\n");
  });

  it("`mlp approve` masks the deploy log with the secrets of its own environment", async () => {
    const p = project();
    const r = await go(p.dir, leakyPipeline('echo "approved with $TOKEN"', true), { env: { ...process.env, TOKEN: SECRET } });
    expect(r.status).toBe("awaiting_approval");
    const later = "later-token-value";
    const a = await approveDeployment(r.store, r.runId!, "production", new AbortController().signal, { ...process.env, TOKEN: later });
    expect(a.ok && a.outcome.status).toBe("deployed");
    expect(readFileSync(join(p.dir, ".mlp", "logs", String(r.runId), "deploy-production.log"), "utf8")).toBe("approved with ***\n");
  });

  it("masks a secret in a step's error message, its run record and the run's message", async () => {
    const p = project();
    const ir = irDoc({
      secrets: ["TOKEN"],
      steps: [step({ name: "score", secrets: ["TOKEN"], metrics: [metric("accuracy")], run: 'printf \'{"accuracy": "%s"}\' "$TOKEN" > ${metrics}' })],
    });
    const r = await go(p.dir, ir, { env: { ...process.env, TOKEN: SECRET } });
    expect(r.status).toBe("failed");
    const d = r.diagnostics.find((x) => x.code === "MLP7013")!;
    expect(d.message).toContain('(got the string "***")');
    const rec = r.store.db.prepare("SELECT error FROM run_steps WHERE run_id = ?").get(r.runId) as { error: string };
    expect(rec.error).toContain('"***"');
    const run_ = r.store.db.prepare("SELECT message FROM runs WHERE id = ?").get(r.runId) as { message: string };
    expect(run_.message).toContain('"***"');
    closeAll();
    expect(storeBytes(p.dir).includes(SECRET)).toBe(false);
  });

  it("quotes no cut piece of a long secret in a metrics error (strings cut at 40 characters, V8's JSON errors)", async () => {
    const long = `long-${"x".repeat(30)}-0123456789abcdef`;
    const p = project();
    const score = (run: string) => irDoc({ secrets: ["TOKEN"], steps: [step({ name: "score", secrets: ["TOKEN"], metrics: [metric("accuracy")], run })] });
    const env = { ...process.env, TOKEN: long };
    const asString = await go(p.dir, score('printf \'{"accuracy": "%s"}\' "$TOKEN" > ${metrics}'), { env });
    expect(asString.diagnostics.find((d) => d.code === "MLP7013")!.message).toBe(
      'metrics of step `score` do not match its declaration: metric `accuracy` must be number (got the string "***")',
    );
    const notJson = await go(p.dir, score('printf \'{"accuracy": %s}\' "$TOKEN" > ${metrics}'), { env });
    expect(notJson.diagnostics.find((d) => d.code === "MLP7013")!.message).toBe(
      "metrics file of step `score` is not valid JSON: it holds a secret's value, so it is not quoted here",
    );
    for (const r of [asString, notJson]) expect(JSON.stringify(r.diagnostics).includes(long.slice(0, 12))).toBe(false);
    // Without a secret in it, the parser's own message is kept.
    const plain = await go(p.dir, score("printf '{\"accuracy\": nope}' > ${metrics}"), { env });
    expect(plain.diagnostics.find((d) => d.code === "MLP7013")!.message).toMatch(/^metrics file of step `score` is not valid JSON: Unexpected token/);
  });

  it("does not mask a secret shorter than 4 characters, and warns at its declaration (MLP7060)", async () => {
    const p = project();
    const ir = irDoc({ secrets: ["PIN"], steps: [step({ name: "a", secrets: ["PIN"], run: 'echo "pin $PIN: 7 days, 17 items"' })] });
    const r = await go(p.dir, ir, { env: { ...process.env, PIN: "7" } });
    expect(r.status).toBe("success");
    expect(readFileSync(join(p.dir, ".mlp", "logs", String(r.runId), "a.log"), "utf8")).toBe("pin 7: 7 days, 17 items\n");
    const w = r.diagnostics.filter((d) => d.code === "MLP7060");
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: "warning", message: "secret `PIN` is shorter than 4 characters, so mlp does not mask it in logs and records" });
    expect(w[0]!.span).toEqual(ir.pipelines[0]!.secrets[0]!.origin);
  });

  it("replaces a log it cannot mask rather than leave the secret in it (MLP7061)", async () => {
    // A directory where the rewritten log would go makes the rename fail, like a full disk would.
    const p = project();
    const ir = irDoc({ secrets: ["TOKEN"], steps: [step({ name: "a", secrets: ["TOKEN"], run: 'echo "t=$TOKEN"; mkdir -p "$MLP_STORE_DIR/logs/$MLP_RUN_ID/a.log.redacting/x"' })] });
    const r = await go(p.dir, ir, { env: { ...process.env, TOKEN: SECRET } });
    expect(r.status).toBe("success");
    const w = r.diagnostics.find((d) => d.code === "MLP7061");
    expect(w?.message).toMatch(/^could not mask secrets in log `.*a\.log` \(E[A-Z]+\); its content was removed$/);
    const log = readFileSync(join(p.dir, ".mlp", "logs", String(r.runId), "a.log"), "utf8");
    expect(log).toMatch(/^mlp: this log was removed because its secrets could not be masked/);
    expect(log.includes(SECRET)).toBe(false);
  });
});

describe("redaction after a crash", () => {
  /** A run of a step that prints the secret and sleeps, killed (kill -9) once the log holds it. */
  async function killedWithSecretInLog(sleep: string): Promise<{ dir: string; log: string }> {
    const p = project();
    const ir = irDoc({ secrets: ["TOKEN"], steps: [step({ name: "a", secrets: ["TOKEN"], run: `echo "t=$TOKEN"; touch started; sleep ${sleep}` })] });
    writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(ir));
    const child = spawn(process.execPath, [BIN, "run", "p.ir.json"], { cwd: p.dir, stdio: "ignore", env: { ...process.env, CI: "1", TOKEN: SECRET } });
    const log = join(p.dir, ".mlp", "logs", "1", "a.log");
    const end = Date.now() + 20_000;
    while (!(existsSync(join(p.dir, "started")) && existsSync(log) && readFileSync(log, "utf8").includes(SECRET))) {
      if (Date.now() > end) throw new Error("the step did not start");
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(readFileSync(log, "utf8")).toBe(`t=${SECRET}\n`);
    return { dir: p.dir, log };
  }

  /** The next run, with the secret set: it records run 1 `died` (if no one did) and masks its log. */
  async function nextRunMasks(dir: string, log: string): Promise<void> {
    const next = irDoc({ secrets: ["TOKEN"], steps: [step({ name: "a", secrets: ["TOKEN"], run: "true" })] });
    const r = await go(dir, next, { env: { ...process.env, TOKEN: SECRET } });
    expect(r.status).toBe("success");
    expect((r.store.db.prepare("SELECT status FROM runs WHERE id = 1").get() as { status: string }).status).toBe("died");
    expect(readFileSync(log, "utf8")).toBe("t=***\n");
  }

  it("masks the logs a killed mlp left unmasked, on the next run", async () => {
    const { dir, log } = await killedWithSecretInLog("43.5");
    await nextRunMasks(dir, log);
  });

  it("masks them on the next run even when `mlp runs` recorded the run died first", async () => {
    const { dir, log } = await killedWithSecretInLog("43.75");
    // `mlp runs` records the run died but knows no secret value: the log waits for the next run.
    const listed = spawnSync(process.execPath, [BIN, "runs", "--format", "json"], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 1, status: "died" }]);
    expect(readFileSync(log, "utf8")).toBe(`t=${SECRET}\n`);
    await nextRunMasks(dir, log);
  });
});

describe("redaction through the CLI", () => {
  const source = (secretLine: string) => `pipeline leaky {
  param note: string = "none"
  ${secretLine}

  step a {
    inputs { n: note }
    secrets [token]
    run "echo token=$token note=\${n}; exit 3"
  }
}
`;

  it("prints no secret in the progress, the failure's log tail, --format json or runs show", () => {
    const p = project({ "p.mlp": source("secret token") });
    const env = { CI: "1", token: SECRET };
    const ran = mlp(["run", "p.mlp", "-p", `note=${SECRET}`], { cwd: p.dir, env });
    expect(ran.status).toBe(1);
    expect(ran.stdout + ran.stderr).toContain("token=*** note=***");
    expect((ran.stdout + ran.stderr).includes(SECRET)).toBe(false);
    const json = mlp(["run", "p.mlp", "-p", `note=${SECRET}`, "--format", "json"], { cwd: p.dir, env });
    expect(json.status).toBe(1);
    expect((json.stdout + json.stderr).includes(SECRET)).toBe(false);
    for (const args of [["runs"], ["runs", "show", "1"], ["runs", "show", "1", "--format", "json"], ["runs", "--format", "json"]]) {
      const shown = mlp(args, { cwd: p.dir, env: { CI: "1" } });
      expect(shown.status).toBe(0);
      expect((shown.stdout + shown.stderr).includes(SECRET)).toBe(false);
    }
    expect(mlp(["runs", "show", "1", "--format", "json"], { cwd: p.dir, env: { CI: "1" } }).stdout).toContain("***");
  });

  it("names the short secret's declaration in the warning", () => {
    const p = project({ "p.mlp": source("secret token") });
    const ran = mlp(["run", "p.mlp"], { cwd: p.dir, env: { CI: "1", token: "ab" } });
    expect(ran.status).toBe(1);
    const all = ran.stdout + ran.stderr;
    expect(hasStackTrace(all)).toBe(false);
    expect(all).toContain("MLP7060");
    expect(all).toContain(" --> p.mlp:3:10\n  |\n3 |   secret token\n");
    expect(all).toContain("token=ab");
  });
});
