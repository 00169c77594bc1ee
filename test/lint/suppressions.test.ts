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
    expect(found.find((d) => d.code === "MLP6013")?.message).toBe("suppression names `no-such-rule`, which is not a lint rule");
  });
});
