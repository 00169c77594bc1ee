/**
 * `mlp runs`: the run history of a store. `mlp runs` lists runs, `mlp runs show RUN` prints
 * everything recorded about one (with a command that reproduces it), `mlp runs diff A B` what
 * changed between two. `--format json` on each.
 */
import type { Command } from "commander";
import { diffAgainstDeployed, type RunAgainstDeployed } from "../../runtime/diff-against.js";
import { diffRuns, listRuns, resolveRunId, showRun, type RunDetail } from "../../runtime/tracking.js";
import { settleDeadRuns } from "../../runtime/recover.js";
import { diffSweeps, flatMetrics, sweepTables, valuesText, type SweepDiff, type SweepTable } from "../../runtime/sweep/sweep-runs.js";
import { EXIT } from "../exit-codes.js";
import { notInStore, openExistingStore, reportProblem, reportStoreFault, wantsJson, type StoreFlags } from "../store-access.js";

const short = (h: string | null): string => (h === null ? "-" : h.startsWith("uri:") ? h : h.slice(0, 12));
const ms = (v: number | null): string => (v === null ? "-" : v < 1000 ? `${Math.round(v)}ms` : `${(v / 1000).toFixed(1)}s`);
const val = (v: unknown): string => (v === null || v === undefined ? "-" : typeof v === "string" ? v : JSON.stringify(v));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n") + "\n";
}

type OpenStore = Extract<ReturnType<typeof openExistingStore>, { store: unknown }>["store"];

function withStore<T>(flags: StoreFlags, cmd: Command, fn: (store: OpenStore) => T): T | number {
  const opened = openExistingStore(flags);
  if ("problem" in opened) {
    reportProblem(opened.problem, cmd);
    return EXIT.usage;
  }
  const store = opened.store;
  try {
    return fn(store);
  } catch (e) {
    return reportStoreFault(e, store.dir, cmd);
  } finally {
    store.close();
  }
}

/**
 * `--store`/`--file` may be written before or after `show`/`diff` (`mlp runs --file F show 3`,
 * `mlp runs show 3 --file F`): a subcommand's own flags win, the parent's fill in.
 */
function storeFlags(flags: StoreFlags, cmd: Command): StoreFlags {
  const parent = (cmd.parent?.opts() ?? {}) as StoreFlags;
  return { ...parent, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) } as StoreFlags;
}

function storeOptions(cmd: Command): Command {
  return cmd.option("--store <dir>", "the store directory (default: ./.mlp)").option("--file <file>", "use the store beside this pipeline file");
}

