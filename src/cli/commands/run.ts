/**
 * `mlp run FILE`: compiles a pipeline (or loads a hand-written `.ir.json`) and runs it with the
 * local executor, showing live progress on a terminal and plain lines elsewhere (CI, pipes).
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { InvalidArgumentError, type Command } from "commander";
import { lastLines } from "../log-tail.js";
import { count } from "../../diagnostics/count.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { validateIrDocument } from "../../ir/validate-document.js";
import { type ValidIr, type ValidPipeline } from "../../ir/validate.js";
import { nodeHost } from "../../source/host.js";
import { loadBuiltins } from "../../runtime/builtins.js";
import { gitInfo } from "../../runtime/git-info.js";
import { peekIrCache, readIrCache, writeIrCache, type IrCacheHit } from "../../runtime/ir-cache.js";
import { MLP_VERSION } from "../../version.js";
import { irRootFor, selectPipeline } from "../../runtime/load-pipeline.js";
import { resolveParams, type ParamValues } from "../../runtime/params.js";
import type { NodeOutcome, RunEvent, RunResult, RunStatus } from "../../runtime/run-events.js";
import { tryReplay, type ReplayRequest } from "../../runtime/replay.js";
import { headObjects, type ObjectHashes } from "../../runtime/object-datasets.js";
import { shellQuote } from "../../runtime/shell-quote.js";
import { openStore } from "../../runtime/store.js";
import { abandonRun } from "../../runtime/abandon-run.js";
import { killAllSteps } from "../../runtime/step-groups.js";
import { DISK_FULL_NOTE, STORE_FAULT_CODES, storeFaultDiagnostic } from "../../runtime/store-fault.js";
import { EXIT } from "../exit-codes.js";
import { diagnosticsFormat } from "../output-settings.js";

interface RunFlags {
  pipeline?: string;
  param: string[];
  jobs?: number;
  dryRun?: boolean;
  cache: boolean;
  from?: string;
  approve: string[];
  store?: string;
  format: string;
  quiet?: boolean;
}

/** How long a second Ctrl-C waits for the killed steps to be recorded before abandoning the run. */
const FORCE_GRACE_MS = 5000;

/** Exit code for a run's final status (documented in docs/running.md). */
export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case "success":
    case "gated":
      // A gate that does not hold is not a failure (it exited 3 before #16).
      return EXIT.ok;
    case "awaiting_approval":
      return EXIT.awaitingApproval;
    case "cancelled":
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}

/**
 * A fingerprint of the compiler build (version and the modification times of its main modules),
 * so the IR cache never serves IR from an older front end. In the bundled CLI those modules are
 * chunks of the bundle, all rewritten by every build, so this module's own file stands for them.
 */
function compilerFingerprint(): string {
  const parts = [MLP_VERSION];
  for (const rel of [import.meta.url, "../../compile.js", "../../ir/lower.js", "../../check/check.js", "../../syntax/parser.js"]) {
    try {
      parts.push(String(statSync(fileURLToPath(new URL(rel, import.meta.url))).mtimeMs));
    } catch {
      parts.push("-");
    }
  }
  return parts.join(" ");
}

/**
 * Loads IR from a `.ir.json` file, from the store's IR cache, or by compiling a `.mlp` file
 * (the front end is loaded only then); diagnostics on failure.
 */
