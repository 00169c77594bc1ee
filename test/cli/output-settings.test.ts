import { describe, expect, test } from "vitest";
import { Command } from "commander";
import { addOutputOptions, outputSettings } from "../../src/cli/output-settings.js";

/** Parses `argv` with a program that has the global output options and a `check` command. */
function settingsFor(argv: string[], env: Record<string, string>, isTTY: boolean) {
  const program = new Command().exitOverride();
  addOutputOptions(program);
  let result: ReturnType<typeof outputSettings> | undefined;
  program.command("check").argument("[files...]").action((_f: unknown, _o: unknown, cmd: Command) => {
    result = outputSettings(cmd, env, isTTY);
  });
  program.parse(["node", "mlp", ...argv]);
  return result!;
}

describe("colour decision", () => {
  test.each([
    // argv, env, TTY, expected colour
    [[], {}, true, true],
    [[], {}, false, false],
    [[], { NO_COLOR: "1" }, true, false],
    [[], { NO_COLOR: "" }, true, true], // an empty NO_COLOR does not count (no-color.org)
    [["--no-color"], {}, true, false],
    [["--color"], {}, false, true],
    [["--color"], { NO_COLOR: "1" }, false, true], // an explicit flag wins over the environment
  ] as Array<[string[], Record<string, string>, boolean, boolean]>)("%j env=%j tty=%s -> %s", (argv, env, tty, expected) => {
    expect(settingsFor(["check", ...argv], env, tty).color).toBe(expected);
  });
});

describe("format", () => {
  test("defaults to human; works before or after the command", () => {
    expect(settingsFor(["check"], {}, false).format).toBe("human");
    expect(settingsFor(["--format", "json", "check"], {}, false).format).toBe("json");
    expect(settingsFor(["check", "--format", "github"], {}, false).format).toBe("github");
  });
  test("rejects unknown formats", () => {
    expect(() => settingsFor(["check", "--format", "xml"], {}, false)).toThrow(/Allowed choices are human, short, json, github/);
  });
});

describe("internal errors", () => {
  test("stack frames in MLP9001 notes are dropped unless MLP_DEBUG is set", async () => {
    const { withoutStackFrames } = await import("../../src/cli/report.js");
    const { diagnostic } = await import("../../src/diagnostics/diagnostic.js");
    const { NO_LOCATION } = await import("../../src/diagnostics/render/location.js");
    const d = diagnostic("MLP9001", "error", "internal compiler error: boom", NO_LOCATION, {
      notes: ["at lower (file:///work/main/dist/src/ir/lower.js:10:5)", "at Array.map (<anonymous>)", "at compileToIr (/x/compile.js:3:1)", "keep me"],
    });
    expect(withoutStackFrames([d], {})[0]!.notes).toEqual(["keep me"]);
    expect(withoutStackFrames([d], { MLP_DEBUG: "1" })[0]!.notes).toHaveLength(4);
  });
});

describe("a command with a --format of its own", () => {
  test("its format never becomes the diagnostics format; the global one still applies", async () => {
    const { Option } = await import("commander");
    const { diagnosticsFormat } = await import("../../src/cli/output-settings.js");
    const program = new Command().exitOverride().enablePositionalOptions();
    addOutputOptions(program);
    let seen: string | undefined;
    program
      .command("graph")
      .argument("<file>")
      .addOption(new Option("--format <f>").choices(["mermaid", "dot"]).default("mermaid"))
      .action((_f: unknown, _o: unknown, cmd: Command) => {
        seen = diagnosticsFormat(cmd);
      });
    program.parse(["node", "mlp", "graph", "f.mlp", "--format", "dot"]);
    expect(seen).toBe("human");
    program.parse(["node", "mlp", "--format", "json", "graph", "f.mlp", "--format", "dot"]);
    expect(seen).toBe("json");
  });
});
