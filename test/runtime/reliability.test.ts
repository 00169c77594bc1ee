import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt, mlp } from "../cli/run-cli.js";
import { fromDataset, fromOutput, irDoc, metric, out, step } from "./ir-builder.js";
import { project, runs } from "./harness.js";

const { go, closeAll } = runs();
afterEach(closeAll);

beforeAll(() => ensureBuilt());

function integrity(dir: string): string {
  const db = new Database(join(dir, ".mlp", "mlp.db"), { readonly: true });
  try {
    return (db.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.close();
  }
}

function sleepers(tag: string): number {
  let n = 0;
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, "latin1").split("\0").join(" ").includes(tag)) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

const waitFor = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("reliability", () => {
  it("survives kill -9 mid-step: the step stops with mlp, the dead run is marked, finished steps are reused", async () => {
    const p = project({ slow: "" });
    const ir = irDoc({
      steps: [
        step({ name: "a", outputs: [out("o")], run: "echo a > ${o}" }),
        step({ name: "b", inputs: [fromOutput("i", "a", "o")], outputs: [out("o")], run: "if [ -f slow ]; then touch b-started; sleep 41.25; fi; cat ${i} > ${o}" }),
        step({ name: "c", inputs: [fromOutput("i", "b", "o")], outputs: [out("o")], run: "cat ${i} > ${o}" }),
      ],
    });
    writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(ir));
    const child = spawn(process.execPath, [BIN, "run", "p.ir.json", "-j", "1"], { cwd: p.dir, stdio: "ignore", env: { ...process.env, CI: "1" } });
    await waitFor(() => existsSync(join(p.dir, "b-started")));
    // `a`'s records are committed in batches (at most 50 ms late): kill once they are.
    await waitFor(() => {
      const db = new Database(join(p.dir, ".mlp", "mlp.db"), { readonly: true });
      try {
        return db.prepare("SELECT 1 FROM cache WHERE step = 'a'").get() !== undefined;
      } finally {
        db.close();
      }
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // The step launcher's watchdog stops the orphaned step without waiting for the next run.
    await waitFor(() => sleepers("sleep 41.25") === 0, 5_000);
    rmSync(join(p.dir, "slow"));

    const r = mlp(["run", "p.ir.json", "--format", "json"], { cwd: p.dir, env: { CI: "1" } });
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as { runId: number; nodes: { name: string; status: string }[] };
    expect(res.runId).toBe(2);
    // b was killed mid-step, so it runs again; a finished before the kill and is reused.
    expect(Object.fromEntries(res.nodes.map((n) => [n.name, n.status]))).toEqual({ a: "cached", b: "done", c: "done" });
    const db = new Database(join(p.dir, ".mlp", "mlp.db"), { readonly: true });
    expect((db.prepare("SELECT status FROM runs WHERE id = 1").get() as { status: string }).status).toBe("died");
    db.close();
    expect(sleepers("sleep 41.25")).toBe(0);
    expect(readdirSync(join(p.dir, ".mlp", "tmp"))).toEqual([]);
    expect(integrity(p.dir)).toBe("ok");
  }, 60_000);

  it("runs two `mlp run` at once on one store: both complete, nothing is corrupted", async () => {
    const p = project({ "data/in.txt": "x\n" });
    const steps = [];
    for (let i = 0; i < 12; i++) steps.push(step({ name: `s${i}`, inputs: [fromDataset("d", "in")], outputs: [out("o")], run: `sleep 0.0${i % 5}; cat \${d} > \${o}; echo ${i} >> \${o}` }));
    steps.push(step({ name: "join", inputs: steps.map((s, i) => fromOutput(`i${i}`, s.name, "o")), outputs: [out("o")], run: `cat ${steps.map((_, i) => `\${i${i}}`).join(" ")} > \${o}` }));
    writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(irDoc({ datasets: [{ name: "in", uri: "data/in.txt" }], steps })));
    const start = () =>
      new Promise<string>((resolve) => {
        const c = spawn(process.execPath, [BIN, "run", "p.ir.json", "-j", "2"], { cwd: p.dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "1" } });
        let err = "";
        c.stderr.on("data", (d: Buffer) => (err += d.toString()));
        c.once("exit", (code) => resolve(code === 0 ? "ok" : `exit ${code}: ${err}`));
      });
    const codes = await Promise.all([start(), start()]);
    expect(codes).toEqual(["ok", "ok"]);
    const db = new Database(join(p.dir, ".mlp", "mlp.db"), { readonly: true });
    expect(db.prepare("SELECT id, status FROM runs ORDER BY id").all()).toEqual([
      { id: 1, status: "success" },
      { id: 2, status: "success" },
    ]);
    db.close();
    expect(integrity(p.dir)).toBe("ok");
    const third = mlp(["run", "p.ir.json", "--format", "json"], { cwd: p.dir, env: { CI: "1" } });
    expect((JSON.parse(third.stdout) as { nodes: { status: string }[] }).nodes.every((n) => n.status === "cached")).toBe(true);
  }, 60_000);

  it("fails a step that writes bad metrics, naming the step, the file and the field", async () => {
    const p = project();
    const ir = irDoc({ steps: [step({ name: "evaluate", metrics: [metric("accuracy"), metric("n", "int")], run: `echo '{"accuracy": "high", "n": 3}' > \${metrics}` })] });
    const r = await go(p.dir, ir);
    expect(r.status).toBe("failed");
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("MLP7013");
    expect(d.message).toBe('metrics of step `evaluate` do not match its declaration: metric `accuracy` must be number (got the string "high")');
    expect(d.notes[0]).toMatch(/^file: .*metrics\.json$/);
    const bad = await go(p.dir, irDoc({ steps: [step({ name: "evaluate", metrics: [metric("accuracy")], run: "echo '{oops' > ${metrics}" })] }));
    expect(bad.diagnostics[0]!.message).toMatch(/^metrics file of step `evaluate` is not valid JSON/);
    const missing = await go(p.dir, irDoc({ steps: [step({ name: "evaluate", metrics: [metric("accuracy")], run: "echo '{}' > ${metrics}" })] }));
    expect(missing.diagnostics[0]!.message).toBe("metrics of step `evaluate` do not match its declaration: missing metric `accuracy`");
  });

  it("records a nested metrics object under dotted names, and warns about values that are not metrics", async () => {
    const p = project();
    const json = '{"accuracy": 0.9, "avg_prec": {"train": 0.8, "test": {"macro": 0.7, "ok": true}}, "model": "rf", "sizes": [1, 2], "none": null}';
    const r = await go(p.dir, irDoc({ steps: [step({ name: "evaluate", metrics: [metric("accuracy")], run: `echo '${json}' > \${metrics}` })] }));
    expect(r.status).toBe("success");
    const rows = r.store.db.prepare("SELECT name, value, type AS kind FROM metrics WHERE run_id = ? ORDER BY name").all(r.runId) as { name: string; value: number; kind: string }[];
    expect(rows).toEqual([
      { name: "accuracy", value: 0.9, kind: "float" },
      { name: "avg_prec.test.macro", value: 0.7, kind: "float" },
      { name: "avg_prec.test.ok", value: 1, kind: "bool" },
      { name: "avg_prec.train", value: 0.8, kind: "float" },
    ]);
    const w = r.diagnostics.find((d) => d.code === "MLP7025")!;
    expect(w.severity).toBe("warning");
    expect(w.message).toBe("step `evaluate` reported metrics that are not numbers or booleans; they are not recorded: `model` (the string \"rf\"), `sizes` (an array), `none` (null)");
  });

  it("refuses a nested object where a metric is declared, and a name given twice", async () => {
    const p = project();
    const nested = await go(p.dir, irDoc({ steps: [step({ name: "evaluate", metrics: [metric("avg_prec")], run: `echo '{"avg_prec": {"train": 0.8}}' > \${metrics}` })] }));
    expect(nested.diagnostics[0]!.message).toBe("metrics of step `evaluate` do not match its declaration: metric `avg_prec` must be number (got an object)");
    const twice = await go(p.dir, irDoc({ steps: [step({ name: "evaluate", run: `echo '{"a.b": 1, "a": {"b": 2}}' > \${metrics}` })] }));
    expect(twice.diagnostics[0]!.message).toBe("metrics of step `evaluate` do not match its declaration: metric `a.b` is given twice (once as a dotted key, once by nesting)");
  });

  it("reports a missing input file before running anything", async () => {
    const p = project();
    writeFileSync(
      join(p.dir, "p.ir.json"),
      JSON.stringify(irDoc({ datasets: [{ name: "raw", uri: "data/missing.csv" }], steps: [step({ name: "a", inputs: [fromDataset("d", "raw")], outputs: [out("o")], run: "cat ${d} > ${o}" })] })),
    );
    const r = mlp(["run", "p.ir.json"], { cwd: p.dir, env: { CI: "1" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[MLP7015]: dataset `raw`: cannot read `data/missing.csv`");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("rejects an output name like ../../etc/x and touches nothing outside the work dir", async () => {
    const p = project();
    const ir = irDoc({ steps: [step({ name: "evil", outputs: [out("../../etc/x")], run: "echo pwned > ${../../etc/x}" })] });
    // The builder cannot parse that placeholder; make the command use the output part directly.
    const evil = ir.pipelines[0]!.steps[0]!;
    (evil as { run: unknown }).run = { template: "echo pwned > ${x}", parts: [{ kind: "text", text: "echo pwned > " }, { kind: "output", name: "../../etc/x" }] };
    // The IR boundary refuses it (the schema's identifier pattern) before the executor sees it.
    const r = await go(p.dir, ir);
    expect(r.status).toBe("failed");
    expect(r.diagnostics.map((d) => d.code)).toContain("MLP9110");
    expect(r.diagnostics.every((d) => d.code === "MLP9110" || d.code === "MLP9111")).toBe(true);
    expect(r.runId).toBeNull();
    expect(existsSync(join(p.dir, ".mlp", "etc"))).toBe(false);
    expect(existsSync(join(p.dir, "etc"))).toBe(false);
  });

  it("`mlp run` of a hand-written .ir.json with an output named ../x is refused at the IR boundary, and nothing is recorded", () => {
    const p = project();
    const ir = irDoc({ steps: [step({ name: "evil", outputs: [out("x")], run: "echo pwned > ${x}" })] });
    const evil = ir.pipelines[0]!.steps[0]!;
    (evil as { outputs: unknown }).outputs = [{ name: "../x", type: { kind: "File" } }];
    (evil as { run: unknown }).run = { template: "echo pwned > ${x}", parts: [{ kind: "text", text: "echo pwned > " }, { kind: "output", name: "../x" }] };
    writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(ir));
    const r = mlp(["run", "p.ir.json"], { cwd: p.dir, env: { CI: "1" } });
    // Bad input: exit 1, as MLP7016 exited before; a diagnostic, never a stack trace.
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[MLP911[01]\]: .*p\.ir\.json/);
    expect(r.stderr).not.toContain("MLP7016");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // No run was started: the store holds no run (it was not even created) and nothing was written.
    expect(existsSync(join(p.dir, ".mlp", "mlp.db"))).toBe(false);
    expect(existsSync(join(p.dir, "x"))).toBe(false);
  });

  it("fails a step that does not write a declared output, and stores nothing of it", async () => {
    const p = project();
    const r = await go(p.dir, irDoc({ steps: [step({ name: "a", outputs: [out("model", "Model"), out("o")], run: "echo half > ${o}" })] }));
    expect(r.status).toBe("failed");
    expect(r.diagnostics[0]!.message).toBe("step `a` did not write its output `model`");
    expect(readdirSync(join(p.dir, ".mlp", "objects"))).toEqual([]);
    expect(readdirSync(join(p.dir, ".mlp", "tmp"))).toEqual([]);
  });

  it("keeps secrets out of logs and records", async () => {
    const p = project();
    const ir = irDoc({ secrets: ["TOKEN"], steps: [step({ name: "a", secrets: ["TOKEN"], outputs: [out("o")], run: 'echo "token is $TOKEN"; echo ok > ${o}; echo "$TOKEN" >&2; exit 3' })] });
    const r = await go(p.dir, ir, { env: { ...process.env, TOKEN: "s3cr3t-value" } });
    expect(r.status).toBe("failed");
    const log = readFileSync(r.outcomes[0]!.logPath!, "utf8");
    expect(log).toBe("token is ***\n***\n");
    closeAll();
    const bytes = readFileSync(join(p.dir, ".mlp", "mlp.db")).toString("latin1") + (existsSync(join(p.dir, ".mlp", "mlp.db-wal")) ? readFileSync(join(p.dir, ".mlp", "mlp.db-wal")).toString("latin1") : "");
    expect(bytes.includes("s3cr3t-value")).toBe(false);
    // A step that does not declare the secret does not see it.
    const r2 = await go(p.dir, irDoc({ secrets: ["TOKEN"], steps: [step({ name: "b", outputs: [out("o")], run: 'echo "[$TOKEN]" > ${o}' })] }), { env: { ...process.env, TOKEN: "s3cr3t-value" } });
    const h = r2.store.db.prepare("SELECT hash FROM run_artifacts WHERE step = 'b'").get() as { hash: string };
    expect(readFileSync(r2.store.objectPath(h.hash), "utf8")).toBe("[]\n");
  });

  it("honours timeout and retry", async () => {
    const p = project();
    const t0 = Date.now();
    const slow = await go(p.dir, irDoc({ steps: [step({ name: "slow", timeoutSeconds: 0.3, run: "sleep 20" })] }));
    expect(slow.diagnostics[0]!.code).toBe("MLP7011");
    expect(Date.now() - t0).toBeLessThan(10_000);
    const flaky = await go(p.dir, irDoc({ steps: [step({ name: "flaky", retry: 2, outputs: [out("o")], run: "n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ $n -ge 1 ] && echo ok > ${o}" })] }));
    expect(flaky.status).toBe("success");
    expect(flaky.outcomes[0]!.attempts).toBe(2);
  });

  it("on cancel stops children, records the run as cancelled and stores no half-written artifact", async () => {
    const p = project();
    const ctl = new AbortController();
    const ir = irDoc({ steps: [step({ name: "long", outputs: [out("o")], run: "echo partial > ${o}; touch started; sleep 37.5; echo rest >> ${o}" }), step({ name: "next", after: ["long"], run: "true" })] });
    const pending = go(p.dir, ir, { signal: ctl.signal });
    await waitFor(() => existsSync(join(p.dir, "started")));
    ctl.abort();
    const r = await pending;
    expect(r.status).toBe("cancelled");
    expect(r.status_).toEqual({ long: "cancelled", next: "not_run" });
    expect(readdirSync(join(p.dir, ".mlp", "objects"))).toEqual([]);
    expect(sleepers("sleep 37.5")).toBe(0);
    expect((r.store.db.prepare("SELECT status FROM runs WHERE id = ?").get(r.runId) as { status: string }).status).toBe("cancelled");
  });

  it("exits 130 on SIGTERM and 2 on a bad parameter value", async () => {
    const p = project();
    writeFileSync(join(p.dir, "p.ir.json"), JSON.stringify(irDoc({ steps: [step({ name: "long", run: "touch started; sleep 38.5" })] })));
    const child = spawn(process.execPath, [BIN, "run", "p.ir.json"], { cwd: p.dir, stdio: "ignore", env: { ...process.env, CI: "1" } });
    await waitFor(() => existsSync(join(p.dir, "started")));
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.once("exit", (c) => r(c)));
    expect(code).toBe(130);
    expect(sleepers("sleep 38.5")).toBe(0);

    const SPAN = { file: "p.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
    writeFileSync(join(p.dir, "q.ir.json"), JSON.stringify(irDoc({ params: [{ name: "depth", type: { kind: "int" }, default: 3, origin: SPAN }], steps: [step({ name: "a", run: "true" })] })));
    const bad = mlp(["run", "q.ir.json", "-p", "depth=deep"], { cwd: p.dir, env: { CI: "1" } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error[MLP7001]: `deep` is not a valid `int` for parameter `depth`");
    const unknown = mlp(["run", "q.ir.json", "-p", "dept=3"], { cwd: p.dir, env: { CI: "1" } });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error[MLP7002]: pipeline `p` has no parameter `dept`");
  }, 60_000);
});