export async function loadIr(
  file: string,
  storeDir?: string,
  /** The IR cache entry of `file` already found (by the replay's look at its header). */
  cached?: IrCacheHit,
): Promise<{ ir?: ValidIr; diagnostics: Diagnostic[]; fileHash: string; irHash?: string }> {
  const cachedIr = cached?.ir();
  if (cached && cachedIr) return { ir: cachedIr, diagnostics: cached.diagnostics, fileHash: cached.entryHash, irHash: cached.irHash };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const span = { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
    return { diagnostics: [{ code: "MLP2000", severity: "error", message: `cannot read \`${file}\`: ${(e as Error).message}`, span, labels: [], notes: [], help: [] }], fileHash: "" };
  }
  const fileHash = createHash("sha256").update(text).digest("hex");
  if (file.endsWith(".json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const span = { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
      return { diagnostics: [{ code: "MLP9110", severity: "error", message: `\`${file}\` is not valid IR JSON: ${(e as Error).message}`, span, labels: [], notes: [], help: [] }], fileHash };
    }
    // A hand-written IR crosses the same boundary as the compiler's: nothing unvalidated runs.
    const valid = validateIrDocument(parsed, file);
    return valid.ir !== undefined ? { ir: valid.ir, diagnostics: [], fileHash } : { diagnostics: valid.diagnostics, fileHash };
  }
  const fingerprint = compilerFingerprint();
  if (storeDir !== undefined) {
    const hit = readIrCache(storeDir, file, fingerprint);
    if (hit) return { ...hit, fileHash };
  }
  const { compileToIr } = await import("../../compile.js");
  const { repoLocation } = await import("../repo-location.js");
  // The same IR as `mlp compile` makes (its `root` from the repository root), from any directory.
  const location = repoLocation(file, process.cwd());
  const r = compileToIr(file, nodeHost, location.ok ? location.options : {});
  if (r.ir && storeDir !== undefined && !r.diagnostics.some((d) => d.severity === "error"))
    return { ...r, fileHash, irHash: writeIrCache(storeDir, file, fingerprint, r.ir, r.diagnostics) };
  return { ...r, fileHash };
}

function lookupFor(root: string) {
  const cache = new Map<string, string | undefined>();
  return (file: string): string | undefined => {
    if (!cache.has(file)) {
      let text: string | undefined;
      for (const p of [resolve(root, file), resolve(file)]) {
        try {
          text = readFileSync(p, "utf8");
          break;
        } catch {
          /* next */
        }
      }
      cache.set(file, text);
    }
    return cache.get(file);
  };
}

/** The global `--format` (`json` switches every command to machine-readable output). */
export function globalFormat(cmd: Command): string {
  return diagnosticsFormat(cmd);
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

/** Registers `mlp run`. */
export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a pipeline here, with caching, tracking, gates and deploys to the local registry")
    .argument("<file>", "the .mlp file (or a hand-written .ir.json)")
    .option("--pipeline <name>", "the pipeline to run when the file has several")
    .option("-p, --param <name=value>", "set a parameter (repeatable)", collect, [])
    .option("-j, --jobs <n>", "steps to run at once (default: number of cores)", parseJobs)
    .option("--dry-run", "print the plan and why each step would run; run nothing")
    .option("--no-cache", "run every step, ignoring cached results")
    .option("--from <step>", "re-run this step and everything downstream of it")
    .option("--approve <env>", "approve the deploy to this environment for this run (repeatable)", collect, [])
    .option("--store <dir>", "the store directory (default: .mlp beside the file)")
    .option("-q, --quiet", "print only problems and the final summary")
    .action(async (file: string, flags: RunFlags, cmd: Command) => {
      process.exitCode = await runCommand(file, { ...flags, format: globalFormat(cmd) });
    });
}

