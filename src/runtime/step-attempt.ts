/**
 * One attempt of a step: its private files, the command (or built-in) run in its own process
 * group, then the checks that decide whether it succeeded: every output written, of its kind,
 * tables conforming to their schema; the metrics file present and matching its declaration. Only
 * then do the outputs enter the store. Whatever the outcome, the attempt leaves no file behind.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { join, resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrSchema, IrStep, IrType, IrValue } from "../ir/ir.js";
import type { Builtins } from "./builtins.js";
import type { PathHash } from "./hash-path.js";
import { typeName } from "./lineage-record.js";
import { checkMetrics } from "./metrics-check.js";
import type { Redactor } from "./redact.js";
import type { ShellPool } from "./shell-pool.js";
import { shellQuote } from "./shell-quote.js";
import { spawnStep } from "./spawn-step.js";
import type { Store } from "./store.js";
import { diskFullNotes } from "./store-fault.js";

export type AttemptResult =
  | { readonly kind: "ok"; readonly outputs: Record<string, PathHash>; readonly metrics: Record<string, number | boolean> }
  | { readonly kind: "failed"; readonly diagnostic: Diagnostic; readonly exitCode: number | null }
  | { readonly kind: "cancelled" };

type Failure = Extract<AttemptResult, { kind: "failed" }>;

/** An input as the step sees it: a file's path, or a value. */
export type InputValue = { readonly path: string } | { readonly value: IrValue };

/** What attempts need of the run. */
export interface AttemptContext {
  readonly store: Store;
  /** The directory the IR's relative paths are resolved against. */
  readonly root: string;
  /** The environment secrets are read from. */
  readonly env: NodeJS.ProcessEnv;
  /** The environment a step spawned without the pool starts from (no secrets). */
  baseEnv(): NodeJS.ProcessEnv;
  /** Aborted by Ctrl-C (for `finally` steps, only by a Ctrl-C while they run). */
  readonly signal: AbortSignal;
  /** `${status}` of a `finally` step: the run's status when the `finally` steps started. */
  runStatus(): string;
  /** The long-lived launchers; absent: one Node child per step. */
  readonly pool: ShellPool | undefined;
  readonly redactor: Redactor;
  readonly schemas: Readonly<Record<string, IrSchema>>;
  /** The built-ins, loaded on first use; undefined when this build has none. */
  builtins(): Promise<Builtins | undefined>;
  /** Null when the table at `path` conforms to schema `schema`, else what is wrong. */
  checkTable(path: string, schema: string): Promise<string | null>;
  input(step: IrStep, name: string): InputValue;
  /** A warning about the step (metrics that are not recorded). */
  warn(d: Diagnostic): void;
}

/** An attempt's files, in the run's temporary directory under a unique prefix. */
interface AttemptFiles {
  readonly outputs: Record<string, string>;
  readonly metrics: string;
  readonly workDir: string;
}

export class StepAttempts {
  private runTmp = "";
  private seq = 0;
  /** Working directories known to exist (a step's `cd` still fails cleanly if one goes away). */
  private readonly dirs = new Set<string>();

  constructor(private readonly ctx: AttemptContext) {}

  /** Removes the run's temporary directory (at the end of the run). */
  cleanUp(): void {
    if (this.runTmp !== "") rmSync(this.runTmp, { recursive: true, force: true });
  }

  async attempt(step: IrStep, runId: number, logFd: number, logPath: string): Promise<AttemptResult> {
    const files = this.files(step, runId);
    let ok = false;
    let usesWorkdir = false;
    try {
      for (const o of step.outputs) if (o.type.kind === "Dir") mkdirSync(files.outputs[o.name]!);
      let problem: Failure | "cancelled" | null;
      if (step.builtin !== undefined) {
        problem = await this.runBuiltin(step, step.builtin, files, logFd);
      } else if (step.run !== undefined) {
        const command = this.commandLine(step, step.run, files, runId);
        usesWorkdir = command.usesWorkdir;
        problem = await this.runCommand(step, command, files, runId, logFd, logPath);
      } else {
        problem = this.fail(step, "MLP7024", `step \`${step.name}\` has neither a \`run\` command nor a built-in`);
      }
      if (problem === "cancelled") return { kind: "cancelled" };
      if (problem !== null) return problem;
      const stats = await this.checkOutputs(step, files);
      if (!("stats" in stats)) return stats;
      const metrics = this.readMetrics(step, files.metrics);
      if ("kind" in metrics) return metrics;
      const outputs: Record<string, PathHash> = {};
      for (const o of step.outputs) outputs[o.name] = this.ctx.store.ingest(files.outputs[o.name]!, undefined, stats.stats[o.name]);
      if (metrics.present) unlinkSync(files.metrics);
      ok = true;
      return { kind: "ok", outputs, metrics: metrics.values };
    } finally {
      // On success the outputs have moved into the store; anything half-written goes.
      if (!ok) for (const o of step.outputs) rmSync(files.outputs[o.name]!, { recursive: true, force: true });
      if (!ok) rmSync(files.metrics, { force: true });
      if (usesWorkdir) rmSync(files.workDir, { recursive: true, force: true });
    }
  }

