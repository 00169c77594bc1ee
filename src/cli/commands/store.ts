/**
 * `mlp store verify [--repair]`: checks a run store (`src/runtime/store-verify.ts`) and prints
 * what it found: one diagnostic per problem (MLP7031-7034) on stderr and a summary on stdout, or
 * under `--format json` the report as one JSON document on stdout.
 */
import type { Command } from "commander";
import { diagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import { shortHash } from "../../runtime/object-check.js";
import { verifyStore, type Producer, type StoreProblem, type StoreReport } from "../../runtime/store-verify.js";
import { EXIT } from "../exit-codes.js";
import { outputSettings } from "../output-settings.js";
import { printDiagnostics, processStreams } from "../report.js";
import { openExistingStore, reportProblem, wantsJson, type StoreFlags } from "../store-access.js";

/** Registers `mlp store` and its subcommand `verify`. */
export function registerStore(program: Command): void {
  const store = program.command("store").description("check the run store (see `store verify`)");
  store
    .command("verify")
    .description("check the store's database and re-hash every artifact against its name")
    .option("--store <dir>", "the store directory (default: ./.mlp)")
    .option("--file <file>", "use the store beside this pipeline file")
    .option("--repair", "move corrupt and stray objects to `corrupt/` and drop the cache entries that name them, so the next run recomputes them")
    .addHelpText(
      "after",
      `
Exit status: 0 when the store is clean, 1 when a problem was found (even if --repair dealt with
it: run verify again to confirm), 2 when there is no store or it cannot be opened.`,
    )
    .action((flags: StoreFlags & { repair?: boolean }, cmd: Command) => {
      const opened = openExistingStore(flags);
      if ("problem" in opened) {
        reportProblem(opened.problem, cmd);
        process.exitCode = EXIT.usage;
        return;
      }
      let report: StoreReport;
      try {
        report = verifyStore(opened.store, { repair: flags.repair === true });
      } finally {
        opened.store.close();
      }
      const diagnostics = report.problems.map(problemDiagnostic);
      if (wantsJson(cmd)) {
        const problems = report.problems.map((p, i) => ({ code: diagnostics[i]!.code, severity: diagnostics[i]!.severity, ...p }));
        process.stdout.write(JSON.stringify({ ...report, problems }, null, 2) + "\n");
      } else {
        printDiagnostics(diagnostics, outputSettings(cmd), () => undefined, processStreams, { summary: false });
        process.stdout.write(summary(report));
      }
      process.exitCode = diagnostics.some((d) => d.severity === "error") ? EXIT.failed : EXIT.ok;
    });
}

function summary(r: StoreReport): string {
  const database = r.problems.some((p) => p.kind === "database") ? "database FAILED its integrity check" : "database ok";
  const objects = `${r.objects} object${r.objects === 1 ? "" : "s"} (${r.bytes} bytes) re-hashed`;
  const head = `store ${r.store}: ${database}; ${objects}`;
  if (r.problems.length === 0) return `${head}; no problems\n`;
  const found = `${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}`;
  if (r.ok) return `${head}; ${found}, all repaired (${r.cacheEntriesDropped} cache entr${r.cacheEntriesDropped === 1 ? "y" : "ies"} dropped: the next run recomputes them)\n`;
  const repairable = r.problems.some((p) => p.repaired !== true && p.kind !== "database");
  return `${head}; ${found}${repairable ? "; `mlp store verify --repair` moves bad objects aside and drops their cache entries" : ""}\n`;
}

const made = (p: Producer | null): string[] => (p === null ? [] : [`made by step \`${p.step}\` (output \`${p.output}\`) in run ${p.run}`]);

/** The diagnostic that reports one problem, with what was done about it or what to do. */
function problemDiagnostic(p: StoreProblem): Diagnostic {
  const moved = (to: string | undefined): string[] => (to === undefined ? [] : [`moved to ${to}`]);
  switch (p.kind) {
    case "database":
      return diagnostic("MLP7032", "error", `the store's database fails SQLite's integrity check: ${p.message}`, NO_LOCATION, {
        help: ["restore `mlp.db` from a backup; `sqlite3 mlp.db .recover` may save what is readable"],
      });
    case "corrupt":
      return diagnostic("MLP7031", "error", `object ${p.hash.slice(0, 12)} is corrupt: ${p.actual.startsWith("unreadable") ? p.actual : `its bytes hash to ${shortHash(p.actual)}`}`, NO_LOCATION, {
        notes: [`path: ${p.path}`, ...made(p.producer), ...moved(p.movedTo)],
        help: p.repaired ? [] : ["`mlp store verify --repair` moves it aside so the next run recomputes it; or `mlp run --no-cache`"],
      });
    case "stray":
      return diagnostic("MLP7034", "warning", `\`${p.path}\` is not an object mlp wrote`, NO_LOCATION, {
        notes: moved(p.movedTo),
        help: p.repaired ? [] : ["objects are named `ab/ab…` by their sha256; `--repair` moves other entries to `corrupt/`"],
      });
    case "missing":
      return diagnostic("MLP7033", "error", `object ${p.hash.slice(0, 12)} is missing from the store`, NO_LOCATION, {
        notes: [`recorded by ${p.usedBy.join(", ")}`, ...made(p.producer), ...(p.repaired ? ["its cache entries were dropped: the next run recomputes it"] : [])],
        help: p.repaired
          ? []
          : p.usedBy.every((u) => u.startsWith("cache entry"))
            ? ["`mlp store verify --repair` drops the cache entries so the next run recomputes it"]
            : ["a registered model version's artifact cannot be recomputed by mlp: restore the object from a backup"],
      });
  }
}