async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const json = flags.format === "json";
  const storeDir = resolve(flags.store ?? resolve(dirname(resolve(file)), ".mlp"));
  // A .mlp file's root is its directory, known before the IR: start `git status` now (see RunRequest.git).
  const git = flags.dryRun !== true && !file.endsWith(".json") ? gitInfo(dirname(resolve(file))) : undefined;
  // The renderer and the executor are loaded only when needed: a replayed no-op run uses neither.
  let render: typeof import("../../diagnostics/render/render.js").renderDiagnostics | undefined;
  const loadRenderer = async (diags: readonly Diagnostic[]): Promise<void> => {
    if (diags.length > 0 && !json) render ??= (await import("../../diagnostics/render/render.js")).renderDiagnostics;
  };
  const printDiags = (diags: readonly Diagnostic[], root: string): void => {
    if (diags.length === 0) return;
    if (json) return;
    const color = process.stderr.isTTY === true && !process.env["NO_COLOR"];
    process.stderr.write(render!("human", diags, lookupFor(root), { color }) + "\n");
  };
  // An unchanged pipeline may be replayed from the IR cache's header alone (runtime/replay.ts).
  const replay = flags.dryRun !== true && flags.cache && flags.from === undefined && flags.approve.length === 0 ? peekReplay(file, flags, storeDir) : undefined;
  /** The IR, its pipeline and parameters; an exit code after printing why not. */
  const load = async (): Promise<{ ir: ValidIr; fileHash: string; irHash?: string; pipeline: ValidPipeline; params: ParamValues } | number> => {
    const loaded = await loadIr(file, storeDir, replay?.hit);
    if (!loaded.ir) {
      await loadRenderer(loaded.diagnostics);
      printDiags(loaded.diagnostics, process.cwd());
      if (json) process.stdout.write(JSON.stringify({ status: "error", diagnostics: loaded.diagnostics }, null, 2) + "\n");
      return loaded.diagnostics.some((d) => d.code === "MLP2000") ? EXIT.usage : EXIT.failed;
    }
    const sel = selectPipeline(loaded.ir, flags.pipeline);
    const params = sel.pipeline ? resolveParams(sel.pipeline, flags.param) : { values: {}, diagnostics: [] };
    const early = [...sel.diagnostics, ...params.diagnostics];
    if (early.length > 0 || !sel.pipeline) {
      await loadRenderer(early);
      printDiags(early, irRootFor(loaded.ir, file));
      if (json) process.stdout.write(JSON.stringify({ status: "error", diagnostics: early }, null, 2) + "\n");
      return EXIT.usage;
    }
    return { ir: loaded.ir, fileHash: loaded.fileHash, ...(loaded.irHash !== undefined ? { irHash: loaded.irHash } : {}), pipeline: sel.pipeline, params: params.values };
  };
  let full = replay === undefined ? await load() : undefined;
  if (typeof full === "number") return full;
  const root = full ? irRootFor(full.ir, file) : dirname(resolve(file));
  /** A store that cannot be opened, read or written: its diagnostic, and exit 2 (an I/O error). */
  const storeProblem = async (e: unknown): Promise<number> => {
    const problem = storeFaultDiagnostic(e, storeDir);
    if (problem === undefined) throw e;
    await loadRenderer([problem]);
    printDiags([problem], process.cwd());
    if (json) process.stdout.write(JSON.stringify({ status: "error", diagnostics: [problem] }, null, 2) + "\n");
    return EXIT.usage;
  };
  let store;
  try {
    store = openStore(storeDir);
  } catch (e) {
    return storeProblem(e);
  }
  const controller = new AbortController();
  let interrupts = 0;
  let runId: number | null = null;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      if (!json) process.stderr.write("\nmlp: stopping (waiting for running steps to end; press Ctrl-C again to force)\n");
      controller.abort();
    } else if (interrupts === 2) {
      // Force: SIGKILL every step's process group; the executor then records the run `cancelled`
      // and removes its scratch folder as usual. What cannot be killed (a built-in step running
      // in this process) is abandoned after a few seconds (docs/running.md, "Interrupts").
      if (!json) process.stderr.write("mlp: killing running steps\n");
      killAllSteps();
      setTimeout(() => {
        if (runId !== null && store !== undefined) abandonRun(store, runId);
        process.exit(EXIT.cancelled);
      }, FORCE_GRACE_MS).unref();
    }
    // A third interrupt has nothing left to do: the run is already being recorded.
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const live = !json && process.stderr.isTTY === true && !process.env["CI"];
  const progress = new Progress(live && flags.quiet !== true, json, flags.dryRun === true, flags.quiet === true);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && !process.env["CI"] && !json;
  const common = {
    root,
    store,
    jobs: flags.jobs ?? availableParallelism(),
    ...(git !== undefined ? { git } : {}),
    entryFile: resolve(file),
    argv: process.argv.slice(2),
    signal: controller.signal,
    onEvent: (e: RunEvent) => {
      if (e.type === "run-start") runId = e.runId;
      progress.on(e, root);
    },
  };
  let result: RunResult | undefined;
  let objects: ObjectHashes | undefined;
  try {
    if (replay !== undefined) {
      objects = await headObjects(
        replay.request.plan.datasets.map((d) => d.uri),
        process.env,
      );
      result = await tryReplay({ ...replay.request, ...common, objects });
      // Something changed: load the IR after all (parsed from the entry already found).
      if (result === undefined) full = await load();
    }
    if (typeof full === "number") return full;
    if (result === undefined) {
      const { runPipeline } = await import("../../runtime/run-pipeline.js");
      result = await runPipeline({
        ...common,
        ir: full!.ir,
        pipeline: full!.pipeline,
        params: full!.params,
        dryRun: flags.dryRun === true,
        noCache: !flags.cache,
        ...(objects !== undefined ? { objects } : {}),
        ...(flags.from !== undefined ? { from: flags.from } : {}),
        approve: flags.approve,
        fileHash: full!.fileHash,
        ...(full!.irHash !== undefined ? { irHash: full!.irHash } : {}),
        // Already tried from the cache header.
        ...(replay !== undefined ? { replay: false } : {}),
        builtins: loadBuiltins,
        ...(interactive ? { confirmApproval: (env: string, detail: string) => { progress.pause(); return ask(`approve: ${detail}? [y/N] `); } } : {}),
      });
    }
  } catch (e) {
    // The store failed before the run could record anything (recovery, the run's first row).
    progress.pause();
    return storeProblem(e);
  } finally {
    // Once interrupted, later interrupts are ignored until the run's record is written.
    if (interrupts === 0) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    // The store is deliberately not closed: closing the last connection checkpoints the WAL into
    // the database file, which costs more than a whole no-op run. Every transaction is already
    // committed to the WAL; the next run (or SQLite's auto-checkpoint) folds it in.
  }
  await loadRenderer(result.diagnostics);
  const here = resolve(".mlp") === storeDir;
  progress.finish(result, root, printDiags, here ? "" : ` --store ${shellQuote(relative(process.cwd(), storeDir) || ".")}`);
  if (json)
    process.stdout.write(
      JSON.stringify({ runId: result.runId, status: result.status, durationMs: Math.round(result.durationMs), replayedFrom: result.replayedFrom ?? null, nodes: result.outcomes, diagnostics: result.diagnostics }, null, 2) + "\n",
    );
  // A run stopped by its store (a full disk, a damaged page) is an I/O error, not a failed step.
  if (result.status === "failed" && result.diagnostics.some((d) => STORE_FAULT_CODES.has(d.code))) return EXIT.usage;
  return exitCodeFor(result.status);
}