  /**
   * Files of an attempt live in the run's temporary directory under a unique prefix (`STEP.N.`;
   * step and output names are identifiers, so they cannot collide), so an attempt creates no
   * directory of its own unless it has a `Dir` output or uses `${workdir}`.
   */
  private files(step: IrStep, runId: number): AttemptFiles {
    if (this.runTmp === "") {
      this.runTmp = join(this.ctx.store.tmpDir, String(runId));
      mkdirSync(this.runTmp, { recursive: true });
    }
    const prefix = join(this.runTmp, `${step.name}.${++this.seq}.`);
    const outputs: Record<string, string> = {};
    for (const o of step.outputs) outputs[o.name] = `${prefix}out.${o.name}`;
    return { outputs, metrics: `${prefix}metrics.json`, workDir: `${prefix}work` };
  }

  private fail(step: IrStep, code: string, message: string, extras: { notes?: string[]; help?: string[] } = {}, exitCode: number | null = null): Failure {
    const notes = [...(extras.notes ?? []), ...diskFullNotes([this.ctx.store.dir, this.ctx.root])];
    return { kind: "failed", diagnostic: diagnostic(code, "error", message, step.origin, { ...extras, notes }), exitCode };
  }

  private async runBuiltin(step: IrStep, builtin: string, files: AttemptFiles, logFd: number): Promise<Failure | null> {
    const builtins = await this.ctx.builtins();
    if (!builtins) return this.fail(step, "MLP7019", `step \`${step.name}\`: the \`std.${builtin}\` built-in is not available in this build`);
    const inputs: Record<string, string | number | boolean> = {};
    const inputTypes: Record<string, IrType> = {};
    for (const i of step.inputs) {
      inputTypes[i.name] = i.type;
      const v = this.ctx.input(step, i.name);
      inputs[i.name] = "path" in v ? v.path : typeof v.value === "object" ? JSON.stringify(v.value) : v.value;
    }
    try {
      await builtins.runBuiltin(builtin, { inputs, outputs: files.outputs, metricsPath: files.metrics, schemas: { ...this.ctx.schemas }, inputTypes });
      return null;
    } catch (e) {
      writeSync(logFd, `${(e as Error).message}\n`);
      return this.fail(step, "MLP7019", `step \`${step.name}\` (\`std.${builtin}\`): ${(e as Error).message}`);
    }
  }

  /** The step's command with every placeholder replaced by a shell-quoted path or value. */
  private commandLine(step: IrStep, run: NonNullable<IrStep["run"]>, files: AttemptFiles, runId: number): { text: string; usesWorkdir: boolean } {
    let usesWorkdir = false;
    const text = run.parts
      .map((part) => {
        switch (part.kind) {
          case "text":
            return part.text;
          case "output":
            return shellQuote(files.outputs[part.name]!);
          case "input": {
            const v = this.ctx.input(step, part.name);
            return shellQuote("path" in v ? v.path : typeof v.value === "object" ? JSON.stringify(v.value) : String(v.value));
          }
          case "builtin":
            if (part.name === "metrics") return shellQuote(files.metrics);
            if (part.name === "run_id") return String(runId);
            if (part.name === "status") return shellQuote(this.ctx.runStatus());
            usesWorkdir = true;
            return shellQuote(files.workDir);
        }
      })
      .join("");
    return { text, usesWorkdir };
  }

  private async runCommand(
    step: IrStep,
    command: { text: string; usesWorkdir: boolean },
    files: AttemptFiles,
    runId: number,
    logFd: number,
    logPath: string,
  ): Promise<Failure | "cancelled" | null> {
    if (command.usesWorkdir) mkdirSync(files.workDir);
    const env: Record<string, string> = {};
    for (const s of step.secrets) {
      const v = this.ctx.env[s];
      if (v === undefined)
        return this.fail(step, "MLP7017", `step \`${step.name}\` needs secret \`${s}\`, which is not set`, {
          help: [`set the environment variable \`${s}\` before \`mlp run\``],
        });
      env[s] = v;
    }
    Object.assign(env, step.env);
    env["MLP_RUN_ID"] = String(runId);
    env["MLP_STEP"] = step.name;
    env["MLP_STORE_DIR"] = this.ctx.store.dir;
    const cwd = resolve(this.ctx.root, step.workingDir);
    if (!this.dirs.has(cwd) && !existsSync(cwd)) return this.fail(step, "MLP7024", `step \`${step.name}\`: working directory \`${step.workingDir}\` does not exist`);
    this.dirs.add(cwd);
    const timeout = step.timeoutSeconds !== undefined ? { timeoutSeconds: step.timeoutSeconds } : {};
    const signal = this.ctx.signal;
    const r =
      this.ctx.pool !== undefined
        ? await this.ctx.pool.run({ command: command.text, cwd, env, logPath, signal, ...timeout })
        : await spawnStep({ command: command.text, cwd, env: { ...this.ctx.baseEnv(), ...env }, logFd, signal, ...timeout });
    if (r.cancelled) return "cancelled";
    if (r.spawnError !== undefined) return this.fail(step, "MLP7024", `step \`${step.name}\` could not be started: ${r.spawnError}`);
    if (r.timedOut) return this.fail(step, "MLP7011", `step \`${step.name}\` timed out after ${step.timeoutSeconds}s`, { help: ["raise the step's `timeout` or make it faster"] });
    if (r.exitCode !== 0) {
      const message = r.exitCode === null ? `step \`${step.name}\` was killed by ${r.signal ?? "a signal"}` : `step \`${step.name}\` failed with exit code ${r.exitCode}`;
      return this.fail(step, "MLP7010", message, {}, r.exitCode);
    }
    return null;
  }

