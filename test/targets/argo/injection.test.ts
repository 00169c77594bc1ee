/**
 * Hostile values (`test/fixtures/ir/injection.ir.json` and generated ones) cannot become Argo
 * template tags, YAML structure or shell code, and each arrives verbatim where it is used:
 * annotations and ConfigMap data read back equal; env values equal; values that contain `{{`
 * travel base64-encoded and a real `sh` decodes them back to the same bytes; placeholders'
 * shell words evaluate, in a real `sh`, to exactly the value.
 */
import { execFileSync } from "node:child_process";
import { posix, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IrCommandPart, IrDocument, IrPipeline, IrStep } from "../../../src/ir/ir.js";
import { shellQuote } from "../../../targets/argo/safe-text.js";
import { documentTagProblems, tagProblems } from "./argo-tags.js";
import { checkFile, kubeletView, readIr, runArgo } from "./helpers.js";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/ir/injection.ir.json");

/** Runs `script` in `sh` with `env` and returns its stdout. */
function sh(script: string, env: Record<string, string> = {}): string {
  return execFileSync("sh", ["-c", script], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, encoding: "utf8" });
}

function docsOf(ir: IrDocument) {
  const out = runArgo(ir);
  expect(out.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(out.diagnostics.map((d) => [d.code, d.message]))).toEqual([]);
  return new Map(out.files.map((f) => [f.path, checkFile(f)[0]! as Record<string, any>]));
}

/** The Workflow or WorkflowTemplate of the output. */
function workflowOf(docs: Map<string, Record<string, any>>): Record<string, any> {
  return [...docs.values()].find((d) => d.kind === "Workflow" || d.kind === "WorkflowTemplate")!;
}

function templateOf(wf: Record<string, any>, name: string): Record<string, any> {
  return wf.spec.templates.find((t: any) => t.name === name);
}

/** The script a container runs: decoded from `MLP_SCRIPT` when the target encoded it. */
function scriptOf(container: Record<string, any>): string {
  const encoded = (container.env ?? []).find((e: any) => e.name === "MLP_SCRIPT");
  if (encoded === undefined) return container.args[0];
  expect(container.args).toEqual([`eval "$(printf '%s' "$MLP_SCRIPT" | base64 -d)"`]);
  // Decode with the container's own mechanism, in a real shell.
  return sh(`printf '%s' "$MLP_SCRIPT" | base64 -d`, { MLP_SCRIPT: encoded.value });
}

/** Checks every placement of `step`'s hostile values in the emitted template. */
function checkStep(wf: Record<string, any>, step: IrStep, pipeline: IrPipeline, root: string): void {
  const t = templateOf(wf, step.name);
  const container = kubeletView(t.container);
  const env = new Map<string, any>((container.env ?? []).map((e: any) => [e.name, e]));
  const script = scriptOf(container);
  const command = expectedCommand(step, pipeline, root);
  const head = "set -e\nmkdir -p /tmp/mlp-out /tmp/mlp-work\n";
  expect(script.startsWith(head)).toBe(true);
  expect(script.endsWith(`\n${command.text}\n`)).toBe(true);
  const prelude = [script.slice(head.length, script.length - command.text.length - 1)];

  // Env values: plain ones verbatim in `env`; ones Argo would read as tags are exported by the script.
  for (const [key, value] of Object.entries(step.env)) {
    if (value.includes("{{")) {
      expect(env.has(key)).toBe(false);
      expect(sh(`${prelude.join("\n")}\nprintf '%s' "$${key}"`, stringInputEnv(step, pipeline))).toBe(value);
    } else expect(env.get(key)).toEqual({ name: key, value });
  }
  // String params arrive base64-encoded (as `sprig.b64enc` yields) and the prelude decodes them.
  for (const input of step.inputs) {
    if (input.binding.kind === "param" && input.type.kind === "string") {
      const value = paramDefault(pipeline, input.binding.param);
      expect(sh(`${prelude.join("\n")}\nprintf '%s' "$MLP_IN_${input.name}"`, stringInputEnv(step, pipeline))).toBe(value);
      expect(env.get(`MLP_IN_B64_${input.name}`)).toEqual({ name: `MLP_IN_B64_${input.name}`, value: `{{inputs.parameters.${input.name}}}` });
    }
  }
  // Each placeholder's shell word evaluates, in a real shell, to exactly its value.
  for (const w of command.words) {
    if (w.value !== undefined) expect(sh(`printf '%s' ${w.word}`, stringInputEnv(step, pipeline, true))).toBe(w.value);
  }
}

