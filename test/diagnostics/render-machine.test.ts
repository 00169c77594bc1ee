import { describe, expect, test } from "vitest";
import { Ajv } from "ajv";
import { diagnostic } from "../../src/diagnostics/diagnostic.js";
import { escapeData, escapeProperty, renderGithub } from "../../src/diagnostics/render/github.js";
import { DIAGNOSTICS_JSON_SCHEMA, renderJson, toJsonReport } from "../../src/diagnostics/render/json.js";
import { NO_LOCATION } from "../../src/diagnostics/render/location.js";
import { renderDiagnostics, FORMATS } from "../../src/diagnostics/render/render.js";
import { renderShort } from "../../src/diagnostics/render/short.js";
import { LineIndex } from "../../src/source/line-index.js";

const text = "pipeline p {\n  step a = foo(x: 1)\n}\n";
const idx = new LineIndex(text);
const err = diagnostic("MLP2003", "error", "unknown component `foo`", idx.span("dir/p.mlp", 24, 27), {
  label: "not declared",
  labels: [{ span: idx.span("dir/p.mlp", 0, 8), message: "in this pipeline" }],
  notes: ["components: none"],
  help: ["declare `component foo { … }`"],
});
const lint = diagnostic("MLP6001", "warning", "image `python:latest` is not pinned", idx.span("dir/p.mlp", 15, 19), { rule: "unpinned-image" });

describe("short renderer", () => {
  test("one line per diagnostic: file:line:col: severity[code]: message [rule]", () => {
    expect(renderShort([err, lint])).toBe(
      "dir/p.mlp:2:12: error[MLP2003]: unknown component `foo`\ndir/p.mlp:2:3: warning[MLP6001]: image `python:latest` is not pinned [unpinned-image]\n",
    );
  });
  test("no location prefix for command-line problems; newlines cannot split a line", () => {
    expect(renderShort([diagnostic("MLP5003", "error", "unknown target `x`\nsecond", NO_LOCATION)])).toBe("error[MLP5003]: unknown target `x`\\u{a}second\n");
  });
});

describe("json renderer", () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(DIAGNOSTICS_JSON_SCHEMA);

  test("the documented shape, validated against its JSON Schema", () => {
    const doc = JSON.parse(renderJson([err, lint])) as unknown;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc).toEqual({
      version: 1,
      diagnostics: [
        {
          code: "MLP2003",
          severity: "error",
          message: "unknown component `foo`",
          span: { file: "dir/p.mlp", start: { line: 2, column: 12, offset: 24 }, end: { line: 2, column: 15, offset: 27 }, length: 3 },
          label: "not declared",
          labels: [{ span: { file: "dir/p.mlp", start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 9, offset: 8 }, length: 8 }, message: "in this pipeline" }],
          notes: ["components: none"],
          help: ["declare `component foo { … }`"],
        },
        {
          code: "MLP6001",
          severity: "warning",
          message: "image `python:latest` is not pinned",
          rule: "unpinned-image",
          span: { file: "dir/p.mlp", start: { line: 2, column: 3, offset: 15 }, end: { line: 2, column: 7, offset: 19 }, length: 4 },
          labels: [],
          notes: [],
          help: [],
        },
      ],
      summary: { errors: 1, warnings: 1 },
    });
  });

  test("key order is stable and the document ends with a newline", () => {
    const out = renderJson([err]);
    expect(out.endsWith("}\n")).toBe(true);
    expect(Object.keys(toJsonReport([err]).diagnostics[0]!)).toEqual(["code", "severity", "message", "span", "label", "labels", "notes", "help"]);
    expect(renderJson([err])).toBe(out);
  });

  test("an empty report is still a whole document", () => {
    const doc = JSON.parse(renderDiagnostics("json", [], () => undefined)) as unknown;
    expect(validate(doc)).toBe(true);
    expect(doc).toEqual({ version: 1, diagnostics: [], summary: { errors: 0, warnings: 0 } });
  });

  test("the schema rejects a document that breaks the shape", () => {
    expect(validate({ version: 1, diagnostics: [{ code: "E1" }], summary: { errors: 0, warnings: 0 } })).toBe(false);
    expect(validate({ version: 2, diagnostics: [], summary: { errors: 0, warnings: 0 } })).toBe(false);
  });
});

describe("github renderer", () => {
  test("workflow commands with file, line, columns and the code as title", () => {
    expect(renderGithub([err, lint])).toBe(
      "::error file=dir/p.mlp,line=2,col=12,endLine=2,endColumn=14,title=MLP2003::unknown component `foo`%0Anote: components: none%0Ahelp: declare `component foo { … }`\n" +
        "::warning file=dir/p.mlp,line=2,col=3,endLine=2,endColumn=6,title=MLP6001 (unpinned-image)::image `python:latest` is not pinned\n",
    );
  });
  test("escapes %, CR and LF in data, and also : and , in properties", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("C:\\x,y%\n")).toBe("C%3A\\x%2Cy%25%0A");
    const d = diagnostic("MLP1001", "info", "a::b", { file: "we,ird:name%.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });
    expect(renderGithub([d])).toBe("::notice file=we%2Cird%3Aname%25.mlp,line=1,col=1,endLine=1,endColumn=1,title=MLP1001::a::b\n");
  });
  test("a command-line problem has no file property", () => {
    expect(renderGithub([diagnostic("MLP5003", "error", "unknown target `x`", NO_LOCATION)])).toBe("::error title=MLP5003::unknown target `x`\n");
  });
});

test("every format renders through the one entry point", () => {
  for (const f of FORMATS) expect(renderDiagnostics(f, [err], () => text).length).toBeGreaterThan(0);
});