  /** Outputs: present, of the right kind, tables conforming to their schema; their stats for the ingest. */
  private async checkOutputs(step: IrStep, files: AttemptFiles): Promise<Failure | { stats: Record<string, Stats> }> {
    const stats: Record<string, Stats> = {};
    for (const o of step.outputs) {
      const path = files.outputs[o.name]!;
      let st;
      try {
        st = stats[o.name] = lstatSync(path);
      } catch {
        return this.fail(step, "MLP7012", `step \`${step.name}\` did not write its output \`${o.name}\``, {
          notes: [`expected a ${typeName(o.type)} at the path \`\${${o.name}}\` stood for`],
          help: [`make the command write to \`\${${o.name}}\``],
        });
      }
      const wrote = st.isDirectory() ? "directory" : "special file";
      if ((o.type.kind === "File" || o.type.kind === "Table") && !st.isFile())
        return this.fail(step, "MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a file (${typeName(o.type)}), but the step wrote a ${wrote}`);
      if (o.type.kind === "Dir" && !st.isDirectory()) return this.fail(step, "MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a directory, but the step wrote a file`);
      if (o.type.kind === "Model" && !st.isFile() && !st.isDirectory())
        return this.fail(step, "MLP7012", `output \`${o.name}\` of step \`${step.name}\` must be a file or a directory`);
      if (o.type.kind === "Table" && o.type.schema !== undefined) {
        const problem = await this.ctx.checkTable(path, o.type.schema);
        if (problem !== null) return this.fail(step, "MLP7014", `output \`${o.name}\` of step \`${step.name}\` does not match schema \`${o.type.schema}\`: ${problem}`);
      }
    }
    return { stats };
  }

  /** Metrics: the declared ones must be in the metrics file, with their types. */
  private readMetrics(step: IrStep, path: string): Failure | { present: boolean; values: Record<string, number | boolean> } {
    const present = existsSync(path);
    if (step.metrics.length === 0 && !present) return { present, values: {} };
    if (!present)
      return this.fail(step, "MLP7013", `step \`${step.name}\` did not write its metrics file`, {
        notes: [`it declares ${step.metrics.map((m) => `\`${m.name}\``).join(", ")}`],
        help: ["write a JSON object such as `{\"accuracy\": 0.91}` to the path `${metrics}` stands for"],
      });
    let data: unknown;
    let raw = "";
    try {
      raw = readFileSync(path, "utf8");
      data = JSON.parse(raw);
    } catch (e) {
      // V8 quotes a cut piece of the text, which masking cannot recognise as a secret.
      const why = this.ctx.redactor.text(raw) === raw ? (e as Error).message : "it holds a secret's value, so it is not quoted here";
      return this.fail(step, "MLP7013", `metrics file of step \`${step.name}\` is not valid JSON: ${why}`);
    }
    // Masked before the check, whose messages quote strings cut to 40 characters.
    const checked = checkMetrics(this.ctx.redactor.deep(data), step.metrics);
    if (!checked.ok)
      return this.fail(step, "MLP7013", `metrics of step \`${step.name}\` do not match its declaration: ${checked.errors[0]}`, {
        notes: [`file: ${path}`, ...checked.errors.slice(1)],
      });
    if (checked.ignored.length > 0)
      this.ctx.warn(
        diagnostic("MLP7025", "warning", `step \`${step.name}\` reported metrics that are not numbers or booleans; they are not recorded: ${checked.ignored.join(", ")}`, step.origin, {
          notes: ["a metric is a number or a boolean; nested objects are recorded under dotted names (`{\"a\": {\"b\": 1}}` is `a.b`)"],
        }),
      );
    return { present, values: checked.values };
  }
}