/** The run text with each placeholder replaced by the shell word the target must write. */
function expectedCommand(step: IrStep, pipeline: IrPipeline, root: string): { text: string; words: { word: string; value?: string }[] } {
  let text = "";
  const words: { word: string; value?: string }[] = [];
  for (const part of step.run!.parts) {
    if (part.kind === "text") text += part.text;
    else {
      const w = wordFor(step, part, pipeline, root);
      words.push(w);
      text += w.word;
    }
  }
  return { text, words };
}

function paramDefault(p: IrPipeline, name: string): string {
  return String(p.params.find((x) => x.name === name)!.default);
}

/** The environment Argo would give the container for string params (base64 of the default). */
function stringInputEnv(step: IrStep, p: IrPipeline, decoded = false): Record<string, string> {
  const env: Record<string, string> = {};
  for (const input of step.inputs) {
    if (input.binding.kind === "param" && input.type.kind === "string") {
      const value = paramDefault(p, input.binding.param);
      if (decoded) env[`MLP_IN_${input.name}`] = value;
      else env[`MLP_IN_B64_${input.name}`] = Buffer.from(value, "utf8").toString("base64");
    }
  }
  return env;
}

function wordFor(step: IrStep, part: Exclude<IrCommandPart, { kind: "text" }>, p: IrPipeline, root: string): { word: string; value?: string } {
  if (part.kind === "output") return { word: `/tmp/mlp-out/${part.name}`, value: `/tmp/mlp-out/${part.name}` };
  if (part.kind === "builtin") return { word: part.name === "metrics" ? "/tmp/mlp-metrics.json" : part.name === "workdir" ? "/tmp/mlp-work" : '"$MLP_RUN_ID"' };
  const input = step.inputs.find((i) => i.name === part.name)!;
  const b = input.binding;
  if (b.kind === "literal") return { word: shellQuote(String(b.value)), value: String(b.value) };
  if (b.kind === "dataset") {
    // Relative to the .mlp file's directory, which is `root` inside the repository at source_dir.
    const uri = p.datasets.find((d) => d.name === b.dataset)!.uri;
    const path = uri.startsWith("/") ? uri : posix.join("/workspace", root, uri);
    return { word: shellQuote(path), value: path };
  }
  if (b.kind === "param" || b.kind === "expr") {
    return { word: `"$MLP_IN_${input.name}"`, ...(b.kind === "param" && input.type.kind === "string" ? { value: paramDefault(p, b.param) } : {}) };
  }
  return { word: `/tmp/mlp-in/${input.name}`, value: `/tmp/mlp-in/${input.name}` };
}

/** Every check of this file on one IR. */
function checkAll(ir: IrDocument): void {
  const docs = docsOf(ir);
  const p = ir.pipelines[0]!;
  for (const [path, doc] of docs) {
    if (doc.kind === "ConfigMap") continue;
    expect(documentTagProblems(doc), path).toEqual([]);
    if (p.description !== undefined) expect(doc.metadata.annotations["workflows.argoproj.io/description"]).toBe(p.description);
  }
  const wf = workflowOf(docs);
  const cm = [...docs.values()].find((d) => d.kind === "ConfigMap");
  for (const param of p.params) {
    const arg = wf.spec.arguments.parameters.find((x: any) => x.name === param.name);
    const text = String(param.default);
    if (text.includes("{{")) {
      expect(arg.valueFrom.configMapKeyRef.key).toBe(param.name);
      expect(cm!.data[param.name]).toBe(text);
      expect(arg.value).toBeUndefined();
    } else expect(arg.value).toBe(text);
  }
  for (const step of p.steps) if (step.run !== undefined) checkStep(wf, step, p, ir.root);
  for (const d of p.deploys) {
    if (d.to.kind !== "command") continue;
    const script = scriptOf(kubeletView(templateOf(wf, `deploy-${d.name}`).container));
    expect(script).toBe(`set -e\nMLP_MODEL=/tmp/mlp-in/model; export MLP_MODEL\nMLP_ENVIRONMENT=${d.name}; export MLP_ENVIRONMENT\n${String(d.to.options.command)}\n`);
  }
}

