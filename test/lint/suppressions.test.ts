/** `# mlp-ignore RULE: reason` silences a finding on its own line and the next; bad ones are reported. */
import { describe, expect, it } from "vitest";
import { lintSource } from "./harness.js";

const withImage = (comment: string, placement: "same" | "above") =>
  placement === "same"
    ? `pipeline p {\n  step s {\n    image "python:latest"  ${comment}\n    run "echo 1"\n  }\n}\n`
    : `pipeline p {\n  step s {\n    ${comment}\n    image "python:latest"\n    run "echo 1"\n  }\n}\n`;

describe("suppressions", () => {
  it.each([
    ["by name on the same line", "# mlp-ignore unpinned-image: smoke test wants the newest", "same"],
    ["by code on the line above", "# mlp-ignore MLP6001: smoke test wants the newest", "above"],
    ["in a list", "# mlp-ignore MLP6004, unpinned-image: smoke test", "above"],
  ] as const)("silences a finding %s", (_what, comment, placement) => {
    const found = lintSource(withImage(comment, placement));
    expect(found.filter((d) => d.code === "MLP6001")).toEqual([]);
    expect(found.filter((d) => d.code === "MLP6013")).toEqual([]);
  });

  it("does not reach two lines down", () => {
    const source = `pipeline p {\n  step s {\n    # mlp-ignore unpinned-image: too far away\n\n    image "python:latest"\n    run "echo 1"\n  }\n}\n`;
    expect(lintSource(source).map((d) => d.code)).toContain("MLP6001");
  });

  it("reports a suppression without a reason, which then suppresses nothing", () => {
    const found = lintSource(withImage("# mlp-ignore unpinned-image", "same"));
    const bad = found.find((d) => d.code === "MLP6013");
    expect(bad?.message).toBe("suppression of `unpinned-image` gives no reason");
    expect(bad?.span.start).toMatchObject({ line: 3, column: 28 });
    expect(found.map((d) => d.code)).toContain("MLP6001");
  });

  it("reports a suppression naming an unknown rule", () => {
    const found = lintSource(withImage("# mlp-ignore no-such-rule: because", "same"));
    expect(found.find((d) => d.code === "MLP6013")?.message).toBe("suppression names `no-such-rule`, which is neither a lint rule nor a warning's code");
  });
});

describe("suppressing the compiler's own warnings (MLP4xxx, a target's MLP5xxx)", () => {
  const unusedOutput = (comment: string) =>
    `pipeline p {\n  step split {\n    ${comment}\n    outputs { train: File, test: File }\n    run "split \${train} \${test}"\n  }\n` +
    `  step fit {\n    inputs { data: split.train }\n    run "fit \${data}"\n  }\n}\n`;

  it("mlp-ignore MLP4003 silences the checker's warning in check, compile and lint, and is no MLP6013", async () => {
    const { compileToIr } = await import("../../src/compile.js");
    const { memoryHost } = await import("../../src/source/host.js");
    const silenced = unusedOutput("# mlp-ignore MLP4003: the test split is inspected by hand");
    const r = compileToIr("p.mlp", memoryHost({ "p.mlp": silenced }));
    expect(r.ir).toBeDefined();
    expect(r.diagnostics).toEqual([]);
    expect(lintSource(silenced).map((d) => d.code)).toEqual([]); // no MLP6013: a warning's code is a valid name
    // Without the comment the warning is there: the test above can fail.
    expect(compileToIr("p.mlp", memoryHost({ "p.mlp": unusedOutput("# a comment") })).diagnostics.map((d) => d.code)).toEqual(["MLP4003"]);
  });

  it("a suppression without a reason silences nothing and is reported", async () => {
    const { compileToIr } = await import("../../src/compile.js");
    const { memoryHost } = await import("../../src/source/host.js");
    const source = unusedOutput("# mlp-ignore MLP4003");
    expect(compileToIr("p.mlp", memoryHost({ "p.mlp": source })).diagnostics.map((d) => d.code)).toEqual(["MLP4003"]);
    expect(lintSource(source).map((d) => d.code)).toEqual(["MLP6013"]);
  });

  it("errors cannot be suppressed: the error stays, and lint says why the comment is wrong", async () => {
    const { compileToIr } = await import("../../src/compile.js");
    const { memoryHost } = await import("../../src/source/host.js");
    const source = `pipeline p {\n  step s {\n    # mlp-ignore MLP2003: try to hide an unknown name\n    run "echo \${nope}"\n  }\n}\n`;
    const codes = compileToIr("p.mlp", memoryHost({ "p.mlp": source })).diagnostics.map((d) => d.code);
    expect(codes.some((c) => c.startsWith("MLP2"))).toBe(true);
    const lint = lintSource(source);
    expect(lint.find((d) => d.code === "MLP6013")?.message).toMatch(/^suppression names `MLP2003`, an error, which cannot be suppressed$/);
  });

  it("withoutSuppressed drops warnings and infos on the covered lines only, never errors", async () => {
    const { withoutSuppressed } = await import("../../src/lint/suppressions.js");
    const span = (line: number) => ({ file: "p.mlp", start: { offset: 0, line, column: 1 }, end: { offset: 0, line, column: 1 } });
    const d = (code: string, severity: "error" | "warning" | "info", line: number) => ({ code, severity, message: "m", span: span(line), labels: [], notes: [], help: [] });
    const byFile = new Map([["p.mlp", [{ rules: ["MLP5205", "MLP4003"], reason: "r", line: 3, span: span(3) }]]]);
    const kept = withoutSuppressed([d("MLP4003", "warning", 4), d("MLP5205", "info", 3), d("MLP4003", "error", 4), d("MLP4003", "warning", 5), d("MLP4001", "warning", 4)], byFile);
    expect(kept.map((k) => `${k.code}:${k.severity}:${k.span.start.line}`)).toEqual(["MLP4003:error:4", "MLP4003:warning:5", "MLP4001:warning:4"]);
  });
});
