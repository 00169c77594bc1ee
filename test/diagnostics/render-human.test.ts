import { describe, expect, test } from "vitest";
import { renderHuman, renderHumanOne, renderHumanSummary } from "../../src/diagnostics/render/human.js";
import { NO_LOCATION } from "../../src/diagnostics/render/location.js";
import { lookupFrom } from "../../src/diagnostics/render/source-lookup.js";
import { diagnostic, type DiagnosticExtras, type Severity } from "../../src/diagnostics/diagnostic.js";
import { LineIndex } from "../../src/source/line-index.js";

/** Renders one diagnostic over `text` (file `f.mlp`), spanning the `nth` occurrence of `needle`. */
function render(text: string, needle: string | [number, number], extras: DiagnosticExtras = {}, opts: { severity?: Severity; color?: boolean; maxLineWidth?: number } = {}): string {
  const idx = new LineIndex(text);
  const [s, e] = typeof needle === "string" ? [text.indexOf(needle), text.indexOf(needle) + needle.length] : needle;
  if (s < 0) throw new Error(`needle not found: ${String(needle)}`);
  const d = diagnostic("MLP2003", opts.severity ?? "error", "unknown name `x`", idx.span("f.mlp", s, e), extras);
  return renderHumanOne(d, lookupFrom({ "f.mlp": text }), { color: opts.color ?? false, ...(opts.maxLineWidth ? { maxLineWidth: opts.maxLineWidth } : {}) });
}

const SRC = 'pipeline p {\n  step a {\n    run "echo ${x}"\n  }\n\tstep b = comp(x: 1, y: a.out)\n}\n';