describe("argo target: injection", () => {
  it("keeps the hostile fixture's values inert and verbatim", () => {
    checkAll(readIr(FIXTURE));
  });

  it("never lets a hostile value into a template field", () => {
    const ir = readIr(FIXTURE);
    const wf = workflowOf(docsOf(ir));
    const text = JSON.stringify(wf.spec);
    for (const needle of ["{{ workflow.name }}", "{{ inputs.parameters.x }}", "{{x}}", "${{ github.token }}", "!!python/object", "rm -rf"]) {
      expect(text.includes(needle), needle).toBe(false);
    }
  });

  it("the tag auditor catches a tag the target did not write (negative control)", () => {
    expect(tagProblems("echo {{ workflow.name }}")).toHaveLength(1);
    expect(tagProblems("{{=sprig.env('HOME')}}")).toHaveLength(1);
    expect(tagProblems('{{=workflow.parameters["x"]}}')).toHaveLength(1);
    expect(tagProblems("a {{ b")).toHaveLength(1);
    expect(tagProblems("{{=asFloat(workflow.parameters['x'])}} and {{workflow.name}}")).toEqual([]);
  });

  it("keeps generated hostile values inert and verbatim (property)", () => {
    const pieces = ["{{", "}}", "{{=", "${{", "{%", "'", '"', "\\", "\n", ": ", "#", "&a", "*a", "!!python/object", "$(id)", "`id`", ";", "é", "—", "\u2028", "\u0085", "\t", " ", "x", "?", ":"];
    const hostile = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((a) => a.join(""));
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (description, envValue, literal, paramDefault) => {
        const ir = readIr(FIXTURE);
        const p = ir.pipelines[0] as any;
        p.description = description;
        p.params[0].default = paramDefault;
        const step = p.steps[0];
        step.env = { GREETING: envValue, PLAIN: "hello" };
        step.inputs.find((i: any) => i.name === "label").binding.value = literal;
        checkAll(ir);
      }),
      { numRuns: 12 },
    );
  });
});

describe("argo target: the kubelet's $(VAR) expansion", () => {
  it("leaves `$(secret)` and `$$` in a command as written, so no secret's value reaches the text", () => {
    const ir = readIr("test/fixtures/ir/churn.ir.json") as any;
    const step = ir.pipelines[0].steps.find((s: any) => s.name === "prepare");
    step.secrets = ["warehouse_token"];
    step.run = { template: "echo '$(warehouse_token)' $$ $(MLP_RUN_ID)", parts: [{ kind: "text", text: "echo '$(warehouse_token)' $$ $(MLP_RUN_ID)" }] };
    const wf = workflowOf(docsOf(ir));
    const raw = templateOf(wf, "prepare").container;
    // The secret is in the container's env, so without escaping the kubelet would substitute it.
    expect(raw.env.some((e: any) => e.name === "warehouse_token" && e.valueFrom !== undefined)).toBe(true);
    const seen = scriptOf(kubeletView(raw));
    expect(seen).toContain("echo '$(warehouse_token)' $$ $(MLP_RUN_ID)");
    expect(seen).not.toContain("<secret");
    // Unescaped, the same text would have leaked: the check above can fail.
    expect(kubeletView({ ...raw, args: ["echo '$(warehouse_token)'"] }).args[0]).toBe("echo '<secret warehouse_token>'");
  });
});
