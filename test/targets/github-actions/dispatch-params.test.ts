/**
 * More params than `workflow_dispatch` inputs allowed (25 on GitHub since 2025-12-04, or the
 * `dispatch_inputs` option): the params become one JSON string input, `params`, decoded and
 * checked once by the `mlp-params` job, whose outputs reach the jobs through `env:` only. The
 * decoding script runs here as actions/github-script runs it.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { IrDocument, IrParam, IrPipeline, Origin } from "../../../src/ir/ir.js";
import { emitIr } from "./helpers.js";
import { IR_STEP_DEFAULTS } from "../../helpers/valid-ir.js";
import { actionlint, schemaErrors } from "./validate.js";

type Obj = Record<string, unknown>;

function at(line: number): Origin {
  return { file: "p.mlp", start: { offset: line * 10, line, column: 3 }, end: { offset: line * 10 + 5, line, column: 8 } };
}

/** `n` params of every kind (a required one, an optional one, a hostile default), a step reading three of them and a gate reading one. */
function pipeline(n: number, options: Obj = {}): IrDocument {
  const kinds = ["int", "float", "bool", "string", "duration"] as const;
  const params: IrParam[] = Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const value = kind === "int" ? i : kind === "float" ? i + 0.5 : kind === "bool" ? i % 2 === 0 : kind === "string" ? `v${i} $(touch /tmp/pwned) \${{ secrets.X }}` : 60 * i;
    return { name: `p${i}`, type: { kind }, default: value, origin: at(10 + i) };
  });
  params[0] = { name: "p0", type: { kind: "int" }, origin: at(10) };
  params[1] = { name: "p1", type: { kind: "float", optional: true }, origin: at(11) };
  const p: IrPipeline = {
    name: "p",
    origin: at(1),
    triggers: [],
    params,
    secrets: [],
    datasets: [],
    steps: [
      {
        ...IR_STEP_DEFAULTS,
        name: "s",
        origin: at(90),
        run: { template: "echo", parts: [{ kind: "text", text: 'echo "$MLP_IN_a" "$MLP_IN_b" "$MLP_IN_c"; echo \'{"ok": true}\' > ' }, { kind: "builtin", name: "metrics" }] },
        inputs: [
          { name: "a", type: { kind: "int" }, binding: { kind: "param", param: "p0" } },
          { name: "b", type: { kind: "float" }, binding: { kind: "param", param: "p1" } },
          { name: "c", type: { kind: "string" }, binding: { kind: "param", param: "p3" } },
        ],
        metrics: [{ name: "ok", type: { kind: "bool" } }],
      },
    ],
    gates: [
      {
        name: "g",
        origin: at(95),
        conditions: [{ text: "p2", expr: { kind: "param", type: { kind: "bool" }, name: "p2" }, origin: at(96) }],
        needs: ["s"],
      },
    ],
    deploys: [],
    order: [
      { kind: "step", name: "s" },
      { kind: "gate", name: "g" },
    ],
    targets: { github: { options: options as never, origin: at(50) } },
  };
  return { ir: "mlp/v1", source: "p.mlp", root: ".", schemas: {}, pipelines: [p] };
}

const json = emitIr(pipeline(26));
const text = json.files[0]!.contents;
const doc = parse(text) as Obj;
const jobs = doc["jobs"] as Record<string, Obj>;
const paramsStep = (jobs["mlp-params"]!["steps"] as Obj[])[0]!;

interface Outcome {
  readonly outputs: Record<string, string>;
  readonly failed?: string;
}

/** Runs the mlp-params script with `input` as the `params` input of a run started by `event`. */
async function decode(input: string, event = "workflow_dispatch"): Promise<Outcome> {
  const outputs: Record<string, string> = {};
  let failed: string | undefined;
  const core = {
    setOutput: (k: string, v: string) => void (outputs[k] = v),
    setFailed: (m: string) => void (failed ??= m),
    info: () => undefined,
  };
  const env = { ...(paramsStep["env"] as Record<string, string>), MLP_PARAMS: input, GITHUB_EVENT_NAME: event };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...b: unknown[]) => Promise<unknown>;
    await new AsyncFunction("require", "core", String((paramsStep["with"] as Obj)["script"]))(createRequire(import.meta.url), core);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return failed === undefined ? { outputs } : { outputs, failed };
}

