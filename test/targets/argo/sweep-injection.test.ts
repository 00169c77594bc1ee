/**
 * Hostile string values in a sweep's `over` (issue #15) stay inert on Argo and reach the step
 * verbatim: the fan-out's items carry them base64-encoded; the path to the container is emulated
 * (item -> the point's parameter -> the member's argument -> its env), any `{{` left where Argo
 * substitutes is a failure, the kubelet's `$(VAR)` expansion is applied, and a real `sh` must
 * print the value exactly. A member gate comparing the dimension with a hostile literal uses only
 * the tags the target writes. The fan-in's spec, which holds the values, reaches `mlp fan-in`
 * (a stand-in on PATH) as the same JSON. Mutation checks: items with the raw text, and a fan-in
 * script with its spec unencoded, are caught.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultFanInSpec } from "../../../src/ir/fan-in-spec.js";
import type { IrDocument } from "../../../src/ir/ir.js";
import { pipelineView } from "../../../src/ir/view.js";
import { IR_STEP_DEFAULTS, validIr } from "../../helpers/valid-ir.js";
import { hostileText } from "../hostile-text.js";
import { documentTagProblems } from "./argo-tags.js";
import { checkFile, kubeletView, readIr, runArgo } from "./helpers.js";

type Obj = Record<string, any>;
const FIXTURE = resolve(import.meta.dirname, "../../fixtures/sweep/tune.ir.json");

/** The fixture with a third dimension `tag` over `texts`, a member `say` that prints it, and a member gate on it. */
function hostileSweep(texts: readonly string[]): IrDocument {
  const ir = structuredClone(readIr(FIXTURE)) as any;
  const p = ir.pipelines[0];
  const sweep = p.sweeps[0];
  const origin = sweep.origin;
  sweep.over.push({ name: "tag", type: { kind: "string" }, values: { kind: "literal", values: [...texts] }, origin });
  p.gates.push({
    name: "tagged",
    origin,
    sweep: "tune",
    needs: [],
    conditions: [
      {
        expr: { kind: "binary", type: { kind: "bool" }, op: "!=", left: { kind: "over", type: { kind: "string" }, name: "tag" }, right: { kind: "literal", type: { kind: "string" }, value: texts[0] } },
        text: "tag != …",
        origin,
      },
    ],
  });
  p.steps.splice(1, 0, {
    ...IR_STEP_DEFAULTS,
    name: "say",
    origin,
    run: { template: "printf '%s' ${tag}", parts: [{ kind: "text", text: "printf '%s' " }, { kind: "input", name: "tag" }] },
    inputs: [{ name: "tag", type: { kind: "string" }, binding: { kind: "over", name: "tag" } }],
    needs: ["tagged"],
    after: ["tagged"],
    sweep: "tune",
  });
  sweep.members = ["tagged", "say", "train", "evaluate"];
  sweep.needs = ["evaluate", "say", "tagged", "train"];
  p.order.splice(1, 0, { kind: "gate", name: "tagged" }, { kind: "step", name: "say" });
  return ir as IrDocument;
}

function compile(texts: readonly string[]): { wf: Obj; contents: string } {
  const out = runArgo(hostileSweep(texts));
  expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return { wf: checkFile(out.files[0]!)[0]!, contents: out.files[0]!.contents };
}
const template = (wf: Obj, name: string): Obj => wf.spec.templates.find((t: Obj) => t.name === name);

/** Replaces `{{inputs.parameters.X}}` with `inputs`; any other tag left is a problem. */
function substitute(s: string, inputs: ReadonlyMap<string, string>, where: string, problems: string[]): string {
  const out = s.replace(/\{\{inputs\.parameters\.([-A-Za-z0-9_]+)\}\}/g, (_, name: string) => inputs.get(name) ?? "");
  if (out.includes("{{")) problems.push(`${where}: Argo would read a template tag in ${JSON.stringify(s)}`);
  return out;
}

