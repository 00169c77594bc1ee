/**
 * `mlp graph` on control flow, from the command line: the control fixture's source and its IR
 * document are drawn exactly as the goldens show, each pipeline chosen with `--pipeline`.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlp } from "./run-cli.js";

beforeAll(() => ensureBuilt());

const FLOW = "test/fixtures/control/flow.ir.json";

describe.each(["test/fixtures/control/flow.mlp", FLOW])("mlp graph %s", (file) => {
  it.each(["flow", "flow_predict"].flatMap((p) => ["mermaid", "dot", "svg", "html"].map((f) => [p, f])))("draws pipeline %s as %s, as the golden shows", (pipeline, format) => {
    const r = mlp(["graph", file, "--pipeline", pipeline!, "--format", format!]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`test/golden/graph/${pipeline}.${format}`, "utf8"));
  });
});
