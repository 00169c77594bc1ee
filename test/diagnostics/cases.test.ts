/**
 * UI tests in the style of rustc's `tests/ui`: every `cases/NAME.mlp` is run through the CLI
 * commands it names and what each prints is compared with the file beside it:
 *
 * - `NAME.check.stderr` — `mlp check NAME.mlp` (human format, no colour); every case has one.
 * - `NAME.lint.stdout`  — `mlp lint NAME.mlp` (stylish), when the file's first line is
 *   `# case: check lint`.
 *
 * Files whose name starts with `_` are imported by cases, not cases themselves. Paths in the
 * output are relative to the repository root, so they are the same on every machine.
 * `npm run test:update` (UPDATE_GOLDEN=1) rewrites the expected files; review the diff.
 */
import { readdirSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/commands/check.js";
import { runLint } from "../../src/cli/commands/lint.js";
import type { Streams } from "../../src/cli/report.js";
import { expectGolden } from "../helpers/golden.js";
import { readFileSync } from "node:fs";

const DIR = "test/diagnostics/cases";
const COMMANDS = ["check", "lint"] as const;
type CaseCommand = (typeof COMMANDS)[number];
const EXPECTED: Record<CaseCommand, string> = { check: "check.stderr", lint: "lint.stdout" };

const entries = readdirSync(DIR).sort();
const cases = entries.filter((f) => f.endsWith(".mlp") && !f.startsWith("_")).map((f) => f.slice(0, -".mlp".length));

/** The commands a case asks for on its first line (`# case: check lint`); `check` by default. */
function commandsOf(source: string): CaseCommand[] {
  const m = /^# case:((?: [a-z]+)+)\n/.exec(source);
  if (m === null) return ["check"];
  const words = m[1]!.trim().split(" ");
  for (const w of words) if (!(COMMANDS as readonly string[]).includes(w)) throw new Error(`unknown case command \`${w}\``);
  return words as CaseCommand[];
}

function buffers(): { streams: Streams; out: () => { stdout: string; stderr: string } } {
  let stdout = "";
  let stderr = "";
  return {
    streams: { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    out: () => ({ stdout, stderr }),
  };
}

/** What `mlp COMMAND FILE --no-color` prints, run in-process. */
async function run(command: CaseCommand, file: string): Promise<{ stdout: string; stderr: string }> {
  const { streams, out } = buffers();
  if (command === "check") {
    const cmd = new Command().option("--no-color");
    cmd.parse(["--no-color"], { from: "user" });
    await runCheck([file], cmd, streams);
  } else {
    runLint([file], { format: "stylish" }, streams);
  }
  return out();
}

describe("diagnostics cases", () => {
  it("has cases, and no expected file without its case and command", () => {
    expect(cases.length).toBeGreaterThan(0);
    const wanted = new Set(cases.flatMap((c) => commandsOf(readFileSync(`${DIR}/${c}.mlp`, "utf8")).map((cmd) => `${c}.${EXPECTED[cmd]}`)));
    const orphans = entries.filter((f) => !f.endsWith(".mlp") && !wanted.has(f));
    expect(orphans).toEqual([]);
  });

  for (const name of cases) {
    const path = `${DIR}/${name}.mlp`;
    for (const command of commandsOf(readFileSync(path, "utf8"))) {
      it(`${name}: mlp ${command}`, async () => {
        const { stdout, stderr } = await run(command, path);
        if (command === "check") {
          expect(stdout).toBe("");
          expectGolden(`${DIR}/${name}.check.stderr`, stderr);
        } else {
          expectGolden(`${DIR}/${name}.lint.stdout`, stdout);
        }
      });
    }
  }
});
