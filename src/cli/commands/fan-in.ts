/**
 * `mlp fan-in --points DIR --out DIR [--spec FILE]`: a sweep's fan-in, the command every target
 * runs in its fan-in job or task (and `mlp run` runs in process, `src/runtime/sweep/fan-in.ts`).
 * The spec is the JSON a target compiles in (`src/ir/fan-in-spec.ts`), from `--spec` or the
 * environment variable `MLP_FAN_IN_SPEC`. Exit 0 when the fan-in's files are written; 1 with an
 * MLP7050 (the fan-in failed) or MLP7051 (bad spec) diagnostic.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { diagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { NO_LOCATION } from "../../diagnostics/render/location.js";
import { FanInError, fanIn } from "../../runtime/sweep/fan-in.js";
import { checkFanInSpec } from "../../runtime/sweep/fan-in-spec-check.js";
import { EXIT } from "../exit-codes.js";
import { outputSettings } from "../output-settings.js";
import { printDiagnostics, processStreams } from "../report.js";

export function registerFanIn(program: Command): void {
  program
    .command("fan-in")
    .description("pick a sweep's best point and build its collect directories from the points' files")
    .requiredOption("--points <dir>", "the points' results: <dir>/<entry>/<step>/<output> and <dir>/<entry>/<step>.metrics.json")
    .requiredOption("--out <dir>", "where to write points.json, best.json, best/ and collect/")
    .option("--spec <file>", "the fan-in spec (JSON); default: the MLP_FAN_IN_SPEC environment variable")
    .addHelpText(
      "after",
      `
Exit status: 0 when the files are written, 1 when the spec is bad (MLP7051) or the fan-in
failed (MLP7050: e.g. no point finished with the best metric), 2 on a usage error.`,
    )
    .action((flags: { points: string; out: string; spec?: string }, cmd: Command) => {
      const fail = (d: Diagnostic): void => {
        printDiagnostics([d], outputSettings(cmd), () => undefined, processStreams, { summary: false });
        process.exitCode = EXIT.failed;
      };
      const bad = (message: string, notes: string[] = []): void =>
        fail(diagnostic("MLP7051", "error", message, NO_LOCATION, { notes, help: ["pass the spec the target compiled: `--spec FILE` or the environment variable MLP_FAN_IN_SPEC"] }));
      let text: string | undefined;
      if (flags.spec !== undefined) {
        try {
          text = readFileSync(flags.spec, "utf8");
        } catch (e) {
          return bad(`cannot read the fan-in spec \`${flags.spec}\`: ${(e as Error).message}`);
        }
      } else text = process.env.MLP_FAN_IN_SPEC;
      if (text === undefined || text.trim() === "") return bad("no fan-in spec: give `--spec FILE` or set MLP_FAN_IN_SPEC");
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        return bad(`the fan-in spec is not JSON: ${(e as Error).message}`);
      }
      const checked = checkFanInSpec(json);
      if ("problems" in checked) return bad("the fan-in spec is not valid", checked.problems);
      try {
        const r = fanIn(checked.spec, flags.points, flags.out, { link: true });
        const finished = r.points.filter((p) => p.status === "succeeded").length;
        const best = r.best === undefined ? "" : `; best: point ${r.best.entry} ${JSON.stringify(r.best.values)}`;
        process.stdout.write(`sweep ${checked.spec.sweep}: ${finished} of ${r.points.length} points finished${best}\n`);
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof FanInError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
        fail(diagnostic("MLP7050", "error", (e as Error).message, NO_LOCATION, { notes: [`points: ${flags.points}`] }));
      }
    });
}