describe("human renderer", () => {
  test("header, location, gutter, caret with label, notes and help", () => {
    expect(render(SRC, "${x}", { label: "not an input", notes: ["inputs are: none"], help: ["write `$${x}` for a literal"] })).toBe(
      [
        "error[MLP2003]: unknown name `x`",
        " --> f.mlp:3:15",
        "  |",
        '3 |     run "echo ${x}"',
        "  |               ^^^^ not an input",
        "  |",
        "  = note: inputs are: none",
        "  = help: write `$${x}` for a literal",
        "",
      ].join("\n"),
    );
  });

  test("secondary labels are underlined with `-` and stacked under the line; tabs expand to four columns", () => {
    const idx = new LineIndex(SRC);
    const at = (s: string): [number, number] => [SRC.indexOf(s), SRC.indexOf(s) + s.length];
    const d = diagnostic("MLP3001", "error", "mismatched argument", idx.span("f.mlp", ...at("a.out")), {
      label: "this is a `Table`",
      labels: [
        { span: idx.span("f.mlp", ...at("comp")), message: "component declared here" },
        { span: idx.span("f.mlp", ...at("x: 1")), message: "fine" },
      ],
    });
    expect(renderHumanOne(d, lookupFrom({ "f.mlp": SRC }))).toBe(
      [
        "error[MLP3001]: mismatched argument",
        " --> f.mlp:5:25", // columns count UTF-16 units: the tab is one
        "  |",
        "5 |     step b = comp(x: 1, y: a.out)",
        "  |              ---- ----     ^^^^^ this is a `Table`",
        "  |              |    |",
        "  |              |    fine",
        "  |              component declared here",
        "",
      ].join("\n"),
    );
  });

  test("a multi-line span starting at the indentation is drawn with `/` and `|_^`", () => {
    const start = SRC.indexOf("step a");
    const end = SRC.indexOf("  }") + 3;
    expect(render(SRC, [start, end], { label: "whole step" }, { severity: "warning" })).toBe(
      ["warning[MLP2003]: unknown name `x`", " --> f.mlp:2:3", "  |", "2 | /   step a {", '3 | |     run "echo ${x}"', "4 | |   }", "  | |___^ whole step", ""].join("\n"),
    );
  });

  test("a multi-line span starting mid-line is drawn with `____^`", () => {
    const start = SRC.indexOf("a {");
    const end = SRC.indexOf("  }") + 3;
    expect(render(SRC, [start, end], { label: "from here" })).toContain(["2 |     step a {", "  |  ________^", '3 | |     run "echo ${x}"', "4 | |   }", "  | |___^ from here"].join("\n"));
  });

  test("long multi-line spans elide their middle lines", () => {
    const text = `block {\n${Array.from({ length: 20 }, (_, i) => `  line${i}\n`).join("")}}\n`;
    const out = render(text, [0, text.length - 1], { label: "all" });
    expect(out).toContain("...");
    expect(out).toContain(" 1 | / block {");
    expect(out).toContain("22 | | }");
    expect(out).not.toContain("line10");
  });

  test("a span at the end of the file points just past the last character", () => {
    const out = render(SRC, [SRC.length, SRC.length], { label: "expected `}`" });
    expect(out).toContain("6 | }\n  |  ^ expected `}`");
  });

  test("a span at the end of a file without a trailing newline", () => {
    const text = "pipeline p {";
    expect(render(text, [text.length, text.length], { label: "expected `}`" })).toContain("1 | pipeline p {\n  |             ^ expected `}`");
  });

  test("CRLF line ends: no carriage return in the excerpt, carets aligned", () => {
    const text = "a\r\nbb\tcc\r\nd\r\n";
    const out = render(text, "cc", { label: "here" });
    expect(out).not.toContain("\r");
    expect(out).toContain("2 | bb    cc\n  |       ^^ here");
  });

  test("a span that ends on a line break is shown on its own line only", () => {
    const text = "one\ntwo\nthree\n";
    const out = render(text, [4, 8], { label: "line two" });
    expect(out).toContain("2 | two\n  | ^^^ line two");
    expect(out).not.toContain("three");
  });

  test("very long lines are cut to a window that keeps the span in view", () => {
    const text = `${"x".repeat(300)} BAD ${"y".repeat(300)}\n`;
    const out = render(text, "BAD", { label: "here" }, { maxLineWidth: 80 });
    const lines = out.split("\n");
    const src = lines.find((l) => l.startsWith("1 |"))!;
    const carets = lines[lines.indexOf(src) + 1]!;
    expect(src.length).toBeLessThan(100);
    expect(src).toMatch(/^1 \| \.\.\.x+ BAD y+\.\.\.$/);
    expect(src.indexOf("BAD")).toBe(carets.indexOf("^^^"));
  });

  test("wide characters take two columns", () => {
    const text = '名前 = "値" bad\n';
    const out = render(text, "bad", { label: "x" });
    expect(out).toContain('1 | 名前 = "値" bad\n  |             ^^^ x');
  });

  test("control characters in the source and the message cannot reach the terminal", () => {
    const text = 'run "\u001b[2Jboom"\n';
    const d = diagnostic("MLP1001", "error", "bad \u001b[31mred", new LineIndex(text).span("f.mlp", 5, 9));
    const out = renderHumanOne(d, lookupFrom({ "f.mlp": text }));
    expect(out).not.toContain("\u001b");
    expect(out).toContain("\\u{1b}");
  });

  test("colour only when asked", () => {
    expect(render(SRC, "${x}", { label: "l" })).not.toContain("\u001b[");
    const coloured = render(SRC, "${x}", { label: "l" }, { color: true });
    expect(coloured).toContain("\u001b[1;31merror[MLP2003]\u001b[0m");
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(render(SRC, "${x}", { label: "l" }));
  });

  test("no snippet when the source is unavailable; no location for command-line problems", () => {
    const d = diagnostic("MLP2003", "error", "gone", new LineIndex("abc").span("missing.mlp", 0, 1), { label: "lost", help: ["h"] });
    expect(renderHumanOne(d, () => undefined)).toBe("error[MLP2003]: gone\n --> missing.mlp:1:1\n  = label: lost\n  = help: h\n");
    const cli = diagnostic("MLP5003", "error", "unknown target `gitlab`", NO_LOCATION, { help: ["did you mean `github`?"] });
    expect(renderHumanOne(cli, () => undefined)).toBe("error[MLP5003]: unknown target `gitlab`\n  = help: did you mean `github`?\n");
  });

  test("labels in another file get their own `:::` excerpt", () => {
    const a = "import \"b.mlp\"\nstep x\n";
    const b = "step x\n";
    const d = diagnostic("MLP2010", "error", "duplicate step `x`", new LineIndex(a).span("a.mlp", 20, 21), {
      label: "second",
      labels: [{ span: new LineIndex(b).span("b.mlp", 5, 6), message: "first" }],
    });
    const out = renderHumanOne(d, lookupFrom({ "a.mlp": a, "b.mlp": b }));
    expect(out).toContain(" --> a.mlp:2:6");
    expect(out).toContain(" ::: b.mlp:1:6");
    expect(out).toContain("1 | step x\n  |      - first");
  });

  test("several diagnostics are separated by a blank line; the summary counts them", () => {
    const idx = new LineIndex(SRC);
    const ds = [diagnostic("MLP1", "error", "a", idx.span("f.mlp", 0, 1)), diagnostic("MLP2", "warning", "b", idx.span("f.mlp", 1, 2))];
    const out = renderHuman(ds, lookupFrom({ "f.mlp": SRC }));
    expect(out.split("\n\n")).toHaveLength(2);
    expect(renderHumanSummary(ds)).toBe("error: 1 error, 1 warning found\n");
    expect(renderHumanSummary([])).toBe("");
  });

  test("stale spans beyond the text are clamped, never thrown on", () => {
    const d = diagnostic("MLP1", "error", "stale", { file: "f.mlp", start: { offset: 999, line: 40, column: 1 }, end: { offset: 2000, line: 50, column: 3 } });
    expect(() => renderHumanOne(d, lookupFrom({ "f.mlp": "short\n" }))).not.toThrow();
    expect(renderHumanOne(d, lookupFrom({ "f.mlp": "short\n" }))).toContain("^");
  });
});