/** Registers `mlp runs`, `mlp runs show`, `mlp runs diff`. */
export function registerRuns(program: Command): void {
  const runs = storeOptions(
    program
      .command("runs")
      .description("list recorded runs (see also `runs show RUN`, `runs diff RUN RUN`)")
      .option("-n, --limit <n>", "how many runs to list", "20")
      .option("--pipeline <name>", "only runs of this pipeline"),
  ).action((flags: StoreFlags & { limit: string; pipeline?: string }, cmd: Command) => {
    const json = wantsJson(cmd);
    process.exitCode = withStore(flags, cmd, (store) => {
      const dead = settleDeadRuns(store);
      const list = listRuns(store, Math.max(1, Number(flags.limit) || 20), flags.pipeline).map((r) => (dead.has(r.id) ? { ...r, status: "died" } : r));
      if (json) process.stdout.write(JSON.stringify(list, null, 2) + "\n");
      else if (list.length === 0) process.stdout.write("no runs recorded\n");
      else
        process.stdout.write(
          table([
            ["RUN", "PIPELINE", "STATUS", "STARTED", "TIME", "RAN", "CACHED", "FAILED", "COMMIT"],
            ...list.map((r) => [
              String(r.id),
              r.pipeline,
              r.status,
              r.startedAt.replace("T", " ").slice(0, 19),
              ms(r.durationMs),
              String(r.steps.ran),
              String(r.steps.cached),
              String(r.steps.failed),
              r.gitCommit ? `${r.gitCommit.slice(0, 8)}${r.gitDirty ? "+dirty" : ""}` : "-",
            ]),
          ]),
        );
      return EXIT.ok;
    });
  });

  storeOptions(runs.command("show").description("show everything recorded about a run").argument("<run>", "run id, or `latest`")).action(
    (ref: string, flags: StoreFlags, cmd: Command) => {
      const json = wantsJson(cmd);
      process.exitCode = withStore(storeFlags(flags, cmd), cmd, (store) => {
        const id = resolveRunId(store, ref);
        const dead = settleDeadRuns(store);
        const shown = id === undefined ? undefined : showRun(store, id);
        const d = shown !== undefined && dead.has(shown.id) ? { ...shown, status: "died" } : shown;
        if (!d) {
          reportProblem(notInStore(`no run \`${ref}\` in this store`, ["`mlp runs` lists the recorded runs"]), cmd);
          return EXIT.usage;
        }
        const sweeps = sweepTables(store, d.id);
        process.stdout.write(json ? JSON.stringify({ ...d, sweeps }, null, 2) + "\n" : renderShow(d, sweeps));
        return EXIT.ok;
      });
    },
  );

  storeOptions(
    runs
      .command("diff")
      .description("params, metrics and artifacts that differ between two runs; with --against ENV, a run's metrics beside the deployed model's")
      .argument("<a>", "run id")
      .argument("[b]", "run id (not with --against)")
      .option("--against <env>", "compare run A with the model now deployed to this environment (its recorded metrics), and show A's gate conditions"),
  ).action(
    (a: string, b: string | undefined, flags: StoreFlags & { against?: string }, cmd: Command) => {
      const json = wantsJson(cmd);
      // Two runs, or one run and a deployment: a usage error otherwise (exit 2).
      if ((b === undefined) === (flags.against === undefined)) cmd.error("error: `mlp runs diff` takes two runs (`diff A B`) or one run and `--against ENV`, not both");
      process.exitCode = withStore(storeFlags(flags, cmd), cmd, (store) => {
        const ia = resolveRunId(store, a);
        const ib = b === undefined ? undefined : resolveRunId(store, b);
        const missing = ia === undefined ? a : b !== undefined && ib === undefined ? b : undefined;
        if (missing !== undefined) {
          reportProblem(notInStore(`no run \`${missing}\` in this store`, ["`mlp runs` lists the recorded runs"]), cmd);
          return EXIT.usage;
        }
        if (flags.against !== undefined) {
          const d = diffAgainstDeployed(store, ia!, flags.against)!;
          process.stdout.write(json ? JSON.stringify(d, null, 2) + "\n" : renderAgainst(d));
          return EXIT.ok;
        }
        const d = diffRuns(store, ia!, ib!)!;
        const sweeps = diffSweeps(sweepTables(store, ia!), sweepTables(store, ib!));
        if (json) {
          process.stdout.write(JSON.stringify({ ...d, sweeps }, null, 2) + "\n");
          return EXIT.ok;
        }
        // A sweep's point rows (`train[3]`) are compared by their values below, not by index.
        const byName = <T extends { name: string }>(rows: T[]): T[] => (sweeps.length === 0 ? rows : rows.filter((r) => !POINT_ROW.test(r.name)));
        let out = `run ${d.a} -> run ${d.b}\n`;
        const section = (title: string, rows: { name: string; a: unknown; b: unknown }[], fmt: (v: unknown) => string = val): void => {
          out += `\n${title}:${rows.length === 0 ? " no change" : ""}\n`;
          if (rows.length > 0) out += table(rows.map((r) => [`  ${r.name}`, fmt(r.a), "->", fmt(r.b)]));
        };
        section("params", d.params);
        section("metrics", byName(d.metrics));
        section("artifacts", byName(d.artifacts), (v) => short(v as string | null));
        section("steps", byName(d.steps.map((s) => ({ name: s.step, a: s.a, b: s.b }))));
        for (const sw of sweeps) out += renderSweepDiff(sw);
        process.stdout.write(out);
        return EXIT.ok;
      });
    },
  );
}

/** A run beside the deployed model: metrics with their difference, then the run's gate conditions. */
function renderAgainst(d: RunAgainstDeployed): string {
  const dep = d.deployment;
  let out = `run ${d.run} (pipeline \`${d.pipeline}\`) against ${d.env}: ${dep === null ? `nothing is deployed to ${d.env} by pipeline ${d.pipeline}` : `model ${dep.model} v${dep.version}, deployed by run ${dep.run}`}\n`;
  out += `\nmetrics:${d.metrics.length === 0 ? " none" : ""}\n`;
  const signed = (v: number | null): string => (v === null ? "-" : `${v > 0 ? "+" : ""}${metricCell(v)}`);
  if (d.metrics.length > 0) out += table([["  METRIC", `RUN ${d.run}`, d.env.toUpperCase(), "DIFF"], ...d.metrics.map((m) => [`  ${m.name}`, metricCell(m.run), metricCell(m.deployed), signed(m.diff)])]);
  out += `\ngates:${d.gates.length === 0 ? " none" : ""}\n`;
  for (const g of d.gates) {
    for (const c of g.conditions) {
      const values = c.shown ?? Object.entries(c.values).map(([k, v]) => `${k} = ${v === null ? "absent" : val(v)}`).join(", ");
      out += `  ${c.ok ? "✓" : "✗"} ${g.gate}: ${c.text} (${values})\n`;
    }
  }
  return out;
}

/** A sweep point's row name: `MEMBER[INDEX]`, or `MEMBER[INDEX].OUTPUT` for its artifacts and metrics. */
const POINT_ROW = /^[A-Za-z_][A-Za-z0-9_]*\[\d+\](\.|$)/;

