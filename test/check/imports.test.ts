/** `loadProgram`: relative imports, missing files, cycles, visibility through imports. */
import { describe, expect, it } from "vitest";
import { compileToIr, loadProgram } from "../../src/compile.js";
import { memoryHost } from "../../src/source/host.js";
import { compile, only, summary } from "./helpers.js";

const GREET = `component greet {\n  run "echo hello"\n}\n`;
const USE = `pipeline p {\n  step s = greet()\n}\n`;

describe("imports", () => {
  it("resolves imports relative to the importing file, through directories", () => {
    const host = memoryHost({
      "app/main.mlp": `import "../lib/a.mlp"\n${USE}`,
      "lib/a.mlp": `import "./sub/b.mlp"\n${GREET}`,
      "lib/sub/b.mlp": `schema Unused {\n  x: int\n}\n`,
    });
    const loaded = loadProgram("./app/main.mlp", host);
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.program.files.keys()]).toEqual(["app/main.mlp", "lib/a.mlp", "lib/sub/b.mlp"]);
    expect(loaded.program.entry).toBe("app/main.mlp");
    const r = compileToIr("app/main.mlp", host);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.ir!.pipelines[0]!.steps[0]!.workingDir).toBe("../lib");
    expect(r.ir!.pipelines[0]!.steps[0]!.origin.file).toBe("main.mlp");
  });

  it("loads a file imported twice (a diamond) once", () => {
    const host = memoryHost({
      "main.mlp": `import "./a.mlp"\nimport "./b.mlp"\nimport "./c.mlp"\n${USE}`,
      "a.mlp": `import "./c.mlp"\n`,
      "b.mlp": `import "./c.mlp"\n`,
      "c.mlp": GREET,
    });
    const loaded = loadProgram("main.mlp", host);
    expect([...loaded.program.files.keys()]).toEqual(["main.mlp", "a.mlp", "c.mlp", "b.mlp"]);
    expect(summary(compileToIr("main.mlp", host).diagnostics)).toEqual([]);
  });

  it("reports a missing import at its string, with the resolved path", () => {
    const d = only(`import "./lib/missing.mlp"\n${USE}`);
    expect(summary([d])).toEqual(["MLP2001 main.mlp 1:8+19"]);
    expect(d.message).toBe("cannot import `./lib/missing.mlp`: no such file `lib/missing.mlp`");
    expect(d.notes[0]).toContain("resolves to `lib/missing.mlp`");
  });

  it("reports a three-file cycle once, with the full path and a label on each import", () => {
    const d = only(`import "./a.mlp"\n${USE}`, {
      "a.mlp": `import "./b.mlp"\n`,
      "b.mlp": `import "./c.mlp"\n`,
      "c.mlp": `import "./a.mlp"\n${GREET}`,
    });
    expect(d.code).toBe("MLP2002");
    expect(d.message).toBe("import cycle: `a.mlp` -> `b.mlp` -> `c.mlp` -> `a.mlp`");
    expect(summary([d])).toEqual(["MLP2002 c.mlp 1:8+9"]);
    expect(d.labels.map((l) => `${l.span.file} ${l.message}`)).toEqual([
      "a.mlp `a.mlp` imports `b.mlp` here",
      "b.mlp `b.mlp` imports `c.mlp` here",
    ]);
  });

  it("reports a file importing itself", () => {
    const d = only(`import "./main.mlp"\n${GREET}${USE}`);
    expect(d.message).toBe("import cycle: `main.mlp` -> `main.mlp`");
  });

  it("reports an unreadable entry file as MLP2000 at 1:1", () => {
    const r = compileToIr("nope.mlp", memoryHost({}));
    expect(summary(r.diagnostics)).toEqual(["MLP2000 nope.mlp 1:1+0"]);
    expect(r.ir).toBeUndefined();
  });

  it("makes names visible through direct imports only, and says where to import from", () => {
    const d = only(`import "./a.mlp"\n${USE}`, { "a.mlp": `import "./b.mlp"\n`, "b.mlp": GREET });
    expect(summary([d])).toEqual(["MLP2006 main.mlp 3:12+5"]);
    expect(d.help).toContain('`greet` is declared in `./b.mlp`; add `import "./b.mlp"`');
  });

  it("reports a name declared in two files, labelling both", () => {
    const d = only(`import "./a.mlp"\n${GREET}${USE}`, { "a.mlp": GREET });
    expect(summary([d])).toEqual(["MLP2003 a.mlp 1:11+5"]);
    expect(d.labels.map((l) => `${l.span.file}:${l.span.start.line}:${l.span.start.column}`)).toEqual(["main.mlp:2:11"]);
  });

  it("stops after syntax errors: no checker diagnostics cascade from a broken file", () => {
    const r = compile(`pipeline p {\n  step s = greet(\n}\n`);
    expect(r.diagnostics.every((d) => d.code.startsWith("MLP1"))).toBe(true);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
