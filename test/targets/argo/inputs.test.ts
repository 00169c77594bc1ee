/**
 * Input wiring beyond the churn example: computed (expression) inputs, string values, remote
 * datasets as artifacts, the git checkout of `source_repo`, and `to command` deploys; each output
 * still valid against the Argo schema.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { IrDocument } from "../../../src/ir/ir.js";
import { checkFile, kubeletView, readIr, runArgo } from "./helpers.js";
import { documentTagProblems } from "./argo-tags.js";

const CHURN = resolve(import.meta.dirname, "../../fixtures/ir/churn.ir.json");

function emitChurn(edit: (ir: any) => void, options?: Record<string, unknown>) {
  const ir = readIr(CHURN) as any;
  edit(ir);
  const out = runArgo(ir as IrDocument, options);
  expect(out.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(out.diagnostics.map((d) => [d.code, d.message]))).toEqual([]);
  const wt = out.files.map((f) => checkFile(f)[0]! as any).find((d) => d.kind === "WorkflowTemplate");
  expect(documentTagProblems(wt)).toEqual([]);
  const tasks = wt.spec.templates[0].dag.tasks as any[];
  return { wt, task: (n: string) => tasks.find((t) => t.name === n), template: (n: string) => wt.spec.templates.find((t: any) => t.name === n) };
}

describe("argo target: inputs", () => {
  it("evaluates computed inputs as typed expression arguments", () => {
    const { task, template } = emitChurn((ir) => {
      const lr = ir.pipelines[0].steps[2].inputs[1];
      lr.binding = {
        kind: "expr",
        expr: { kind: "binary", type: { kind: "float" }, op: "*", left: { kind: "param", type: { kind: "float" }, name: "learning_rate" }, right: { kind: "literal", type: { kind: "int" }, value: 2 } },
      };
    });
    const lr = "(asFloat(workflow.parameters['learning_rate']) * 2)";
    // JSON number text, or Infinity/-Infinity/NaN from `%v` when arithmetic is not finite (test/expr runs it)
    expect(task("train").arguments.parameters[0]).toEqual({
      name: "lr",
      value: `{{=sprig.default(sprig.trimPrefix('+', sprig.replace('Inf', 'Infinity', sprig.toString(${lr}))), sprig.toJson(${lr} + 0.0))}}`,
    });
    expect(template("train").container.env[0]).toEqual({ name: "MLP_IN_lr", value: "{{inputs.parameters.lr}}" });
  });

  it("carries string expressions base64-encoded and escapes their literals", () => {
    const { task, template } = emitChurn((ir) => {
      const p = ir.pipelines[0];
      p.params.push({ name: "tag", type: { kind: "string" }, default: "v1", origin: p.origin });
      p.steps[2].inputs.push({
        name: "label",
        type: { kind: "string" },
        binding: { kind: "expr", expr: { kind: "binary", type: { kind: "string" }, op: "+", left: { kind: "param", type: { kind: "string" }, name: "tag" }, right: { kind: "literal", type: { kind: "string" }, value: "'}}{{=x" } } },
      });
    });
    expect(task("train").arguments.parameters[2]).toEqual({
      name: "label",
      value: "{{=sprig.b64enc((workflow.parameters['tag'] + '\\u0027\\u007d\\u007d\\u007b\\u007b=x'))}}",
    });
    expect(template("train").container.env).toContainEqual({ name: "MLP_IN_B64_label", value: "{{inputs.parameters.label}}" });
  });

  it("reads remote datasets as input artifacts", () => {
    const { template } = emitChurn((ir) => {
      ir.pipelines[0].datasets[0].uri = "s3://ml-data/churn/raw.csv";
      ir.pipelines[0].datasets[1].uri = "https://example.com/ref.csv";
    });
    expect(template("prepare").inputs.artifacts).toEqual([{ name: "data", path: "/tmp/mlp-in/data", s3: { bucket: "ml-data", key: "churn/raw.csv" } }]);
    expect(template("profile").inputs.artifacts).toEqual([
      { name: "current", path: "/tmp/mlp-in/current", s3: { bucket: "ml-data", key: "churn/raw.csv" } },
      { name: "reference", path: "/tmp/mlp-in/reference", http: { url: "https://example.com/ref.csv" } },
    ]);
  });

  it("checks the project out of git when `source_repo` is set", () => {
    const { template } = emitChurn(() => {}, { source_repo: "https://github.com/acme/churn.git", source_revision: "v1.2.0", source_dir: "/src" });
    expect(template("evaluate").inputs.artifacts).toContainEqual({ name: "mlp-source", path: "/src", git: { repo: "https://github.com/acme/churn.git", revision: "v1.2.0" } });
    // The checkout is the repository; the step runs in the .mlp file's directory inside it.
    expect(template("evaluate").container.workingDir).toBe("/src/test/fixtures");
  });

  it("runs `to command` deploys and records them for `deployed(env)`", () => {
    const { task, template } = emitChurn((ir) => {
      ir.pipelines[0].deploys[1].to = { kind: "command", options: { command: "./ship.sh \"$MLP_MODEL\"", image: "alpine:3.20" } };
    });
    expect(template("deploy-production").container.image).toBe("alpine:3.20");
    expect(kubeletView(template("deploy-production").container).args[0]).toContain('./ship.sh "$MLP_MODEL"');
    expect(task("record-production").depends).toBe("deploy-production.Succeeded");
    expect(template("record-production").resource.manifest).toContain("name: mlp-churn-production");
    expect(kubeletView(template("deployed-production").container).args[0]).toContain("kubectl get configmap mlp-churn-production -n ml --ignore-not-found");
  });
});