/** Runs a container as the kubelet would hand it to `sh`; returns stdout. */
function run(container: Obj, inputs: ReadonlyMap<string, string>, where: string, problems: string[], path = "/usr/local/bin:/usr/bin:/bin"): string {
  const view = kubeletView({
    ...container,
    args: container.args.map((a: string) => substitute(a, inputs, `${where} args`, problems)),
    env: (container.env ?? []).map((e: Obj) => ({ ...e, value: substitute(e.value, inputs, `${where} env ${e.name}`, problems) })),
  });
  const env: Record<string, string> = { PATH: path };
  for (const e of view.env) env[e.name] = e.value;
  const r = spawnSync("sh", ["-c", ...view.args], { cwd: mkdtempSync(join(tmpdir(), "mlp-argo-sweep-")), env, encoding: "utf8" });
  if (r.status !== 0) problems.push(`${where} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** What the member `say` prints at each point, following the value from the item to the container. */
function printedPerPoint(wf: Obj, problems: string[]): string[] {
  const fanOut = template(wf, "tune-points").dag.tasks[0];
  const say = template(wf, "tune-point").dag.tasks.find((t: Obj) => t.name === "say");
  return fanOut.withItems.map((item: Obj) => {
    // fan-out task arguments -> the point's inputs
    const point = new Map<string, string>(
      fanOut.arguments.parameters.map((a: Obj) => {
        const m = /^\{\{item\.([-A-Za-z0-9_]+)\}\}$/.exec(a.value);
        if (m === null) problems.push(`unexpected fan-out argument ${a.value}`);
        return [a.name, String(item[m![1]!])];
      }),
    );
    const args = new Map<string, string>(say.arguments.parameters.map((a: Obj) => [a.name, substitute(a.value, point, "say arguments", problems)]));
    return run(template(wf, "say").container, args, "say", problems);
  });
}

const KNOWN = ["{{workflow.name}}", "$(HOME) $$ ${PATH} '\" \\ ; rm -rf / #", "line\nbreak\u2028\u202e{{=sprig.env('X')}}", "plain"];

describe("hostile `over` values on Argo", () => {
  it("reach the step verbatim, base64 in the items, with no tag but the target's", () => {
    const { wf } = compile(KNOWN);
    expect(documentTagProblems(wf)).toEqual([]);
    const items = template(wf, "tune-points").dag.tasks[0].withItems as Obj[];
    expect(items.length).toBe(3 * 2 * KNOWN.length);
    expect(items.slice(0, KNOWN.length).map((i) => Buffer.from(i.tag, "base64").toString("utf8"))).toEqual(KNOWN);
    const problems: string[] = [];
    const printed = printedPerPoint(wf, problems);
    expect(problems).toEqual([]);
    expect(printed).toEqual(items.map((_, i) => KNOWN[i % KNOWN.length]));
  });

  it("compares through base64 in a member gate", () => {
    const { wf } = compile(KNOWN);
    const gate = template(wf, "tune-point").dag.tasks.find((t: Obj) => t.name === "tagged");
    expect(gate.when).toBe("{{=(sprig.b64dec(inputs.parameters['tag']) != '\\u007b\\u007bworkflow.name\\u007d\\u007d')}}");
  });

  it("reach `mlp fan-in` in its spec unchanged, whether or not they hold `{{`", () => {
    for (const texts of [KNOWN, ["$(HOME) '\" \\", "x\ny"]]) {
      const ir = hostileSweep(texts);
      const { wf, contents } = compile(texts);
      const bin = mkdtempSync(join(tmpdir(), "mlp-argo-fan-in-"));
      writeFileSync(join(bin, "mlp"), '#!/bin/sh\nprintf \'%s\' "$MLP_FAN_IN_SPEC"\n');
      chmodSync(join(bin, "mlp"), 0o755);
      const fanIn = template(wf, "tune").container;
      const hasTag = texts.some((t) => t.includes("{{"));
      expect(fanIn.env.some((e: Obj) => e.name === "MLP_SCRIPT")).toBe(hasTag);
      const problems: string[] = [];
      const printed = run(fanIn, new Map(), "fan-in", problems, `${bin}:/usr/bin:/bin`);
      expect(problems).toEqual([]);
      expect(JSON.parse(printed)).toEqual(defaultFanInSpec(pipelineView(validIr(ir).pipelines[0]!), "tune", ir.pipelines[0]!.params));
      expect(contents).not.toContain("rm -rf");
    }
  });

  it("random hostile texts (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostileText, { minLength: 1, maxLength: 3 }), (texts) => {
        const { wf } = compile(texts);
        expect(documentTagProblems(wf)).toEqual([]);
        const problems: string[] = [];
        const printed = printedPerPoint(wf, problems);
        expect(problems).toEqual([]);
        expect(printed).toEqual(printed.map((_, i) => texts[i % texts.length]));
      }),
      { numRuns: 5, seed: 1515 },
    );
  });

  it("catches items that carry the raw text (mutation check)", () => {
    const { wf } = compile(KNOWN);
    for (const item of template(wf, "tune-points").dag.tasks[0].withItems as Obj[]) item.tag = Buffer.from(item.tag, "base64").toString("utf8");
    const problems: string[] = [];
    const printed = printedPerPoint(wf, problems);
    expect(problems.length > 0 || printed.some((p, i) => p !== KNOWN[i % KNOWN.length])).toBe(true);
  });

  it("catches a fan-in spec placed in a container unencoded (mutation check)", () => {
    const { wf } = compile(KNOWN);
    const fanIn = template(wf, "tune").container;
    const encoded = fanIn.env.find((e: Obj) => e.name === "MLP_SCRIPT").value as string;
    fanIn.args = [Buffer.from(encoded, "base64").toString("utf8")];
    const problems: string[] = [];
    run(fanIn, new Map(), "fan-in", problems);
    expect(problems.some((p) => p.includes("Argo would read a template tag"))).toBe(true);
  });
});