/** A sweep's points: values, metrics and status per point, the winner marked `*`. */
function renderSweep(t: SweepTable): string {
  const finished = t.points.filter((p) => p.status === "succeeded").length;
  const best = t.best === null ? "" : `, best: point ${t.best} (${valuesText(t.points[t.best]!.values)})`;
  let out = `\nsweep ${t.sweep}: ${t.points.length} point${t.points.length === 1 ? "" : "s"}, ${finished} finished${best}\n`;
  const dims = Object.keys(t.points[0]?.values ?? {});
  const metrics = [...new Set(t.points.flatMap((p) => Object.keys(flatMetrics(p))))];
  out += table([
    ["  ", "POINT", ...dims, ...metrics, "STATUS"],
    ...t.points.map((p) => {
      const m = flatMetrics(p);
      return [p.index === t.best ? "  *" : "  ", String(p.index), ...dims.map((k) => val(p.values[k])), ...metrics.map((k) => metricCell(m[k])), p.status];
    }),
  ]);
  return out;
}

/** A metric in the points table: at most 4 decimals, so a column of scores stays readable (`--format json` keeps the exact values). */
function metricCell(v: unknown): string {
  return typeof v === "number" && !Number.isInteger(v) ? String(Number(v.toFixed(4))) : val(v);
}

function renderSweepDiff(sw: SweepDiff): string {
  const v = (x: SweepDiff["best"]["a"]): string => (x === null ? "-" : valuesText(x));
  let out = `\nsweep ${sw.sweep} (points matched by their values):${sw.points.length === 0 && v(sw.best.a) === v(sw.best.b) ? " no change" : ""}\n`;
  if (v(sw.best.a) !== v(sw.best.b)) out += `  best: ${v(sw.best.a)} -> ${v(sw.best.b)}\n`;
  const rows: string[][] = [];
  for (const p of sw.points) {
    const at = `  ${valuesText(p.values)}`;
    if (p.change !== "changed") rows.push([at, p.change, p.metrics.map((m) => `${m.name}=${val(p.change === "added" ? m.b : m.a)}`).join(" ")]);
    if (p.status) rows.push([at, "status", p.status.a, "->", p.status.b]);
    if (p.change === "changed") for (const m of p.metrics) rows.push([at, m.name, val(m.a), "->", val(m.b)]);
  }
  if (rows.length > 0) out += table(rows);
  return out;
}

function renderShow(d: RunDetail, sweeps: readonly SweepTable[] = []): string {
  let out = `run ${d.id}: pipeline \`${d.pipeline}\` (${d.source}) — ${d.status}\n`;
  out += `  started   ${d.startedAt}${d.endedAt ? `, ended ${d.endedAt} (${ms(d.durationMs)})` : ""}\n`;
  out += `  git       ${d.gitCommit ?? "not a git repository"}${d.gitDirty ? " (uncommitted changes)" : ""}\n`;
  out += `  file      sha256 ${short(d.fileHash)}, IR sha256 ${short(d.irHash)}\n`;
  out += `  tools     ${Object.entries(d.tools).map(([k, v]) => `${k} ${v}`).join(", ")}\n`;
  out += `  params    ${Object.keys(d.params).length === 0 ? "none" : Object.entries(d.params).map(([k, v]) => `${k}=${val(v)}`).join(" ")}\n`;
  if (d.message) out += `  message   ${d.message}\n`;
  out += `\nsteps:\n`;
  out += table([
    ["  STEP", "STATUS", "TIME", "EXIT", "REASON / ERROR"],
    ...d.steps_.map((s) => [`  ${s.step}`, s.status, ms(s.durationMs), s.exitCode === null ? "-" : String(s.exitCode), s.error ?? s.reason ?? ""]),
  ]);
  for (const t of sweeps) out += renderSweep(t);
  const outs = d.artifacts.filter((a) => a.direction === "out");
  if (outs.length > 0) {
    out += `\nartifacts:\n`;
    out += table(outs.map((a) => [`  ${a.step}.${a.name}`, a.type, short(a.hash), a.size === null ? "" : `${a.size} B`]));
  }
  if (d.metrics.length > 0) {
    out += `\nmetrics:\n`;
    out += table(d.metrics.map((m) => [`  ${m.step}.${m.name}`, val(m.value)]));
  }
  for (const g of d.gates) {
    out += `\ngate ${g.gate}: ${g.verdict}\n`;
    for (const c of g.conditions as { text: string; ok: boolean; values: Record<string, unknown> }[]) {
      out += `  ${c.ok ? "✓" : "✗"} ${c.text}   (${Object.entries(c.values).map(([k, v]) => `${k} = ${v === null ? "absent" : val(v)}`).join(", ")})\n`;
    }
  }
  if (d.deployments.length > 0) {
    out += `\ndeployments:\n`;
    out += table(d.deployments.map((x) => [`  ${x.env}`, `${x.model} v${x.version}`, x.kind, x.status, x.note ?? ""]));
  }
  const logs = d.steps_.filter((s) => s.status === "failed" && s.logPath);
  for (const s of logs) out += `\nlog of failed step ${s.step}: ${s.logPath}\n`;
  out += `\nreproduce:\n  ${d.reproduce}\n`;
  return out;
}
