/**
 * Property (issue #13, deliver 1): random hostile text — `$`, `$(`, `$$`, `{{`, `${{`, quotes,
 * line breaks, bidi controls… — in a step's command, a literal input, a string param's default,
 * an env value and a `to command` deploy reaches the container verbatim.
 *
 * Each emitted file passes `checkFile` (YAML 1.1 and 1.2 agree, the Argo schema). Then the path
 * to the container is emulated: workflow parameters (a ConfigMap for values Argo would read as
 * tags), the task's `{{=sprig.b64enc(workflow.parameters['x'])}}` argument, the template's
 * `{{inputs.parameters.x}}`; any other `{{` left in a container's args or env is a failure, since
 * Argo would substitute it. The kubelet's `$(VAR)` expansion follows (`kubeletView`; a secret's
 * value showing up is a failure), and the container's `sh -c` runs in a real `sh`, which must
 * print the text exactly. Mutation check: the same output with `$$` turned back into `$` (the
 * emitter before `kubeLiteral`) is caught.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EmittedFile } from "../../../src/target/target.js";
import { deployName, expectedDeployOutput, expectedStepOutput, hostileIr, hostileText, stepName } from "../hostile-text.js";
import { checkFile, kubeletView, runArgo } from "./helpers.js";

type Obj = Record<string, any>;

/** The values of the workflow's parameters, read from the ConfigMap where the target put them there. */
function workflowParameters(docs: Obj[]): Map<string, string> {
  const wf = docs.find((d) => d.kind === "WorkflowTemplate" || d.kind === "Workflow")!;
  const configMaps = new Map<string, Obj>(docs.filter((d) => d.kind === "ConfigMap").map((d) => [d.metadata.name, d.data]));
  const values = new Map<string, string>();
  for (const p of wf.spec.arguments?.parameters ?? []) {
    if (p.value !== undefined) values.set(p.name, String(p.value));
    else values.set(p.name, String(configMaps.get(p.valueFrom.configMapKeyRef.name)?.[p.valueFrom.configMapKeyRef.key]));
  }
  return values;
}

/** A task argument's value as Argo computes it; only the forms the target writes are known. */
function argumentValue(value: string, params: Map<string, string>, problems: string[]): string {
  const b64 = /^\{\{=sprig\.b64enc\(workflow\.parameters\['([A-Za-z0-9_-]+)'\]\)\}\}$/.exec(value);
  if (b64) return Buffer.from(params.get(b64[1]!) ?? "", "utf8").toString("base64");
  if (!value.includes("{{")) return value;
  problems.push(`unexpected task argument ${value}`);
  return value;
}

/** `s` after Argo substitutes the template's inputs; any other tag is a problem. */
function substituteInputs(s: string, inputs: Map<string, string>, where: string, problems: string[]): string {
  const out = s.replace(/\{\{inputs\.parameters\.([A-Za-z0-9_-]+)\}\}/g, (_, name: string) => inputs.get(name) ?? "");
  if (out.includes("{{")) problems.push(`${where}: Argo would read a template tag in ${JSON.stringify(s)}`);
  return out;
}