/**
 * The replay request for a `.mlp` file whose compile is cached, when its pipeline and parameters
 * resolve cleanly from the cache header and the pipeline is replayable; otherwise undefined (the
 * normal path then reports any problem with the full IR).
 */
function peekReplay(
  file: string,
  flags: RunFlags,
  storeDir: string,
): { hit: IrCacheHit; request: Omit<ReplayRequest, "root" | "store" | "jobs" | "argv" | "signal" | "objects"> } | undefined {
  if (file.endsWith(".json")) return undefined;
  const hit = peekIrCache(storeDir, file, compilerFingerprint());
  if (!hit) return undefined;
  const sel = selectPipeline(hit.summary, flags.pipeline);
  if (!sel.pipeline?.plan) return undefined;
  const params = resolveParams(sel.pipeline, flags.param);
  if (params.diagnostics.length > 0) return undefined;
  const { name, plan } = sel.pipeline;
  return { hit, request: { pipeline: name, source: hit.summary.source, fileHash: hit.entryHash, irHash: hit.irHash, params: params.values, plan } };
}

function ask(question: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(question, (answer) => {
      rl.close();
      resolveAnswer(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

const SYMBOL: Record<string, string> = {
  done: "✓",
  cached: "·",
  failed: "✗",
  cancelled: "✗",
  skipped: "-",
  not_run: "-",
  passed: "✓",
  gated: "✗",
  deployed: "✓",
  registered: "✓",
  awaiting_approval: "?",
  would_run: "→",
};

/** Renders run events: a live status line on a terminal, plain lines otherwise. */
class Progress {
  private readonly counts = { running: 0, done: 0, cached: 0, skipped: 0, failed: 0 };
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private statusShown = false;
  private readonly out = process.stderr;
  private cachedQuiet = 0;

  constructor(
    private readonly live: boolean,
    private readonly json: boolean,
    private readonly dry: boolean,
    private readonly quiet: boolean,
  ) {}

  on(e: RunEvent, root: string): void {
    if (this.json) return;
    if (this.quiet && !(e.type === "node-end" && (e.outcome.status === "failed" || e.outcome.status === "gated" || e.outcome.status === "awaiting_approval"))) return;
    switch (e.type) {
      case "run-start":
        this.line(e.dryRun ? `plan for pipeline \`${e.pipeline}\` (dry run, nothing is executed)` : `run ${e.runId} of pipeline \`${e.pipeline}\` (${count(e.nodes, "node")})`);
        if (this.live) this.timer = setInterval(() => this.status(), 250).unref();
        break;
      case "step-start":
        this.counts.running++;
        // On a terminal show each start; in logs one line per finished step is enough.
        if (this.live || e.attempt > 1) this.line(`  ▶ ${e.step}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}  — ${e.reason}`);
        break;
      case "step-wait":
        this.line(`  … ${e.step} waiting for ${e.runId !== null ? `run ${e.runId}` : "another run"}, which is running it`);
        break;
      case "node-end":
        this.nodeEnd(e.outcome);
        break;
      case "diagnostic": {
        void root;
        break;
      }
    }
  }

  private nodeEnd(o: NodeOutcome): void {
    if (o.status === "done" || o.status === "failed" || o.status === "cancelled") {
      if (o.durationMs !== undefined) this.counts.running = Math.max(0, this.counts.running - 1);
    }
    if (o.status === "done" || o.status === "passed" || o.status === "deployed" || o.status === "registered") this.counts.done++;
    else if (o.status === "cached") this.counts.cached++;
    else if (o.status === "failed" || o.status === "gated" || o.status === "cancelled") this.counts.failed++;
    else if (o.status === "skipped" || o.status === "not_run") this.counts.skipped++;
    if (o.status === "cached" && !this.dry && o.note === undefined) {
      // Cached steps are summarised at the end (a no-op run of 1,000 steps prints one line).
      this.cachedQuiet++;
      return;
    }
    const sym = SYMBOL[o.status] ?? " ";
    const dur = o.durationMs !== undefined ? ` ${formatMs(o.durationMs)}` : "";
    const label = o.kind === "step" ? o.name : `${o.kind} ${o.name}`;
    const extra = o.note ?? o.reason;
    const why = extra && (o.status !== "done" || !this.live) ? `  — ${extra}` : "";
    this.line(`  ${sym} ${label} ${o.status.replace("_", " ")}${dur}${why}`);
  }

  private line(text: string): void {
    if (this.live && this.statusShown) this.out.write("\r\u001b[2K");
    this.out.write(text + "\n");
    this.statusShown = false;
    if (this.live) this.status();
  }

  private status(): void {
    if (!this.live) return;
    const c = this.counts;
    const s = `  ${c.running} running · ${c.done} done · ${c.cached} cached · ${c.skipped} skipped · ${c.failed} failed · ${formatMs(Date.now() - this.started)}`;
    this.out.write(`\r\u001b[2K\u001b[2m${s}\u001b[0m`);
    this.statusShown = true;
  }

  pause(): void {
    if (this.live && this.statusShown) this.out.write("\r\u001b[2K");
    this.statusShown = false;
  }

  finish(r: RunResult, root: string, printDiags: (d: readonly Diagnostic[], root: string) => void, storeFlag: string): void {
    if (this.timer) clearInterval(this.timer);
    if (this.json) return;
    this.pause();
    for (const d of r.diagnostics) {
      printDiags([d], root);
      const o = r.outcomes.find((x) => x.status === "failed" && x.logPath !== undefined && d.message.includes(`\`${x.name}\``));
      if (o?.logPath) {
        let tail = "";
        try {
          tail = lastLines(o.logPath, 20).map((l) => `    │ ${l}`).join("\n");
        } catch {
          /* no log */
        }
        const empty = d.notes.some((n) => n.startsWith(DISK_FULL_NOTE)) ? " (empty: its device was full, see the note above)" : " (empty)";
        this.out.write(`  log: ${o.logPath}${tail ? `\n${tail}` : empty}\n`);
      }
    }
    const steps = r.outcomes.filter((o) => o.kind === "step");
    const cached = steps.filter((o) => o.status === "cached").length;
    if (this.dry) {
      const would = steps.filter((o) => o.status === "would_run").length;
      this.out.write(`plan: ${count(would, "step")} would run, ${cached} cached\n`);
      return;
    }
    if (r.runId === null) {
      // Stopped before a run was recorded (a missing dataset, an invalid pipeline): the reason is above.
      const errors = r.diagnostics.filter((d) => d.severity === "error").length;
      this.out.write(`no run started: ${count(errors, "error")} before the first step; nothing was recorded\n`);
      return;
    }
    const word: Record<RunStatus, string> = {
      success: "succeeded",
      failed: "failed",
      gated: "ended gated",
      awaiting_approval: "is awaiting approval",
      cancelled: "was cancelled",
      died: "died",
      running: "is running",
    };
    this.out.write(`run ${r.runId} ${word[r.status]}: ${stepTally(steps)}, in ${formatMs(r.durationMs)}${r.replayedFrom !== undefined ? ` (nothing changed since run ${r.replayedFrom})` : ""}\n`);
    // Which gate stopped what, with the condition and the values it read (a sweep point's gates are not the run's).
    for (const o of r.outcomes) if (o.kind === "gate" && o.status === "gated" && !/\[\d+\]$/.test(o.name)) this.out.write(`  gated by ${o.name}: ${o.reason ?? ""}\n`);
    for (const o of r.outcomes) if (o.status === "awaiting_approval") this.out.write(`  to deploy to \`${o.name}\`, run: mlp approve ${r.runId} ${o.name}${storeFlag}\n`);
  }
}

/**
 * The steps of a finished run by outcome: always `N ran, N cached`, then, only when not zero and
 * in this order, `N failed`, `N cancelled`, `N skipped` (something they need did not pass: a
 * gate, a failed step) and `N not run` (the run stopped first). Documented in docs/running.md.
 */
export function stepTally(steps: readonly Pick<NodeOutcome, "status">[]): string {
  const n = (status: string): number => steps.filter((o) => o.status === status).length;
  const parts = [`${n("done")} ran`, `${n("cached")} cached`];
  for (const [status, label] of [["failed", "failed"], ["cancelled", "cancelled"], ["skipped", "skipped"], ["not_run", "not run"]] as const) {
    if (n(status) > 0) parts.push(`${n(status)} ${label}`);
  }
  return parts.join(", ");
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
