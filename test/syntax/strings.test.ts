import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import type * as A from "../../src/syntax/ast.js";
import { codes, slice } from "./helpers.js";

/** Parses `run <literal>` in a step and returns the string node, the source and diagnostics. */
function runString(literal: string) {
  const text = "pipeline p {\n  step s {\n    run " + literal + "\n  }\n}\n";
  const r = parse(text, "s.mlp");
  const step = (r.file.declarations[0] as A.PipelineDecl).members[0] as A.StepDecl;
  const run = step.members?.find((m) => m.kind === "Run") as A.RunMember | undefined;
  return { text, string: run?.command, diagnostics: r.diagnostics };
}

describe("strings", () => {
  it.each([
    ['"plain"', "plain"],
    ['"a \\"quoted\\" word"', 'a "quoted" word'],
    ['"back\\\\slash"', "back\\slash"],
    ['"tab\\tnew\\nline"', "tab\tnew\nline"],
    ['"rocket \\u{1F680} e\\u{301}"', "rocket \u{1F680} e\u0301"],
    ['"cost $5 and $$HOME"', "cost $5 and $$HOME"],
  ])("decodes %s", (literal, value) => {
    const r = runString(literal);
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.string!.value).toBe(value);
    expect(r.string!.triple).toBe(false);
  });

  it("splits text and placeholders with exact spans, through escapes", () => {
    const r = runString('"say \\"hi\\" \\u{1F680} ${data} --out ${out}$$ $${HOME} $HOME"');
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.string!.parts.map((p) => (p.kind === "text" ? ["text", p.value] : ["placeholder", p.name]))).toEqual([
      ["text", 'say "hi" \u{1F680} '],
      ["placeholder", "data"],
      ["text", " --out "],
      ["placeholder", "out"],
      ["text", "$ ${HOME} $HOME"],
    ]);
    const placeholders = r.string!.parts.filter((p) => p.kind === "placeholder");
    expect(placeholders.map((p) => slice(r.text, p.span))).toEqual(["${data}", "${out}"]);
    expect(placeholders[0]!.span.start).toMatchObject({ line: 3, column: 31 });
  });

  it("dedents triple-quoted strings and keeps placeholder spans in the source", () => {
    const literal = '"""\n      python steps/train.py \\\n        --data ${data} \\\n\n        --model ${model}\n    """';
    const r = runString(literal);
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.string!.triple).toBe(true);
    expect(r.string!.value).toBe("python steps/train.py \\\n  --data ${data} \\\n\n  --model ${model}");
    const placeholders = r.string!.parts.filter((p) => p.kind === "placeholder");
    expect(placeholders.map((p) => slice(r.text, p.span))).toEqual(["${data}", "${model}"]);
    expect(placeholders.map((p) => [p.span.start.line, p.span.start.column])).toEqual([
      [5, 16],
      [7, 17],
    ]);
    expect(r.string!.span.start.line).toBe(3);
    expect(r.string!.span.end.line).toBe(8);
  });

  it("keeps a triple-quoted one-liner as written", () => {
    const r = runString('"""echo "quoted" \\d"""');
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.string!.value).toBe('echo "quoted" \\d');
  });

  it.each([
    ['"echo ${"', "3:15 MLP1005", "${"],
    ['"echo ${1x}"', "3:15 MLP1005", "${1x}"],
    ['"echo ${}"', "3:15 MLP1005", "${}"],
    ['"echo ${a b}"', "3:15 MLP1005", "${a b}"],
    ['"echo \\q"', "3:15 MLP1004", "\\q"],
    ['"echo \\u{110000}"', "3:15 MLP1004", "\\u{110000}"],
    ['"echo \\u{D800}"', "3:15 MLP1004", "\\u{D800}"],
    ['"echo \\u41"', "3:15 MLP1004", "\\u"],
    ['"echo', "3:9 MLP1003", '"'],
  ])("reports %s at its exact column", (literal, expected, text) => {
    const r = runString(literal);
    expect(codes(r.diagnostics)).toEqual([expected]);
    expect(slice(r.text, r.diagnostics[0]!.span)).toBe(text);
  });

  it("reports an unterminated triple-quoted string at its opening quotes", () => {
    const text = 'pipeline p {\n  step s {\n    run """\n      echo\n';
    const r = parse(text, "s.mlp");
    expect(codes(r.diagnostics)[0]).toBe("3:9 MLP1003");
    expect(slice(text, r.diagnostics[0]!.span)).toBe('"""');
  });

  it("gives placeholders in every string, not only `run`", () => {
    const r = parse('pipeline p {\n  description "for ${who}"\n}\n', "s.mlp");
    const d = (r.file.declarations[0] as A.PipelineDecl).members[0] as A.Description;
    expect(d.text.parts).toMatchObject([{ kind: "text", value: "for " }, { kind: "placeholder", name: "who" }]);
  });
});