/** Runs template `name`'s container as Argo and the kubelet would; returns what it printed. */
function runContainer(wf: Obj, params: Map<string, string>, name: string, problems: string[]): string {
  const task = wf.spec.templates.find((t: Obj) => t.name === "mlp-dag").dag.tasks.find((t: Obj) => t.template === name);
  const inputs = new Map<string, string>((task.arguments?.parameters ?? []).map((p: Obj) => [p.name, argumentValue(String(p.value), params, problems)]));
  const template = wf.spec.templates.find((t: Obj) => t.name === name);
  const raw = template.container as Obj;
  const container = kubeletView({
    ...raw,
    args: (raw.args ?? []).map((a: string) => substituteInputs(a, inputs, `${name} args`, problems)),
    env: (raw.env ?? []).map((e: Obj) => (e.value === undefined ? e : { ...e, value: substituteInputs(e.value, inputs, `${name} env ${e.name}`, problems) })),
  });
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value === undefined) continue;
    if (e.value.includes("<secret ")) problems.push(`${name} env ${e.name}: the kubelet put a secret in ${JSON.stringify(e.value)}`);
    env[e.name] = e.value;
  }
  for (const a of container.args) if (a.includes("<secret ")) problems.push(`${name} args: the kubelet put a secret in ${JSON.stringify(a)}`);
  expect(container.command).toEqual(["sh", "-c"]);
  const r = spawnSync("sh", ["-c", ...container.args], {
    cwd: mkdtempSync(join(tmpdir(), "mlp-argo-verbatim-")),
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", ...env },
    encoding: "utf8",
  });
  if (r.status !== 0) problems.push(`${name} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every way `files` fail to deliver `texts` verbatim (empty when they do). */
function verbatimProblems(files: readonly EmittedFile[], texts: readonly string[]): string[] {
  const problems: string[] = [];
  const docs = files.flatMap((f) => checkFile(f)) as Obj[];
  const wf = docs.find((d) => d.kind === "WorkflowTemplate" || d.kind === "Workflow")!;
  const params = workflowParameters(docs);
  texts.forEach((text, i) => {
    const step = runContainer(wf, params, stepName(i), problems);
    if (step !== expectedStepOutput(text)) problems.push(`${stepName(i)} printed ${JSON.stringify(step)}, not ${JSON.stringify(expectedStepOutput(text))}`);
    const deploy = runContainer(wf, params, `deploy-${deployName(i)}`, problems);
    if (deploy !== expectedDeployOutput(text)) problems.push(`deploy-${deployName(i)} printed ${JSON.stringify(deploy)}`);
  });
  return problems;
}

function compile(texts: readonly string[]): readonly EmittedFile[] {
  const out = runArgo(hostileIr(texts));
  expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return out.files;
}

const KNOWN_BAD = ["$(api_token) $$ $(MLP_RUN_ID) $$$$ ${HOME} %s ' \" \\ \n\u2028\u202e", "{{workflow.name}} $(api_token) ${{ x }}"];

describe("argo target: hostile text reaches the container verbatim", () => {
  it("known hostile texts, with and without `{{` (base64 transport and plain args)", () => {
    expect(verbatimProblems(compile(KNOWN_BAD), KNOWN_BAD)).toEqual([]);
  });

  it("random hostile texts (property)", () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 4 }), (texts) => {
        expect(verbatimProblems(compile(texts), texts)).toEqual([]);
      }),
      { numRuns: 10, seed: 1313 },
    );
  });

  it("catches an emitter that does not double `$` for the kubelet (mutation check)", () => {
    const files = compile(KNOWN_BAD);
    const mutated = files.map((f) => ({ ...f, contents: f.contents.split("$$").join("$") }));
    expect(mutated[0]!.contents).not.toBe(files[0]!.contents);
    const problems = verbatimProblems(mutated, KNOWN_BAD);
    expect(problems.some((p) => p.includes("the kubelet put a secret"))).toBe(true);
    expect(problems.some((p) => p.includes(`${stepName(0)} printed`))).toBe(true);
  });

  it("catches a `{{` that reaches a container unencoded (mutation check)", () => {
    const files = compile(["{{workflow.name}}"]);
    // Decode the base64 transport and put the script back into args, as an emitter without it would.
    const docs = files.flatMap((f) => checkFile(f)) as Obj[];
    const wf = docs.find((d) => d.kind === "WorkflowTemplate")!;
    const t = wf.spec.templates.find((x: Obj) => x.name === stepName(0));
    const encoded = t.container.env.find((e: Obj) => e.name === "MLP_SCRIPT").value as string;
    t.container.args = [Buffer.from(encoded, "base64").toString("utf8")];
    const problems: string[] = [];
    runContainer(wf, workflowParameters(docs), stepName(0), problems);
    expect(problems.some((p) => p.includes("Argo would read a template tag"))).toBe(true);
  });
});