describe("params over the dispatch input limit", () => {
  it("keep one input per param up to 25", () => {
    const r = emitIr(pipeline(25));
    expect(r.diagnostics.filter((d) => d.code === "MLP5107")).toEqual([]);
    const inputs = (((parse(r.files[0]!.contents) as Obj)["on"] as Obj)["workflow_dispatch"] as Obj)["inputs"] as Obj;
    expect(Object.keys(inputs)).toHaveLength(25);
  });

  it("compile at 26 into one JSON input, with a warning, and pass actionlint and the schema", async () => {
    expect(json.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["MLP5107 warning"]);
    const inputs = (((doc["on"] as Obj)["workflow_dispatch"] as Obj)["inputs"]) as Record<string, Obj>;
    expect(Object.keys(inputs)).toEqual(["params"]);
    expect(inputs["params"]!["type"]).toBe("string");
    // `${{` in data is neutralised (GitHub shows input defaults unevaluated in the form).
    expect(JSON.parse(String(inputs["params"]!["default"]))["p3"]).toBe("v3 $(touch /tmp/pwned) ${{ '${{' }} secrets.X }}");
    expect(schemaErrors(text)).toEqual([]);
    expect(await actionlint(text, "p.yml")).toEqual([]);
  });

  it("follow the dispatch_inputs option (10 for older GitHub Enterprise Server and actionlint)", async () => {
    const r = emitIr(pipeline(11, { dispatch_inputs: 10 }));
    const inputs = (((parse(r.files[0]!.contents) as Obj)["on"] as Obj)["workflow_dispatch"] as Obj)["inputs"] as Obj;
    expect(Object.keys(inputs)).toEqual(["params"]);
    expect(await actionlint(r.files[0]!.contents, "p.yml")).toEqual([]);
  });

  it("reach the jobs only through env, from the mlp-params job they need", () => {
    const s = jobs["s"]!;
    expect(s["needs"]).toEqual(["mlp-params"]);
    const run = (s["steps"] as Obj[]).find((x) => x["name"] === "run s")!;
    expect(run["env"]).toEqual({ MLP_IN_a: "${{ needs.mlp-params.outputs.p0 }}", MLP_IN_b: "${{ needs.mlp-params.outputs.p1 }}", MLP_IN_c: "${{ needs.mlp-params.outputs.p3 }}" });
    expect(String(run["run"])).not.toContain("${{");
    const g = jobs["g"]!;
    expect(g["needs"]).toEqual(["mlp-params", "s"]);
    const check = (g["steps"] as Obj[])[0]!;
    expect((check["env"] as Obj)["MLP_INPUTS"]).toBe("${{ needs.mlp-params.outputs.json }}");
    // The input itself is read by one env variable of one job.
    expect(text.split("inputs.params").length - 1).toBe(1);
    expect((paramsStep["env"] as Obj)["MLP_PARAMS"]).toBe("${{ inputs.params }}");
  });

  it("decode a JSON object, with defaults for the params it leaves out", async () => {
    const r = await decode('{"p0": 7, "p2": false, "p3": "$(id) ${{ github.token }}"}');
    expect(r.failed).toBeUndefined();
    expect(r.outputs["p0"]).toBe("7");
    expect(r.outputs["p2"]).toBe("false");
    expect(r.outputs["p3"]).toBe("$(id) ${{ github.token }}");
    expect(r.outputs["p4"]).toBe("240");
    expect(r.outputs).not.toHaveProperty("p1");
    expect(JSON.parse(r.outputs["json"]!)).toMatchObject({ p0: 7, p2: false, p5: 5 });
  });

  it("use the defaults for runs not started by hand, and fail when a required param has none", async () => {
    expect((await decode('{"p0": 1}', "schedule")).failed).toBe("param p0 has no value: give it in the params input");
    expect((await decode("", "workflow_dispatch")).failed).toBe("param p0 has no value: give it in the params input");
  });

  it("fail on text that is not a JSON object, an unknown name or a value of the wrong type", async () => {
    expect((await decode("{p0: 1}")).failed).toMatch(/^the params input is not JSON: /);
    expect((await decode("[1]")).failed).toBe('the params input must be a JSON object, e.g. {"name": value}');
    expect((await decode('{"p0": 1, "nope": 2}')).failed).toMatch(/^the params input names "nope", which is not a param; the params are p0, p1, /);
    expect((await decode('{"p0": "7"}')).failed).toBe('param p0 must be int, found "7"');
    expect((await decode('{"p0": 1.5}')).failed).toBe("param p0 must be int, found 1.5");
    expect((await decode('{"p0": 1, "p2": "true"}')).failed).toBe('param p2 must be bool, found "true"');
    expect((await decode('{"p0": 1, "p3": 3}')).failed).toBe("param p3 must be string, found 3");
    expect((await decode('{"p0": 1, "p4": "1m"}')).failed).toBe('param p4 must be duration (seconds), found "1m"');
    expect((await decode('{"p0": 1, "__proto__": 1}')).failed).toMatch(/^the params input names "__proto__", which is not a param/);
  });
});
