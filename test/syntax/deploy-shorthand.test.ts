/** `to command "…"` is shorthand for `to command { command: "…" }`, and keeps its form through fmt. */
import { describe, expect, it } from "vitest";
import type { DeployDecl, DeployTo, PipelineDecl } from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { formatSource } from "../../src/format/format.js";

const source = `pipeline p {\n  deploy staging {\n    model train.model\n    to command "./ship.sh --env staging"\n  }\n}\n`;

describe("deploy shorthand", () => {
  it('parses `to KIND "…"` as one `command` option with the span of the string', () => {
    const r = parse(source, "main.mlp");
    expect(r.diagnostics).toEqual([]);
    const deploy = (r.file.declarations[0] as PipelineDecl).members[0] as DeployDecl;
    const to = deploy.members.find((m): m is DeployTo => m.kind === "DeployTo")!;
    expect(to.target.name).toBe("command");
    expect(to.command?.value).toBe("./ship.sh --env staging");
    expect(to.options).toHaveLength(1);
    expect(to.options[0]!.key.name).toBe("command");
    expect(to.options[0]!.value).toMatchObject({ kind: "String", value: "./ship.sh --env staging" });
    expect(to.options[0]!.span.start).toMatchObject({ line: 4, column: 16 });
  });

  it("is left as written by mlp fmt", () => {
    const r = formatSource(source, "main.mlp");
    expect(r).toMatchObject({ ok: true, changed: false });
  });
});
