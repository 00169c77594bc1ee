import { beforeAll, describe, expect, test } from "vitest";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Ajv } from "ajv";
import { DIAGNOSTICS_JSON_SCHEMA } from "../../src/diagnostics/render/json.js";
import { ensureBuilt, hasStackTrace, mlp, ROOT, tempDir } from "./run-cli.js";

const CLEAN = `pipeline demo {
  step hello {
    run "echo hello"
  }
}
`;
const BROKEN = `pipeline demo {
  step hello {
    run "echo \${nope}"
  }
}
`;

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = tempDir();
  writeFileSync(join(dir, "clean.mlp"), CLEAN);
  writeFileSync(join(dir, "broken.mlp"), BROKEN);
});

describe("mlp (global)", () => {
  test("--version prints the package version", () => {
    const r = mlp(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });

  test("--help lists the commands, global flags and examples", () => {
    const r = mlp(["--help"]);
    expect(r.status).toBe(0);
    for (const s of ["check", "compile", "explain", "--format", "--no-color", "Examples:", "Exit status"]) expect(r.stdout).toContain(s);
  });

  test("compile --help shows its flags, the global flags and examples", () => {
    const r = mlp(["compile", "--help"]);
    expect(r.status).toBe(0);
    for (const s of ["--target", "--out", "--pipeline", "--format", "Examples:", "mlp-target-foo"]) expect(r.stdout).toContain(s);
  });

  test("usage errors exit 2: no command, unknown option, bad --format value, missing --target", () => {
    for (const args of [[], ["check", "--frobnicate", "x.mlp"], ["--format", "xml", "check", "x.mlp"], ["compile", "x.mlp"]]) {
      const r = mlp(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe("mlp check", () => {
  test("a clean file exits 0", () => {
    const r = mlp(["check", "clean.mlp"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("no problems found in 1 file");
  });

  test("an error exits 1 and is rendered with the source excerpt", () => {
    const r = mlp(["check", "broken.mlp"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[MLP2\d{3}\]: /m);
    expect(r.stderr).toContain(" --> broken.mlp:3:");
    expect(r.stderr).toContain('3 |     run "echo ${nope}"');
    expect(r.stderr).toMatch(/\^{7}/);
    expect(r.stderr).not.toContain("\u001b[");
  });

  test("--format short prints one line per diagnostic", () => {
    const r = mlp(["check", "broken.mlp", "--format", "short"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^broken\.mlp:3:\d+: error\[MLP\d{4}\]: /);
  });

  test("--format json prints one valid document on stdout, also before the command", () => {
    const validate = new Ajv({ strict: true }).compile(DIAGNOSTICS_JSON_SCHEMA);
    for (const args of [["check", "broken.mlp", "clean.mlp", "--format", "json"], ["--format", "json", "check", "broken.mlp", "clean.mlp"]]) {
      const r = mlp(args, { cwd: dir });
      expect(r.status).toBe(1);
      const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ span: { file: string } }>; summary: { errors: number } };
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.summary.errors).toBe(1);
      expect(doc.diagnostics[0]!.span.file).toBe("broken.mlp");
    }
    const clean = JSON.parse(mlp(["check", "clean.mlp", "--format", "json"], { cwd: dir }).stdout) as unknown;
    expect(clean).toEqual({ version: 1, diagnostics: [], summary: { errors: 0, warnings: 0 } });
  });

  test("--format github prints workflow commands on stdout", () => {
    const r = mlp(["check", "broken.mlp", "--format", "github"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=broken\.mlp,line=3,col=\d+,endLine=3,endColumn=\d+,title=MLP\d{4}::/);
  });

  test("colour: off when piped, on with --color, off again with --no-color", () => {
    expect(mlp(["check", "broken.mlp"], { cwd: dir }).stderr).not.toContain("\u001b[");
    expect(mlp(["check", "broken.mlp", "--color"], { cwd: dir }).stderr).toContain("\u001b[1;31m");
    expect(mlp(["check", "broken.mlp", "--color", "--no-color"], { cwd: dir }).stderr).not.toContain("\u001b[");
  });
});

describe("bad inputs: one clear line with a code, never a stack trace", () => {
  const expectIoError = (args: string[], pattern: RegExp, cwd = dir): void => {
    const r = mlp(args, { cwd });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split("\n")[0]).toMatch(/^error\[MLP\d{4}\]: /);
    expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
  };

  test("a missing file", () => expectIoError(["check", "nope.mlp"], /^error\[MLP9101\]: no such file `nope\.mlp`/m));
  test("a directory", () => {
    mkdirSync(join(dir, "adir"), { recursive: true });
    expectIoError(["check", "adir"], /^error\[MLP9101\]: `adir` is a directory/m);
  });
  test("a binary file", () => {
    writeFileSync(join(dir, "bin.mlp"), Buffer.from([0x70, 0x69, 0x00, 0xff, 0xfe, 0x00]));
    expectIoError(["check", "bin.mlp"], /^error\[MLP9101\]: `bin\.mlp` is a binary file/m);
  });
  test("a 50 MB file", () => {
    writeFileSync(join(dir, "huge.mlp"), `# ${"x".repeat(50 * 1024 * 1024)}\n`);
    expectIoError(["check", "huge.mlp"], /^error\[MLP9101\]: `huge\.mlp` is 50\.0 MB; the limit is/m);
  });
  // A device or a pipe never ends or blocks: only regular files are read (issue #13).
  const canMkfifo = process.platform !== "win32" && spawnSync("mkfifo", ["--help"]).error === undefined;
  test.skipIf(!existsSync("/dev/zero"))("/dev/zero named on the command line, for check, fmt and lint", () => {
    for (const cmd of ["check", "fmt", "lint"]) {
      const r = mlp([cmd, "/dev/zero"], { cwd: dir });
      expect(r.status, `${cmd}: ${r.stderr}${r.stdout}`).toBe(2);
      expect(r.stderr + r.stdout).toMatch(/MLP9101.*`\/dev\/zero` is a character device, not a regular file|`\/dev\/zero` is a character device, not a regular file.*MLP9101/);
      expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
    }
  });
  test.skipIf(!canMkfifo)("a named pipe with no writer, named on the command line", () => {
    spawnSync("mkfifo", [join(dir, "pipe.mlp")]);
    expectIoError(["check", "pipe.mlp"], /^error\[MLP9101\]: `pipe\.mlp` is a named pipe, not a regular file/m);
    expectIoError(["fmt", "pipe.mlp"], /^error\[MLP9101\]: `pipe\.mlp` is a named pipe/m);
  });
  test("compile reports unreadable input the same way", () => expectIoError(["compile", "nope.mlp", "--target", "ir"], /MLP9101/));
  test("one unreadable file among several still checks the others, and exits 2", () => {
    const r = mlp(["check", "broken.mlp", "nope.mlp"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("MLP9101");
    expect(r.stderr).toContain("broken.mlp:3:");
  });
  test("a file nested 10,000 levels deep is a diagnostic, not a crash", () => {
    const deep = `pipeline p {\n  step s {\n    run "echo"\n  }\n  gate g {\n    ${"(".repeat(10_000)}1${")".repeat(10_000)} < 2\n  }\n}\n`;
    writeFileSync(join(dir, "deep.mlp"), deep);
    const r = mlp(["check", "deep.mlp"], { cwd: dir });
    expect([1, 2]).toContain(r.status);
    expect(r.stderr).toMatch(/^error\[MLP\d{4}\]: /m);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
  test("a file nested 10,000 blocks deep", () => {
    const deep = `pipeline p {\n${"step s {\n".repeat(10_000)}${"}\n".repeat(10_001)}`;
    writeFileSync(join(dir, "deep-blocks.mlp"), deep);
    const r = mlp(["check", "deep-blocks.mlp"], { cwd: dir });
    expect([1, 2]).toContain(r.status);
    expect(r.stderr).toMatch(/^error\[MLP\d{4}\]: /m);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
  test("--out that is a file", () => {
    writeFileSync(join(dir, "out-file"), "not a directory");
    expectIoError(["compile", "clean.mlp", "--target", "ir", "--out", "out-file"], /^error\[MLP9102\]: cannot create output directory `out-file`/m);
  });
  test("--out below a file", () => expectIoError(["compile", "clean.mlp", "--target", "ir", "--out", "out-file/sub"], /^error\[MLP9102\]: /m));
  test("--out in a read-only directory", () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; /proc is read-only for everyone.
      expectIoError(["compile", "clean.mlp", "--target", "ir", "--out", "/proc/mlp-out"], /^error\[MLP9102\]: /m);
      return;
    }
    const ro = join(dir, "ro");
    mkdirSync(ro, { recursive: true });
    chmodSync(ro, 0o500);
    expectIoError(["compile", "clean.mlp", "--target", "ir", "--out", "ro/out"], /^error\[MLP9102\]: .*permission denied/m);
  });
});

describe("mlp compile", () => {
  test("--target ir without --out prints IR JSON valid against the IR schema", () => {
    const r = mlp(["compile", "clean.mlp", "--target", "ir"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const ir = JSON.parse(r.stdout) as { ir: string; pipelines: Array<{ name: string }> };
    const schema = JSON.parse(readFileSync(join(ROOT, "src", "ir", "ir.schema.json"), "utf8")) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(ir), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(ir.ir).toBe("mlp/v1");
    expect(ir.pipelines.map((p) => p.name)).toEqual(["demo"]);
  });

  test("--target ir --out writes <stem>.ir.json atomically, leaving no temporary files", () => {
    const r = mlp(["compile", "clean.mlp", "--target", "ir", "--out", "build/nested"], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(join(dir, "build", "nested"))).toEqual(["clean.ir.json"]);
    expect((JSON.parse(readFileSync(join(dir, "build", "nested", "clean.ir.json"), "utf8")) as { ir: string }).ir).toBe("mlp/v1");
    // Running again replaces the file in place.
    expect(mlp(["compile", "clean.mlp", "--target", "ir", "--out", "build/nested"], { cwd: dir }).status).toBe(0);
    expect(readdirSync(join(dir, "build", "nested"))).toEqual(["clean.ir.json"]);
  });

  test("source errors exit 1 and write nothing", () => {
    const r = mlp(["compile", "broken.mlp", "--target", "ir", "--out", "never"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });

  test("--pipeline picks one pipeline; an unknown one exits 2", () => {
    writeFileSync(join(dir, "two.mlp"), `${CLEAN}\npipeline other {\n  step x {\n    run "echo x"\n  }\n}\n`);
    const one = mlp(["compile", "two.mlp", "--target", "ir", "--pipeline", "other"], { cwd: dir });
    expect(one.status, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { pipelines: Array<{ name: string }> }).pipelines.map((p) => p.name)).toEqual(["other"]);
    const bad = mlp(["compile", "two.mlp", "--target", "ir", "--pipeline", "nope"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error\[MLP9103\]: no pipeline named `nope`/m);
    expect(bad.stderr).toContain("`demo`, `other`");
  });

  test("bad options in a `target` block are MLP5001 at the block, exit 1", () => {
    writeFileSync(join(dir, "opts.mlp"), CLEAN.replace(/}\n$/, "  target ir { indent: 2 }\n}\n"));
    const r = mlp(["compile", "opts.mlp", "--target", "ir"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[MLP5001]: unknown option `indent` for target `ir`");
    expect(r.stderr).toContain(" --> opts.mlp:5:10");
    // `mlp check` validates target blocks of built-in targets too.
    expect(mlp(["check", "opts.mlp", "--format", "short"], { cwd: dir }).stderr).toContain("opts.mlp:5:10: error[MLP5001]");
  });

  test("a `target` block naming no known target is a warning (exit 0)", () => {
    writeFileSync(join(dir, "typo.mlp"), CLEAN.replace(/}\n$/, '  target gitlub { runs_on: "x" }\n}\n'));
    const r = mlp(["check", "typo.mlp", "--format", "short"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("typo.mlp:5:10: warning[MLP5002]: no target is named `gitlub`");
  });

  test("an unknown --target exits 2 with MLP5003 and the list of built-ins", () => {
    const r = mlp(["compile", "clean.mlp", "--target", "nosuch"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[MLP5003\]: unknown target `nosuch`/);
    expect(r.stderr).toContain("`ir`");
    expect(r.stderr).toContain("mlp-target-nosuch");
  });
});

describe("mlp explain", () => {
  test("prints the catalogue entry with its bad and fixed examples", () => {
    const r = mlp(["explain", "MLP5001"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MLP5001 \(error\): /);
    expect(r.stdout).toContain("This file triggers it:");
    expect(r.stdout).toContain("    target ir { indent: 2 }");
    expect(r.stdout).toContain("Fixed:");
  });
  test("accepts lower case and bare numbers; --format json prints the entry", () => {
    expect(mlp(["explain", "mlp5001"]).stdout).toBe(mlp(["explain", "5001"]).stdout);
    expect((JSON.parse(mlp(["explain", "5001", "--format", "json"]).stdout) as { code: string }).code).toBe("MLP5001");
  });
  test("without a code lists every code", () => {
    const r = mlp(["explain"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MLP5001 {2}error {3}/m);
    expect(r.stdout).toMatch(/^MLP9101 /m);
  });
  test("an unknown code exits 2", () => {
    const r = mlp(["explain", "MLP0000"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[MLP9104\]: no diagnostic has the code `MLP0000`/);
    expect(mlp(["explain", "banana"]).stderr).toMatch(/^error\[MLP9104\]: `banana` is not a diagnostic code/);
  });
});
